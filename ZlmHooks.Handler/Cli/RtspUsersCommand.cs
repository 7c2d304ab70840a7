using System.CommandLine;
using ZlmHooks.AccessRules;

namespace ZlmHooks.Cli;

/// <summary><c>rtsp-users add|list|remove</c>: RTSP digest users by realm (only HA1 is stored).</summary>
public static class RtspUsersCommand
{
    public static Command Create(AdminServices admin)
    {
        var realm = new Option<string>("--realm") { Description = "RTSP realm (the one a play rule names)", Required = true };
        var user = new Option<string>("--user") { Description = "User name", Required = true };
        var password = new Option<string?>("--password") { Description = "Password (prefer --password-stdin: a shell history keeps arguments)" };
        var stdin = AdminServices.PasswordStdin();

        var add = admin.Action("add", "Add or change an RTSP user; only md5(user:realm:password) is stored", needsStorage: true, async (p, s, o, ct) =>
        {
            await s.GetRequiredService<RtspUsers>().SetAsync(p.GetValue(realm)!, p.GetValue(user)!, AdminServices.ReadPassword(p, password, stdin), ct);
            await o.WriteLineAsync($"saved RTSP user '{p.GetValue(user)}' in realm '{p.GetValue(realm)}'");
        }, realm, user, password, stdin);
        var list = admin.Action("list", "List RTSP users", needsStorage: true, async (p, s, o, ct) =>
        {
            foreach (var (r, u) in await s.GetRequiredService<RtspUsers>().ListAsync(ct))
                await o.WriteLineAsync($"{r}\t{u}");
        });
        var remove = admin.Action("remove", "Remove an RTSP user", needsStorage: true, async (p, s, o, ct) =>
            await o.WriteLineAsync(await s.GetRequiredService<RtspUsers>().RemoveAsync(p.GetValue(realm)!, p.GetValue(user)!, ct) ? "removed" : "no such user"), realm, user);
        return new Command("rtsp-users", "RTSP digest users by realm") { add, list, remove };
    }
}
