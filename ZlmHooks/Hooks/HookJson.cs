using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlmHooks.Hooks;

/// <summary>
/// The JSON every hook body and reply is read and written with: lenient about the scalar spellings
/// MediaServer's versions use, nulls left out of replies. Each feature's source-generated context is
/// created with <see cref="CreateOptions"/>, so all hooks read alike; this one holds the shared reply.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HookReply))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
public sealed partial class HookJson : JsonSerializerContext
{
    /// <summary>The replies' context: <see cref="CreateOptions"/>, so a reason reads as written.</summary>
    public static HookJson Replies { get; } = new(CreateOptions());

    /// <summary>Options for a feature's hook context: <c>new MyHookJson(HookJson.CreateOptions())</c>.</summary>
    public static JsonSerializerOptions CreateOptions() => new()
    {
        // Replies go to MediaServer and operators' terminals, never into HTML: "rule 'viewers'"
        // rather than "rule \u0027viewers\u0027". Quotes, backslashes and control characters are
        // still escaped, so the JSON stays valid.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // MediaServer (jsoncpp) writes strict JSON: comments, trailing commas and a key given twice
        // are someone else's body, and a duplicate key could make two readers see two requests.
        ReadCommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
        Converters = { new LenientStringConverter(), new LenientInt64Converter(), new LenientInt32Converter(), new LenientDoubleConverter(), new LenientBooleanConverter() },
    };
}
