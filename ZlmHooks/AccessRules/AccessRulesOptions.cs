namespace ZlmHooks.AccessRules;

/// <summary>How access decisions are made and cached (<c>ZlmHooks__AccessRules__*</c>).</summary>
public sealed class AccessRulesOptions
{
    /// <summary>How long a rule, token or user read from the table is reused without reading again.</summary>
    public double CacheSeconds { get; set; } = 5;

    /// <summary>When the table cannot be read, how old a cached read may be and still decide.</summary>
    public double GraceSeconds { get; set; } = 300;

    /// <summary>The longest a decision waits for the table (MediaServer's hook.timeoutSec is 10 s).</summary>
    public int BudgetMilliseconds { get; set; } = 2000;

    /// <summary>What happens when no rule matches, per action.</summary>
    public NoRuleDecisions NoRule { get; set; } = new();

    /// <summary>on_http_access: seconds MediaServer may reuse an allow when the rule does not say.</summary>
    public int HttpCacheSeconds { get; set; } = 600;

    /// <summary>Keys for signed URLs by key id (<c>ZlmHooks__AccessRules__SigningKeys__&lt;kid&gt;</c>),
    /// base64, at least 32 bytes. In Azure, Key Vault references. Never stored in a table.</summary>
    public Dictionary<string, string> SigningKeys { get; set; } = new(StringComparer.Ordinal);

    public TimeSpan FreshFor => TimeSpan.FromSeconds(CacheSeconds);
    public TimeSpan Grace => TimeSpan.FromSeconds(GraceSeconds);
}
