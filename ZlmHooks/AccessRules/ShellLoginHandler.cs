using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_shell_login: the debug shell can change the server, so only users in the shell user
/// table, with their PBKDF2-hashed password, get in. Everyone else, and any failure, is refused; a
/// client that keeps failing is locked out for longer and longer (<see cref="ShellLoginThrottle"/>).</summary>
public sealed class ShellLoginHandler(ShellUsers users, ShellLoginThrottle throttle) : IHookHandler<ShellLoginRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(ShellLoginRequest request, HookContext context)
    {
        if (throttle.LockedFor(request.Ip) is { } left)
        {
            var reason = $"too many failed logins from this address; try again in {Math.Ceiling(left.TotalSeconds):0} s";
            context.Note(request.Ip, null, reason);
            return HookReply.Refuse("denied: " + reason);
        }
        bool ok;
        try
        {
            ok = await users.VerifyAsync(request.UserName!, request.Passwd ?? "", context.Aborted);
        }
        catch (Storage.StoreUnavailableException)
        {
            context.Note(request.Ip, null, "shell user store unavailable");
            return HookReply.Refuse("denied: the shell user store is unavailable");
        }
        context.Note(request.Ip, null, $"user {request.UserName}");
        if (ok) throttle.Succeeded(request.Ip); else throttle.Failed(request.Ip);
        return ok ? HookReply.Success : HookReply.Refuse("denied: unknown user or wrong password");
    }
}
