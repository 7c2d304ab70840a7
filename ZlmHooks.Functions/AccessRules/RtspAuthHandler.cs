using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>
/// on_rtsp_auth: MediaServer asks for the password of a user in the realm we gave and checks the
/// player's digest itself. We hand over HA1 = md5(user:realm:password) with <c>encrypted: true</c>.
/// A Basic-auth player (<c>must_no_encrypt</c>) would need the plain password, which is never
/// stored, so it is refused with a message that says why.
/// </summary>
public sealed class RtspAuthHandler(RtspUsers users, AccessLog log) : IHookHandler<RtspAuthRequest, RtspAuthReply>
{
    public async ValueTask<RtspAuthReply> HandleAsync(RtspAuthRequest request, CancellationToken cancellationToken)
    {
        var realm = request.Realm ?? "";
        if (request.MustNoEncrypt == true)
            return Deny(request, "RTSP Basic auth needs a plain password, which ZlmHooks never stores; use digest auth (rtsp.authBasic=0)");

        string? ha1;
        try
        {
            ha1 = await users.Ha1Async(realm, request.UserName!, cancellationToken);
        }
        catch (Storage.StoreUnavailableException)
        {
            return Deny(request, "the RTSP user store is unavailable; try again shortly");
        }
        if (ha1 is null)
            return Deny(request, $"no RTSP user '{request.UserName}' in realm '{realm}'");

        log.Note("on_rtsp_auth", request.Vhost, request.App, request.Stream, request.Ip, "password given", "-", $"user {request.UserName} in realm {realm}");
        return new RtspAuthReply { Code = 0, Msg = "success", Encrypted = true, Passwd = ha1 };
    }

    private RtspAuthReply Deny(RtspAuthRequest request, string reason)
    {
        log.Note("on_rtsp_auth", request.Vhost, request.App, request.Stream, request.Ip, "deny", "-", reason);
        return new RtspAuthReply { Code = HookReply.Refused, Msg = "denied: " + reason };
    }
}
