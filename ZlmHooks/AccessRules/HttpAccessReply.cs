using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>
/// The on_http_access answer: <c>err</c> empty admits, otherwise it is the refusal text;
/// <c>path</c> is the folder the answer covers and <c>second</c> how long MediaServer may reuse it.
/// </summary>
public sealed record HttpAccessReply : HookReply
{
    [JsonPropertyName("err")] public string Err { get; init; } = "";
    [JsonPropertyName("path")] public string Path { get; init; } = "";
    [JsonPropertyName("second")] public int Second { get; init; }
}
