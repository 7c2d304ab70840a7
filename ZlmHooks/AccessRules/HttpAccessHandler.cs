using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>
/// on_http_access: may this client fetch this file or folder from MediaServer's HTTP server? The
/// most specific path rule decides; a folder is the same folder with or without its trailing slash.
/// An allow answers what MediaServer may reuse it for (<c>path</c>, <see cref="HttpAccessScope"/>:
/// never wider than what decides alike) and for how long (<c>second</c>, never past a token's or
/// signed URL's expiry or a rule's window; 0 when nothing is safe to reuse); a denial answers the
/// reason in <c>err</c> and is not cached.
/// </summary>
public sealed class HttpAccessHandler(StreamAccess access, AccessPolicy policy, HttpAccessScope scope, IOptions<AccessRulesOptions> options) : IHookHandler<HttpAccessRequest, HttpAccessReply>
{
    public async ValueTask<HttpAccessReply> HandleAsync(HttpAccessRequest request, HookContext context)
    {
        var normalized = HttpPath.TryNormalize(request.Path, out var path, out var problem);
        var climbs = HttpPath.Climbs(request.FilePath);
        if (!normalized || climbs)
        {
            var refused = climbs ? "file_path climbs out of the root" : problem;
            context.Note(request.Ip, null, refused);
            return new HttpAccessReply { Code = HookReply.Refused, Msg = refused, Err = refused, Path = "", Second = 0 };
        }
        // MediaServer asks for a folder with or without its slash; rules see one spelling.
        if (request.IsDir == true && !path.EndsWith('/')) path += "/";
        var query = new AccessQuery(RuleActions.Http, "", "", "", request.MediaServerId, null, "http", request.Ip, request.Params, policy.Now, path);
        var decision = await access.DecideAsync(context, query);
        if (!decision.Allowed)
        {
            var reason = StreamAccess.Denied(decision);
            return new HttpAccessReply { Code = HookReply.Refused, Msg = reason, Err = reason, Path = "", Second = 0 };
        }

        var seconds = decision.Rule?.CacheSeconds ?? options.Value.HttpCacheSeconds;
        if (decision.ValidUntil is { } until)
            seconds = (int)Math.Clamp((until - query.Now).TotalSeconds, 0, seconds);
        var (reusable, reuseSeconds) = await scope.ReusableAsync(path, decision, seconds, context.Aborted);
        return new HttpAccessReply { Code = 0, Msg = "success", Err = "", Path = reusable ?? path, Second = reuseSeconds };
    }
}
