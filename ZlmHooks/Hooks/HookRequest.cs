using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlmHooks.Hooks;

/// <summary>What every hook body carries: which server sent it, and its per-process call counter.
/// Request properties have setters, not <c>init</c>: the source-generated reader fills settable
/// properties on its fast path, and reads a type with init-only ones through its constructor-argument
/// path, which made parsing the largest cost of a warm on_play (docs/benchmarks.md).</summary>
public abstract record HookRequest
{
    [JsonPropertyName("mediaServerId")] public string? MediaServerId { get; set; }

    /// <summary>Renumbered on every retry: never an idempotency key (see the hook contract).</summary>
    [JsonPropertyName("hook_index")] public long? HookIndex { get; set; }

    /// <summary>Fields this version of MediaServer sends that the types below do not name; kept for
    /// consumers that forward the whole payload (events, recording metadata).</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>A reason this body cannot be acted on, or null. Called after parsing.</summary>
    public virtual string? Validate() => null;

    protected static string? Require(string? value, string field) =>
        string.IsNullOrEmpty(value) ? $"missing required field '{field}'" : null;
}
