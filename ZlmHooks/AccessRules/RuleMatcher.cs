namespace ZlmHooks.AccessRules;

/// <summary>
/// Picks the rule that decides: among the rules whose every condition holds, the most specific.
/// Specificity, compared in this order: stream (exact, then longer prefix, then '*'), app, vhost,
/// path length (http rules), a mediaServerId condition, then how many other conditions it has
/// (schemas, protocols, IP ranges, validity window). Ties go to the stricter effect
/// (deny, then credential, then allow) and then to the smaller rule id, so the answer never
/// depends on storage order.
/// </summary>
public static class RuleMatcher
{
    public static AccessRule? Decide(IReadOnlyList<AccessRule> candidates, AccessQuery query)
    {
        AccessRule? best = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var rule = candidates[i];
            if (!Applies(rule, query)) continue;
            if (best is null || Compare(rule, best) > 0) best = rule;
        }
        return best;
    }

    public static bool Applies(AccessRule rule, AccessQuery query)
    {
        if (rule.Action != query.Action) return false;
        if (rule.Action == RuleActions.Http)
        {
            if (query.Path is null || rule.Path is null) return false;
            var covers = rule.Path.EndsWith('/') ? Covers(rule.Path, query.Path) : query.Path == rule.Path;
            if (!covers) return false;
        }
        else if (!Pattern.Matches(rule.Vhost, query.Vhost) || !Pattern.Matches(rule.App, query.App) || !Pattern.Matches(rule.Stream, query.Stream))
        {
            return false;
        }
        if (rule.MediaServerId is { } server && server != query.MediaServerId) return false;
        if (rule.Schemas is { Count: > 0 } schemas && !schemas.Contains(query.Schema ?? "", StringComparer.OrdinalIgnoreCase)) return false;
        if (rule.Protocols is { Count: > 0 } protocols && !protocols.Contains(query.Protocol ?? "", StringComparer.OrdinalIgnoreCase)) return false;
        if (rule.IpRanges is { Count: > 0 } ranges && !ClientAddress.InAny(ranges, query.Ip, unreadable: rule.Effect != RuleEffect.Allow)) return false;
        if (rule.NotBefore is { } from && query.Now < from) return false;
        if (rule.NotAfter is { } to && query.Now >= to) return false;
        return true;
    }

    /// <summary>Whether a folder rule covers a path: everything below it, and the folder itself asked
    /// for without its trailing slash (MediaServer lists <c>/pub/secret</c> as it lists <c>/pub/secret/</c>).</summary>
    public static bool Covers(string folder, string path) =>
        path.StartsWith(folder, StringComparison.Ordinal)
        || (path.Length == folder.Length - 1 && folder.StartsWith(path, StringComparison.Ordinal));

    private static int Compare(AccessRule a, AccessRule b)
    {
        var c = Pattern.Specificity(a.Stream).CompareTo(Pattern.Specificity(b.Stream));
        if (c == 0) c = Pattern.Specificity(a.App).CompareTo(Pattern.Specificity(b.App));
        if (c == 0) c = Pattern.Specificity(a.Vhost).CompareTo(Pattern.Specificity(b.Vhost));
        if (c == 0) c = (a.Path?.Length ?? 0).CompareTo(b.Path?.Length ?? 0);
        if (c == 0) c = (a.MediaServerId is not null).CompareTo(b.MediaServerId is not null);
        if (c == 0) c = Conditions(a).CompareTo(Conditions(b));
        if (c == 0) c = Strictness(a.Effect).CompareTo(Strictness(b.Effect));
        if (c == 0) c = -string.CompareOrdinal(a.Id, b.Id);
        return c;
    }

    private static int Conditions(AccessRule r) =>
        (r.Schemas is { Count: > 0 } ? 1 : 0) + (r.Protocols is { Count: > 0 } ? 1 : 0) +
        (r.IpRanges is { Count: > 0 } ? 1 : 0) + (r.NotBefore is not null || r.NotAfter is not null ? 1 : 0);

    private static int Strictness(RuleEffect effect) => effect switch
    {
        RuleEffect.Deny => 2,
        RuleEffect.Credential => 1,
        _ => 0,
    };
}
