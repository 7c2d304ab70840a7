using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_shell_login: the debug shell can change the server, so only users in the shell user
/// table, with their PBKDF2-hashed password, get in. Everyone else, and any failure, is refused.</summary>
public sealed class ShellLoginHandler(ShellUsers users) : IHookHandler<ShellLoginRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(ShellLoginRequest request, HookContext context)
    {
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
        return ok ? HookReply.Success : HookReply.Refuse("denied: unknown user or wrong password");
    }
}
