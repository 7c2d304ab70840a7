namespace ZlmHooks.AccessRules;

/// <summary>What a rule applies to: access actions, and the stream policies that share the rule table.</summary>
public static class RuleActions
{
    public const string Publish = "publish";
    public const string Play = "play";
    public const string Http = "http";

    /// <summary>Not access: what on_stream_none_reader answers for the streams a rule matches.</summary>
    public const string Idle = "idle";

    /// <summary>Not access: where on_stream_not_found pulls a missing stream from.</summary>
    public const string Pull = "pull";
}
