using System.CommandLine;
using ZlmHooks.AccessRules;

namespace ZlmHooks.Cli;

/// <summary><c>shell-users add|list|remove</c>: who may log in to MediaServer's debug shell.</summary>
public static class ShellUsersCommand
{
    public static Command Create(AdminServices admin)
    {
        var user = new Option<string>("--user") { Description = "User name", Required = true };
        var password = new Option<string?>("--password") { Description = "Password (prefer --password-stdin)" };
        var stdin = AdminServices.PasswordStdin();

        var add = admin.Action("add", "Add or change a debug-shell user (salted PBKDF2-SHA256)", needsStorage: true, async (p, s, o, ct) =>
        {
            await s.GetRequiredService<ShellUsers>().SetAsync(p.GetValue(user)!, AdminServices.ReadPassword(p, password, stdin), ct);
            await o.WriteLineAsync($"saved shell user '{p.GetValue(user)}'");
        }, user, password, stdin);
        var list = admin.Action("list", "List shell users", needsStorage: true, async (p, s, o, ct) =>
        {
            foreach (var u in await s.GetRequiredService<ShellUsers>().ListAsync(ct)) await o.WriteLineAsync(u);
        });
        var remove = admin.Action("remove", "Remove a shell user", needsStorage: true, async (p, s, o, ct) =>
            await o.WriteLineAsync(await s.GetRequiredService<ShellUsers>().RemoveAsync(p.GetValue(user)!, ct) ? "removed" : "no such user"), user);
        return new Command("shell-users", "Users allowed into MediaServer's debug shell") { add, list, remove };
    }
}
