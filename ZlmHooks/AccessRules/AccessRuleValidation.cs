using System.Text.RegularExpressions;

namespace ZlmHooks.AccessRules;

/// <summary>Checks a rule before it is saved, so a typo never becomes a rule that silently never matches.</summary>
public static partial class AccessRuleValidation
{
    public static string? Problem(AccessRule rule)
    {
        if (!IdFormat().IsMatch(rule.Id)) return $"rule id '{rule.Id}': use letters, digits, '-', '_' or '.' (1-64)";
        if (rule.Action is not (RuleActions.Publish or RuleActions.Play or RuleActions.Http or RuleActions.Idle or RuleActions.Pull))
            return $"action '{rule.Action}': must be publish, play, http, idle or pull";
        if (rule.Action == RuleActions.Idle && rule.Close is null) return "an idle rule needs close (true or false)";
        if (rule.Action != RuleActions.Idle && rule.Close is not null) return "close is for idle rules only";
        if (rule.Action == RuleActions.Pull && (rule.SourceUrl is null || !Uri.TryCreate(rule.SourceUrl.Replace("$", "x", StringComparison.Ordinal), UriKind.Absolute, out _)))
            return "a pull rule needs an absolute source URL (rtsp://, rtmp://, http://...)";
        if (rule.Action != RuleActions.Pull && (rule.SourceUrl is not null || rule.PullOptions is not null)) return "sourceUrl and pullOptions are for pull rules only";
        if (rule.Action == RuleActions.Http)
        {
            if (string.IsNullOrEmpty(rule.Path) || !rule.Path.StartsWith('/')) return "an http rule needs a path starting with '/' (a folder ends with '/')";
        }
        else
        {
            if (rule.Path is not null) return "path is for http rules only";
            if (rule.Vhost != Pattern.Any && !Pattern.IsExact(rule.Vhost)) return "vhost must be exact or '*' (no prefix)";
            var pattern = Pattern.Problem(rule.Vhost, "vhost") ?? Pattern.Problem(rule.App, "app") ?? Pattern.Problem(rule.Stream, "stream");
            if (pattern is not null) return pattern;
        }
        if (rule.Effect == RuleEffect.Credential && rule.Credentials == CredentialKinds.None)
            return "effect credential needs at least one credential kind (token, signedurl, rtsplogin, jwt)";
        if (rule.Effect != RuleEffect.Credential && rule.Credentials != CredentialKinds.None)
            return "credentials are only read when the effect is credential";
        if (rule.Credentials.HasFlag(CredentialKinds.RtspLogin) && string.IsNullOrWhiteSpace(rule.Realm))
            return "an RTSP login needs a realm";
        if (rule.Credentials.HasFlag(CredentialKinds.RtspLogin) && rule.Action != RuleActions.Play)
            return "RTSP login applies to play rules only (ZLMediaKit asks for a realm only when a player connects)";
        if (rule.Credentials.HasFlag(CredentialKinds.Jwt) && rule.Action == RuleActions.Http)
            return "JWTs apply to publish and play rules (a file fetch carries no query MediaServer passes on)";
        if (rule.Options is not null && rule.Action != RuleActions.Publish) return "protocol options are for publish rules only";
        if (rule.NotBefore is { } from && rule.NotAfter is { } to && to <= from) return "notAfter must be later than notBefore";
        foreach (var range in rule.IpRanges ?? [])
            if (!ClientAddress.TryParseRange(range, out _))
                return $"'{range}' is not an IP address or CIDR range with its host bits zero (10.0.0.0/8, 2001:db8::/32)";
        if (rule.CacheSeconds is < 0) return "cacheSeconds cannot be negative";
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdFormat();
}
