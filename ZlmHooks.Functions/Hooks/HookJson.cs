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
    /// <summary>Options for a feature's hook context: <c>new MyHookJson(HookJson.CreateOptions())</c>.</summary>
    public static JsonSerializerOptions CreateOptions() => new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // MediaServer (jsoncpp) writes strict JSON: comments, trailing commas and a key given twice
        // are someone else's body, and a duplicate key could make two readers see two requests.
        ReadCommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
        Converters = { new LenientStringConverter(), new LenientInt64Converter(), new LenientInt32Converter(), new LenientDoubleConverter(), new LenientBooleanConverter() },
    };
}
