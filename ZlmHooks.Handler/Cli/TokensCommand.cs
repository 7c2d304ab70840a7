using System.CommandLine;
using System.Globalization;
using ZlmHooks.AccessRules;

namespace ZlmHooks.Cli;

/// <summary><c>tokens add|list|remove</c>: static URL tokens (<c>token=...</c>), stored as SHA-256 digests.</summary>
public static class TokensCommand
{
    public static Command Create(AdminServices admin)
    {
        var label = new Option<string>("--label") { Description = "Who or what the token is for", Required = true };
        var days = new Option<double?>("--expires-in-days") { Description = "Days until it expires (default: never)" };
        days.Validators.Add(r => { if (r.GetValue(days) is <= 0) r.AddError("--expires-in-days must be more than 0"); });
        var action = new Option<string>("--action") { Description = "publish, play, http or *", DefaultValueFactory = _ => Pattern.Any };
        action.AcceptOnlyFromAmong(Pattern.Any, RuleActions.Publish, RuleActions.Play, RuleActions.Http);
        var vhost = new Option<string>("--vhost") { Description = "vhost pattern it covers", DefaultValueFactory = _ => Pattern.Any };
        var app = new Option<string>("--app") { Description = "app pattern it covers", DefaultValueFactory = _ => Pattern.Any };
        var stream = new Option<string>("--stream") { Description = "stream pattern it covers (for http: the folder)", DefaultValueFactory = _ => Pattern.Any };
        var value = new Option<string?>("--value") { Description = "Import an existing token instead of generating one (e.g. from a previous hook receiver)" };

        var uses = new Option<int?>("--uses") { Description = "A limited-use token: how many plays and publishes it admits (with --per-ip: how many client addresses)" };
        var perIp = new Option<bool>("--per-ip") { Description = "Count client addresses, not plays: the same address again (a reconnect) does not use it up" };

        var add = admin.Action("add", "Create a token and print it (the only time it is shown)", needsStorage: true, async (p, s, o, ct) =>
        {
            DateTimeOffset? expires = p.GetValue(days) is { } d ? DateTimeOffset.UtcNow.AddDays(d) : null;
            var token = await s.GetRequiredService<StreamTokens>().CreateAsync(p.GetValue(label)!, expires, p.GetValue(action)!, p.GetValue(vhost)!, p.GetValue(app)!, p.GetValue(stream)!, p.GetValue(value),
                p.GetValue(uses), p.GetValue(perIp), ct);
            await o.WriteLineAsync(token);
        }, label, days, action, vhost, app, stream, value, uses, perIp);

        var list = admin.Action("list", "List tokens (labels, scopes and expiry; never the tokens)", needsStorage: true, async (p, s, o, ct) =>
        {
            foreach (var t in await s.GetRequiredService<StreamTokens>().ListAsync(ct))
                await o.WriteLineAsync($"{t.Label}\t{t.Action} {t.Vhost}/{t.App}/{t.Stream}\texpires {t.ExpiresAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never"}\t{Uses(t)}\tsha256 {t.Digest[..12]}…");
        });

        var removeLabel = new Option<string>("--label") { Description = "Label of the tokens to remove", Required = true };
        var remove = admin.Action("remove", "Remove every token with this label", needsStorage: true, async (p, s, o, ct) =>
            await o.WriteLineAsync($"removed {await s.GetRequiredService<StreamTokens>().RemoveAsync(p.GetValue(removeLabel)!, ct)} token(s)"), removeLabel);

        static string Uses(StreamToken t) => t.Uses is null ? "unlimited" : $"used {t.Used} of {t.Uses}{(t.PerIp ? " addresses" : "")}";

        return new Command("tokens", "Static URL tokens (token=...)") { add, list, remove };
    }
}
