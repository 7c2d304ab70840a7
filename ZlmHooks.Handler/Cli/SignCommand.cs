using System.CommandLine;
using ZlmHooks.AccessRules;
using ZlmHooks.Hooks;

namespace ZlmHooks.Cli;

/// <summary><c>sign</c>: mints a signed, expiring URL, as an app server does with the same key.</summary>
public static class SignCommand
{
    public static Command Create(AdminServices admin)
    {
        var kid = new Option<string>("--kid") { Description = "Signing key id (ZlmHooks__AccessRules__SigningKeys__<kid>)", DefaultValueFactory = _ => "default" };
        var action = new Option<string>("--action") { Description = "publish, play or http", Required = true };
        action.AcceptOnlyFromAmong(RuleActions.Publish, RuleActions.Play, RuleActions.Http);
        var vhost = new Option<string>("--vhost") { Description = "vhost", DefaultValueFactory = _ => StreamHookRequest.DefaultVhost };
        var app = new Option<string?>("--app") { Description = "app" };
        var stream = new Option<string?>("--stream") { Description = "stream" };
        var path = new Option<string?>("--path") { Description = "http: the URL path (its folder is what is signed)" };
        var ttl = new Option<int>("--ttl") { Description = "Seconds the URL stays valid", DefaultValueFactory = _ => 3600 };
        ttl.Validators.Add(r => { if (r.GetValue(ttl) <= 0) r.AddError("--ttl must be more than 0 seconds"); });
        var ip = new Option<string?>("--ip") { Description = "Bind the URL to clients in this address or CIDR range (10.1.2.3, 10.1.2.0/24); signed with it" };
        var url = new Option<string?>("--url") { Description = "A URL to append the signature to, e.g. rtmp://host/live/cam1" };

        return admin.Action("sign", "Mint a signed, expiring URL (what an app server does with the same key)", needsStorage: false, async (p, s, o, ct) =>
        {
            var verb = p.GetValue(action)!;
            var http = verb == RuleActions.Http;
            var query = s.GetRequiredService<SignedUrls>().Sign(p.GetValue(kid)!, verb,
                http ? "" : p.GetValue(vhost)!,
                http ? "" : p.GetValue(app) ?? throw new ArgumentException("--app is required"),
                http ? AccessPolicy.Folder(p.GetValue(path) ?? throw new ArgumentException("--path is required for http")) : p.GetValue(stream) ?? throw new ArgumentException("--stream is required"),
                DateTimeOffset.UtcNow.AddSeconds(p.GetValue(ttl)), p.GetValue(ip));
            var baseUrl = p.GetValue(url);
            await o.WriteLineAsync(baseUrl is null ? query : baseUrl + (baseUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query);
        }, kid, action, vhost, app, stream, path, ttl, ip, url);
    }
}
