using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Streams;

/// <summary><c>close</c> true refuses the waiting player at once instead of letting it wait.</summary>
public sealed record StreamNotFoundReply : HookReply
{
    [JsonPropertyName("close")] public bool Close { get; init; }
}
