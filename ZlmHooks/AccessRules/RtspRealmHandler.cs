using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>
/// on_rtsp_realm: does this RTSP stream need an RTSP (digest) login? Answering a realm makes
/// MediaServer ask on_rtsp_auth for the user's password and then skip on_play; answering "" makes it
/// ask on_play as for any player. So a realm is given only when the deciding play rule asks for an
/// RTSP login; every other play rule is left to on_play. If the rule store is down, this fails
/// (non-200) and MediaServer refuses the login, which is the safe side.
/// </summary>
public sealed class RtspRealmHandler(StreamAccess access, AccessPolicy policy) : IHookHandler<RtspRealmRequest, RtspRealmReply>
{
    public async ValueTask<RtspRealmReply> HandleAsync(RtspRealmRequest request, HookContext context)
    {
        var query = access.Query(RuleActions.Play, request);
        var (realm, rule) = await policy.RtspRealmAsync(query, context.Aborted);
        context.Note(query.Ip, rule?.Id, realm.Length == 0 ? "no RTSP login: on_play decides" : $"RTSP login in realm {realm}");
        return new RtspRealmReply { Code = 0, Msg = "success", Realm = realm };
    }
}
