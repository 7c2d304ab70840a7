namespace ZlmHooks.AccessRules;

/// <summary>The outcome of a decision and why, for the reply's msg and the audit log.</summary>
public sealed record AccessDecision(bool Allowed, AccessRule? Rule, string Reason, DateTimeOffset? ValidUntil = null)
{
    public string RuleId => Rule?.Id ?? "-";
}
