namespace ZlmHooks.AccessRules;

/// <summary>The outcome of a decision and why, for the reply's msg and the audit log.</summary>
/// <param name="CredentialScope">When a credential admitted the request: the stream pattern it covers
/// (for a file, the folder pattern: exact, <c>prefix*</c> or <c>*</c>), so on_http_access never lets
/// MediaServer reuse the answer beyond it. Null when no credential decided.</param>
public sealed record AccessDecision(bool Allowed, AccessRule? Rule, string Reason, DateTimeOffset? ValidUntil = null, string? CredentialScope = null)
{
    public string RuleId => Rule?.Id ?? "-";
}
