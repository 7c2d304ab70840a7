using System.CommandLine;
using ZlmHooks.AccessRules;
using ZlmHooks.Hooks;

namespace ZlmHooks.Cli;

/// <summary><c>jwt check</c>: what the handler would say of a JWT, with the same settings and the same
/// issuer keys, for an operator wiring up an identity provider.</summary>
public static class JwtCommand
{
    public static Command Create(AdminServices admin)
    {
        var token = new Option<string?>("--token") { Description = "The JWT (prefer standard input: a shell history keeps arguments)" };
        var action = new Option<string>("--action") { Description = "play or publish", DefaultValueFactory = _ => RuleActions.Play };
        action.AcceptOnlyFromAmong(RuleActions.Play, RuleActions.Publish);
        var vhost = new Option<string>("--vhost") { Description = "vhost", DefaultValueFactory = _ => StreamHookRequest.DefaultVhost };
        var app = new Option<string>("--app") { Description = "app", Required = true };
        var stream = new Option<string>("--stream") { Description = "stream", Required = true };

        var check = admin.Action("check", "Check a JWT (from standard input, or --token) as a play or publish would, and say why not", needsStorage: false, async (p, s, o, ct) =>
        {
            var jwt = (p.GetValue(token) ?? await Console.In.ReadLineAsync(ct) ?? "").Trim();
            var verdict = await s.GetRequiredService<JwtCredentials>().VerifyAsync(jwt, p.GetValue(action)!, p.GetValue(vhost)!, p.GetValue(app)!, p.GetValue(stream)!, ct);
            if (!verdict.Valid) throw new ArgumentException($"refused: {verdict.Reason}");
            await o.WriteLineAsync($"accepted: valid until {verdict.Until:yyyy-MM-ddTHH:mm:ssZ}");
        }, token, action, vhost, app, stream);

        return new Command("jwt", "JWT credentials (ZlmHooks__AccessRules__Jwt__*)") { check };
    }
}
