namespace ZlmHooks.Hooks;

/// <summary>What else <see cref="Redaction"/> removes (<c>ZlmHooks__Events__RedactKeys</c>: documented
/// with the events, which forward most payloads).</summary>
public sealed class RedactionOptions
{
    /// <summary>More keys (comma-separated, case-insensitive) whose values are redacted.</summary>
    public string? RedactKeys { get; set; }
}
