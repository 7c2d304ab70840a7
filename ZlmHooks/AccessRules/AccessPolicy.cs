using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ZlmHooks.AccessRules;

/// <summary>
/// Decides publish, play and HTTP access from the rules: find the candidate rules (point reads,
/// cached), pick the most specific that applies, then allow, deny or check the client's credential.
/// Every decision finishes within the configured budget; if the rule store cannot answer in time
/// and nothing recent is cached, the answer is a denial that says so.
/// </summary>
public sealed class AccessPolicy(RuleStore rules, StreamTokens tokens, SignedUrls signedUrls, JwtCredentials jwts,
    IOptions<AccessRulesOptions> options, DecisionBudget budget, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <param name="countUse">False for "what would happen" (the admin API): a limited-use token is
    /// looked at, not used.</param>
    public async ValueTask<AccessDecision> DecideAsync(AccessQuery query, CancellationToken cancellationToken, bool countUse = true)
    {
        // Warm path: every row fresh in the cache and no credential to look up: decide without I/O.
        if (query.Action != RuleActions.Http && rules.TryCachedStreamRules(query.Action, query.Vhost, query.App, query.Stream, out var cached))
        {
            var rule = RuleMatcher.Decide(cached, query);
            if (rule is null || rule.Effect != RuleEffect.Credential)
                return await ApplyAsync(rule, query, countUse, cancellationToken);
        }
        return await DecideWithinBudgetAsync(query, countUse, cancellationToken);
    }

    private Task<AccessDecision> DecideWithinBudgetAsync(AccessQuery query, bool countUse, CancellationToken cancellationToken) =>
        budget.RunAsync(async token =>
        {
            var candidates = query.Action == RuleActions.Http
                ? await rules.HttpRulesAsync(query.Path!, token)
                : await rules.StreamRulesAsync(query.Action, query.Vhost, query.App, query.Stream, token);
            var decision = await ApplyAsync(RuleMatcher.Decide(candidates, query), query, countUse, token);
            return query.Action == RuleActions.Http && decision.Allowed ? HoldsUntil(decision, candidates, query.Now) : decision;
        }, cancellationToken);

    /// <summary>An HTTP allow holds no longer than the first start or end of a rule on the path's way:
    /// then another rule may decide (on_http_access lets MediaServer reuse it at most that long).</summary>
    private static AccessDecision HoldsUntil(AccessDecision decision, IReadOnlyList<AccessRule> candidates, DateTimeOffset now)
    {
        var until = decision.ValidUntil;
        foreach (var rule in candidates)
            foreach (var boundary in new[] { rule.NotBefore, rule.NotAfter })
                if (boundary is { } at && at > now && (until is null || at < until))
                    until = at;
        return until == decision.ValidUntil ? decision : decision with { ValidUntil = until };
    }

    /// <summary>The realm to challenge an RTSP player with: the deciding play rule's realm when it asks
    /// for an RTSP login and no other valid credential came in the URL; otherwise "" (on_play decides).</summary>
    public Task<(string Realm, AccessRule? Rule)> RtspRealmAsync(AccessQuery query, CancellationToken cancellationToken) =>
        budget.RunAsync<(string, AccessRule?)>(async token =>
        {
            var rule = RuleMatcher.Decide(await rules.StreamRulesAsync(query.Action, query.Vhost, query.App, query.Stream, token), query);
            if (rule is not { Effect: RuleEffect.Credential } || !rule.Credentials.HasFlag(CredentialKinds.RtspLogin) || rule.Realm is null)
                return ("", rule);
            // A look, not a use: on_play decides (and counts a limited-use token) next.
            if ((rule.Credentials & ~CredentialKinds.RtspLogin) != CredentialKinds.None && (await CredentialAsync(rule, query, token, countUse: false)).Allowed)
                return ("", rule);
            return (rule.Realm, rule);
        }, cancellationToken);

    private async ValueTask<AccessDecision> ApplyAsync(AccessRule? rule, AccessQuery query, bool countUse, CancellationToken cancellationToken)
    {
        if (rule is null)
        {
            var fallback = options.Value.NoRule.For(query.Action);
            return new AccessDecision(fallback == RuleEffect.Allow, null, fallback == RuleEffect.Allow
                ? $"no rule matches; {query.Action} is open by configuration"
                : $"no rule allows this {query.Action}");
        }
        return rule.Effect switch
        {
            RuleEffect.Allow => new AccessDecision(true, rule, $"allowed by rule '{rule.Id}'"),
            RuleEffect.Deny => new AccessDecision(false, rule, $"denied by rule '{rule.Id}'"),
            _ => await CredentialAsync(rule, query, cancellationToken, countUse),
        };
    }

    /// <param name="countUse">Whether an admitted limited-use token counts a use (on_publish and on_play
    /// do; on_rtsp_realm's look ahead does not).</param>
    private async ValueTask<AccessDecision> CredentialAsync(AccessRule rule, AccessQuery query, CancellationToken cancellationToken, bool countUse = true)
    {
        var url = QueryHelpers.ParseNullableQuery(query.Params);
        string? Param(string name) => url is not null && url.TryGetValue(name, out var v) ? v.ToString() : null;
        var (vhost, app, stream) = query.Action == RuleActions.Http ? ("", "", Folder(query.Path!)) : (query.Vhost, query.App, query.Stream);
        var problems = new List<string>(2);

        // A JWT comes as jwt=, or as token= when the app server already hands its players one there
        // (then token= is not also looked up as a static token).
        var presented = Param("token");
        var tokenIsJwt = false;
        string? jwt = null;
        if (rule.Credentials.HasFlag(CredentialKinds.Jwt))
        {
            jwt = Param("jwt") is { Length: > 0 } named ? named : null;
            if (jwt is null && JwtCredentials.LooksLikeJwt(presented)) (jwt, tokenIsJwt) = (presented, true);
        }
        if (jwt is not null)
        {
            var verdict = await jwts.VerifyAsync(jwt, query.Action, vhost, app, stream, cancellationToken);
            if (verdict.Valid) return new AccessDecision(true, rule, $"JWT accepted by rule '{rule.Id}'", verdict.Until, verdict.StreamScope);
            problems.Add(verdict.Reason);
        }

        if (rule.Credentials.HasFlag(CredentialKinds.Token) && !string.IsNullOrEmpty(presented) && !tokenIsJwt)
        {
            var token = await tokens.FindAsync(presented, cancellationToken);
            if (token is null) problems.Add("unknown token");
            else if (tokens.IsExpired(token)) problems.Add($"token '{token.Label}' has expired");
            else if (!token.Covers(query.Action, vhost, app, stream)) problems.Add($"token '{token.Label}' does not cover this {query.Action}");
            else if (token.Uses is null) return new AccessDecision(true, rule, $"token '{token.Label}' accepted by rule '{rule.Id}'", token.ExpiresAt, token.Stream);
            // Uses are counted for plays and publishes; an HTTP file fetch is not one, so it is not opened.
            else if (query.Action == RuleActions.Http) problems.Add($"token '{token.Label}' is limited-use and does not open files");
            // A look, not a use (on_rtsp_realm's look ahead, the admin API's "what would happen").
            else if (!countUse && (token.PerIp || token.Used < token.Uses))
                return new AccessDecision(true, rule, $"token '{token.Label}' (limited-use, {token.Used} of {token.Uses} used) accepted by rule '{rule.Id}'");
            else if (!countUse) problems.Add($"token '{token.Label}' has been used {token.Uses} time(s)");
            else
            {
                var use = await tokens.UseAsync(token, query.Ip, cancellationToken);
                if (use == StreamTokens.UseOutcome.Counted)
                    // Not cached by MediaServer: each play or publish asks again and counts.
                    return new AccessDecision(true, rule, $"limited-use token '{token.Label}' accepted by rule '{rule.Id}'", null);
                problems.Add(use == StreamTokens.UseOutcome.UsedUp
                    ? $"token '{token.Label}' has been used {(token.PerIp ? $"from {token.Uses} client addresses" : $"{token.Uses} time(s)")}"
                    : $"token '{token.Label}' is limited-use and its count cannot be updated now");
            }
        }

        if (rule.Credentials.HasFlag(CredentialKinds.SignedUrl) && Param("sign") is not null)
        {
            var verdict = signedUrls.Verify(query.Action, vhost, app, stream, Param("expires"), Param("kid"), Param("sign"), Param("ip"), query.Ip, out var until);
            if (verdict == SignedUrls.Verdict.Valid)
                return new AccessDecision(true, rule, $"signed URL accepted by rule '{rule.Id}'", until, stream);
            problems.Add(verdict switch
            {
                SignedUrls.Verdict.Expired => "signed URL has expired",
                SignedUrls.Verdict.UnknownKey => "signed URL names an unknown key",
                SignedUrls.Verdict.OtherClient => "signed URL is bound to other client addresses",
                _ => "signed URL signature does not match",
            });
        }

        if (problems.Count == 0)
        {
            var accepted = new List<string>(3);
            if (rule.Credentials.HasFlag(CredentialKinds.Token)) accepted.Add("token");
            if (rule.Credentials.HasFlag(CredentialKinds.SignedUrl)) accepted.Add("signed URL");
            if (rule.Credentials.HasFlag(CredentialKinds.Jwt)) accepted.Add("JWT");
            if (rule.Credentials.HasFlag(CredentialKinds.RtspLogin)) accepted.Add($"RTSP login (realm {rule.Realm})");
            problems.Add($"rule '{rule.Id}' requires a credential: {string.Join(" or ", accepted)}");
        }
        return new AccessDecision(false, rule, string.Join("; ", problems));
    }

    /// <summary>The folder an HTTP path is in, which is what an HTTP signed URL covers.</summary>
    public static string Folder(string path) => path[..(path.LastIndexOf('/') + 1)];
}
