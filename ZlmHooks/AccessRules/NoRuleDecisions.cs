namespace ZlmHooks.AccessRules;

/// <summary>What happens when no rule matches, per action (<c>ZlmHooks__AccessRules__NoRule__*</c>).</summary>
public sealed class NoRuleDecisions
{
    public RuleEffect Publish { get; set; } = RuleEffect.Deny;
    public RuleEffect Play { get; set; } = RuleEffect.Deny;
    public RuleEffect HttpAccess { get; set; } = RuleEffect.Deny;

    public RuleEffect For(string action) => action switch
    {
        RuleActions.Publish => Publish,
        RuleActions.Play => Play,
        _ => HttpAccess,
    };
}
