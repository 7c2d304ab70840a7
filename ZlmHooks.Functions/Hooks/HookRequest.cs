using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlmHooks.Hooks;

/// <summary>What every hook body carries: which server sent it, and its per-process call counter.</summary>
public abstract record HookRequest
{
    [JsonPropertyName("mediaServerId")] public string? MediaServerId { get; init; }

    /// <summary>Renumbered on every retry: never an idempotency key (see the hook contract).</summary>
    [JsonPropertyName("hook_index")] public long? HookIndex { get; init; }

    /// <summary>Fields this version of MediaServer sends that the types below do not name; kept for
    /// consumers that forward the whole payload (events, recording metadata).</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>A reason this body cannot be acted on, or null. Called after parsing.</summary>
    public virtual string? Validate() => null;

    protected static string? Require(string? value, string field) =>
        string.IsNullOrEmpty(value) ? $"missing required field '{field}'" : null;
}
