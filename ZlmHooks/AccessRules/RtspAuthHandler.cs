using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>
/// on_rtsp_auth: MediaServer asks for the password of a user in the realm we gave and checks the
/// player's digest itself. We hand over HA1 = md5(user:realm:password) with <c>encrypted: true</c>.
/// A Basic-auth player (<c>must_no_encrypt</c>) would need the plain password, which is never
/// stored, so it is refused with a message that says why.
/// </summary>
public sealed class RtspAuthHandler(RtspUsers users) : IHookHandler<RtspAuthRequest, RtspAuthReply>
{
    public async ValueTask<RtspAuthReply> HandleAsync(RtspAuthRequest request, HookContext context)
    {
        var realm = request.Realm ?? "";
        if (request.MustNoEncrypt == true)
            return Deny(request, context, "RTSP Basic auth needs a plain password, which ZlmHooks never stores; use digest auth (rtsp.authBasic=0)");

        string? ha1;
        try
        {
            ha1 = await users.Ha1Async(realm, request.UserName!, context.Aborted);
        }
        catch (Storage.StoreUnavailableException)
        {
            return Deny(request, context, "the RTSP user store is unavailable; try again shortly");
        }
        if (ha1 is null)
            return Deny(request, context, $"no RTSP user '{request.UserName}' in realm '{realm}'");

        context.Note(request.Ip, null, $"password given for user {request.UserName} in realm {realm}");
        return new RtspAuthReply { Code = 0, Msg = "success", Encrypted = true, Passwd = ha1 };
    }

    private static RtspAuthReply Deny(RtspAuthRequest request, HookContext context, string reason)
    {
        context.Note(request.Ip, null, reason);
        return new RtspAuthReply { Code = HookReply.Refused, Msg = "denied: " + reason };
    }
}
