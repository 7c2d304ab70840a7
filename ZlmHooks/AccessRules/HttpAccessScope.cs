using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

/// <summary>
/// What an allowed on_http_access answer lets MediaServer reuse. It keeps the answer in a cookie and,
/// for <c>second</c> seconds, serves every later URL that <em>starts with</em> the answered <c>path</c>
/// (a plain string prefix, no segment boundary) without asking again. So the path answered is the
/// wider of the file's folder and the file itself under which nothing could decide differently: no
/// other rule below it, and a credential that covers all of it (an exact folder never does: a
/// prefix also reaches its sub-folders). When neither is safe, <c>second</c> is 0 and MediaServer
/// asks for every request. docs/access-rules.md has the cases.
/// </summary>
public sealed partial class HttpAccessScope(RuleStore rules, DecisionBudget budget, ILogger<HttpAccessScope> logger)
{
    /// <summary>More rules than this below a folder: not worth reading to cache one answer.</summary>
    public const int MaxRulesBelow = 50;

    /// <summary>The path MediaServer may reuse the answer for and for how long (<paramref name="seconds"/>,
    /// already bounded by the decision's <see cref="AccessDecision.ValidUntil"/>, which includes the rule
    /// windows on the way); null and 0 when no path is safe to reuse.</summary>
    public async Task<(string? Path, int Seconds)> ReusableAsync(string path, AccessDecision decision, int seconds, CancellationToken cancellationToken)
    {
        if (seconds <= 0) return (null, 0);
        string[] scopes = path.EndsWith('/') ? [path] : [AccessPolicy.Folder(path), path];
        try
        {
            return await budget.RunAsync(async token =>
            {
                foreach (var scope in scopes)
                {
                    if (!CredentialCovers(decision.CredentialScope, scope)) continue;
                    var (below, complete) = await rules.HttpRulesUnderAsync(scope, MaxRulesBelow, token);
                    // The folder's own rule covers everything under it alike; any other rule may not.
                    if (complete && below.All(r => r.Path == scope && scope.EndsWith('/'))) return (scope, seconds);
                }
                return ((string?)null, 0);
            }, cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            // The decision stands; only its reuse is given up.
            NotReusable(logger, path.Length > 200 ? path[..200] : path, e.Message);
            return (null, 0);
        }
    }

    /// <summary>Whether a credential admitted for <paramref name="scope"/>'s folder admits every URL
    /// that starts with <paramref name="scope"/>: any folder (<c>*</c>, no credential) or a folder
    /// prefix the scope's folder is inside; never one exact folder.</summary>
    internal static bool CredentialCovers(string? credentialScope, string scope)
    {
        if (credentialScope is null or Pattern.Any) return true;
        if (Pattern.IsExact(credentialScope)) return false;
        return AccessPolicy.Folder(scope).StartsWith(credentialScope.AsSpan(0, credentialScope.Length - 1), StringComparison.Ordinal);
    }

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "on_http_access {Path}: allowed without letting MediaServer reuse the answer, the rules below it could not be read ({Reason})")]
    private static partial void NotReusable(ILogger logger, string path, string reason);
}
