using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>
/// on_http_access: may this client fetch this file or folder from MediaServer's HTTP server? The
/// most specific path rule decides. An allow answers the folder it covers (<c>path</c>) and how long
/// MediaServer may reuse it (<c>second</c>, never past a token's or signed URL's expiry); a denial
/// answers the reason in <c>err</c> and is not cached.
/// </summary>
public sealed class HttpAccessHandler(StreamAccess access, AccessPolicy policy, IOptions<AccessRulesOptions> options) : IHookHandler<HttpAccessRequest, HttpAccessReply>
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
        var covered = decision.Rule?.Path ?? AccessPolicy.Folder(path);
        return new HttpAccessReply { Code = 0, Msg = "success", Err = "", Path = covered, Second = seconds };
    }
}
