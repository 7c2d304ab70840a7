using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ZlmHooks.AccessRules;

namespace ZlmHooks.Cli;

/// <summary><c>rules add|list|remove</c>: publish, play and HTTP access rules, and the idle and pull
/// policies that share their table (docs/access-rules.md).</summary>
public static class RulesCommand
{
    public static Command Create(AdminServices admin)
    {
        var id = new Option<string>("--id") { Description = "Rule id: letters, digits, '-', '_', '.'", Required = true };
        var action = new Option<string>("--action") { Description = "publish, play, http, idle or pull", Required = true };
        action.AcceptOnlyFromAmong(RuleActions.Publish, RuleActions.Play, RuleActions.Http, RuleActions.Idle, RuleActions.Pull);
        var vhost = new Option<string>("--vhost") { Description = "vhost: exact or *", DefaultValueFactory = _ => Pattern.Any };
        var app = new Option<string>("--app") { Description = "app: exact, prefix (live*) or *", DefaultValueFactory = _ => Pattern.Any };
        var stream = new Option<string>("--stream") { Description = "stream: exact, prefix (cam*) or *", DefaultValueFactory = _ => Pattern.Any };
        var path = new Option<string?>("--path") { Description = "http rules: URL path prefix ending in / (a folder) or a file" };
        var effect = new Option<RuleEffect>("--effect") { Description = "allow, deny or credential (idle and pull rules do not use it)", DefaultValueFactory = _ => RuleEffect.Deny };
        var credentials = new Option<CredentialKinds>("--credentials")
        {
            Description = "with --effect credential: token, signedurl, rtsplogin, jwt (comma-separated)",
            CustomParser = r =>
            {
                var kinds = CredentialKinds.None;
                foreach (var name in r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                {
                    if (Enum.TryParse<CredentialKinds>(name, ignoreCase: true, out var kind) && kind != CredentialKinds.None) kinds |= kind;
                    else r.AddError($"'{name}' is not a credential kind: token, signedurl, rtsplogin or jwt");
                }
                return kinds;
            },
        };
        var realm = new Option<string?>("--realm") { Description = "RTSP realm for rtsplogin" };
        var server = new Option<string?>("--server") { Description = "only for this mediaServerId" };
        var schemas = AdminServices.List("--schemas", "only for these schemas, e.g. hls,hls.fmp4 (comma-separated)");
        var protocols = AdminServices.List("--protocols", "only for these protocols, e.g. rtsp,rtmp,http (comma-separated)");
        var ips = AdminServices.List("--ip", "only for these client IP ranges, e.g. 10.0.0.0/8,2001:db8::/32");
        var notBefore = Time("--not-before", "valid from (ISO 8601)");
        var notAfter = Time("--not-after", "valid until (ISO 8601)");
        var options = new Option<PublishReply?>("--options")
        {
            Description = "publish rules: on_publish protocol options as JSON, e.g. {\"enable_mp4\":true,\"mp4_max_second\":600}",
            CustomParser = r =>
            {
                try
                {
                    return JsonSerializer.Deserialize(r.Tokens.Single().Value, AccessHooks.Json.PublishReply);
                }
                catch (JsonException e)
                {
                    r.AddError($"--options is not the JSON of on_publish options: {e.Message}");
                    return null;
                }
            },
        };
        var cacheSeconds = new Option<int?>("--cache-seconds") { Description = "http rules: seconds MediaServer may reuse an allow" };
        var label = new Option<string?>("--label") { Description = "a note for operators" };
        var close = new Option<bool?>("--close") { Description = "idle rules: true closes an unwatched stream, false keeps it" };
        var sourceUrl = new Option<string?>("--source-url") { Description = "pull rules: where to pull from; $vhost, $app, $stream are replaced, e.g. rtsp://cams.local/$stream" };
        var pullOptions = new Option<Dictionary<string, string>?>("--pull-options")
        {
            Description = "pull rules: addStreamProxy options, e.g. enable_hls=1,retry_count=-1,rtp_type=0",
            CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(o => o.Split('=', 2)).ToDictionary(o => o[0], o => o.Length > 1 ? o[1] : "", StringComparer.Ordinal),
        };

        var add = admin.Action("add", "Add a rule, or replace the rule with the same id", needsStorage: true, async (p, s, o, ct) =>
        {
            var rule = new AccessRule
            {
                Id = p.GetValue(id)!,
                Action = p.GetValue(action)!,
                Vhost = p.GetValue(vhost)!,
                App = p.GetValue(app)!,
                Stream = p.GetValue(stream)!,
                Path = p.GetValue(path),
                Effect = p.GetValue(effect),
                Credentials = p.GetValue(credentials),
                Realm = p.GetValue(realm),
                MediaServerId = p.GetValue(server),
                Schemas = AdminServices.ValueOf(p, schemas),
                Protocols = AdminServices.ValueOf(p, protocols),
                IpRanges = AdminServices.ValueOf(p, ips),
                NotBefore = p.GetValue(notBefore),
                NotAfter = p.GetValue(notAfter),
                Options = p.GetValue(options),
                CacheSeconds = p.GetValue(cacheSeconds),
                Label = p.GetValue(label),
                Close = p.GetValue(close),
                SourceUrl = p.GetValue(sourceUrl),
                PullOptions = p.GetValue(pullOptions),
            };
            await s.GetRequiredService<RuleStore>().SaveAsync(rule, ct);
            await o.WriteLineAsync($"saved rule '{rule.Id}'");
        }, id, action, vhost, app, stream, path, effect, credentials, realm, server, schemas, protocols, ips, notBefore, notAfter, options, cacheSeconds, label, close, sourceUrl, pullOptions);

        var json = new Option<bool>("--json") { Description = "One JSON object per rule and line instead of a table" };
        var list = admin.Action("list", "List every rule (a table; --json for one JSON object per line)", needsStorage: true, async (p, s, o, ct) =>
        {
            var rules = await s.GetRequiredService<RuleStore>().ListAsync(ct);
            if (p.GetValue(json))
            {
                foreach (var rule in rules)
                    await o.WriteLineAsync(JsonSerializer.Serialize([rule], AccessRulesJson.Default.ListAccessRule)[1..^1]);
            }
            else
            {
                await TextTable.WriteAsync(o, ["ID", "ACTION", "MATCH", "EFFECT", "CONDITIONS", "LABEL"], [.. rules.Select(Row)], "no rules");
            }
        }, json);

        var removeId = new Option<string>("--id") { Description = "Rule id", Required = true };
        var remove = admin.Action("remove", "Remove a rule", needsStorage: true, async (p, s, o, ct) =>
        {
            var removed = await s.GetRequiredService<RuleStore>().RemoveAsync(p.GetValue(removeId)!, ct);
            await o.WriteLineAsync(removed ? $"removed rule '{p.GetValue(removeId)}'" : $"no rule '{p.GetValue(removeId)}'");
        }, removeId);

        return new Command("rules", "Publish, play and HTTP access rules; idle and pull policies") { add, list, remove };
    }

    private static string[] Row(AccessRule r)
    {
        var conditions = new List<string>();
        if (r.Credentials != CredentialKinds.None) conditions.Add("credentials " + r.Credentials.ToString().Replace(" ", "", StringComparison.Ordinal));
        if (r.Realm is { } realm) conditions.Add("realm " + realm);
        if (r.MediaServerId is { } server) conditions.Add("server " + server);
        if (r.Schemas is { Count: > 0 } schemas) conditions.Add("schemas " + string.Join(",", schemas));
        if (r.Protocols is { Count: > 0 } protocols) conditions.Add("protocols " + string.Join(",", protocols));
        if (r.IpRanges is { Count: > 0 } ips) conditions.Add("ip " + string.Join(",", ips));
        if (r.NotBefore is { } from) conditions.Add("from " + TextTable.Time(from));
        if (r.NotAfter is { } until) conditions.Add("until " + TextTable.Time(until));
        if (r.Options is not null) conditions.Add("with options");
        if (r.Close is { } close) conditions.Add(close ? "close" : "keep");
        if (r.SourceUrl is not null) conditions.Add("pull (source set)"); // the URL may carry a camera's password
        var match = r.Path is { } path ? $"{r.Vhost}:{path}" : $"{r.Vhost}/{r.App}/{r.Stream}";
        return [r.Id, r.Action, match, r.Effect.ToString().ToLowerInvariant(), conditions.Count == 0 ? "-" : string.Join("; ", conditions), r.Label ?? "-"];
    }

    private static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            if (DateTimeOffset.TryParse(r.Tokens.Single().Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
            r.AddError($"{name}: '{r.Tokens.Single().Value}' is not a date and time (ISO 8601, e.g. 2026-12-01T00:00:00Z)");
            return null;
        },
    };
}
