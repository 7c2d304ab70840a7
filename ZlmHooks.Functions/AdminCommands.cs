using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ZlmHooks.AccessRules;
using ZlmHooks.Hooks;

namespace ZlmHooks;

/// <summary>The operator's command line, in the same binary and with the same settings as the
/// handler (environment, local.settings.json, or <c>--connection</c>).</summary>
public static class AdminCommands
{
    private static readonly string[] Names = ["catalog", "rules", "tokens", "rtsp-users", "shell-users", "sign", "recordings", "hook-config", "package", "events", "streams", "servers"];

    public static bool Handles(string first) => Names.Contains(first) || first is "--help" or "-h" or "help";

    private static readonly Option<string?> Connection = new("--connection")
    {
        Description = "Storage connection string (default: ZlmHooks__Storage__Connection, or ZlmHooks__Storage__Account with Entra ID)",
        Recursive = true,
    };

    private static readonly Option<string?> TablePrefix = new("--table-prefix")
    {
        Description = "Table name prefix (default: ZlmHooks__Storage__TablePrefix, else 'zlm')",
        Recursive = true,
    };

    public static Task<int> RunAsync(string[] args, TextWriter? output = null, IDictionary<string, string?>? settings = null)
    {
        var root = new RootCommand("ZlmHooks: ZLMediaKit web-hook receiver. Run with no command to serve the hooks.");
        root.Options.Add(Connection);
        root.Options.Add(TablePrefix);
        root.Subcommands.Add(Catalog());
        root.Subcommands.Add(Rules(settings));
        root.Subcommands.Add(Tokens(settings));
        root.Subcommands.Add(RtspUsersCommand(settings));
        root.Subcommands.Add(ShellUsersCommand(settings));
        root.Subcommands.Add(Sign(settings));
        root.Subcommands.Add(Recordings(settings));
        root.Subcommands.Add(HookConfigCommand(settings));
        root.Subcommands.Add(EventsCommand(settings));
        root.Subcommands.Add(StreamsCommand(settings));
        root.Subcommands.Add(ServersCommand(settings));
        root.Subcommands.Add(PackageCommand());
        var config = new InvocationConfiguration();
        if (output is not null) config.Output = output;
        if (output is not null) config.Error = output;
        return root.Parse(args).InvokeAsync(config);
    }

    /// <summary>The same services the handler uses, built from the same settings.</summary>
    private static ServiceProvider Services(ParseResult parse, IDictionary<string, string?>? settings, bool needsStorage)
    {
        var configuration = new ConfigurationManager();
        LocalSettings.AddTo(configuration);
        configuration.AddEnvironmentVariables();
        if (settings is not null) configuration.AddInMemoryCollection(settings);
        if (parse.GetValue(Connection) is { Length: > 0 } connection) configuration["ZlmHooks:Storage:Connection"] = connection;
        if (parse.GetValue(TablePrefix) is { Length: > 0 } prefix) configuration["ZlmHooks:Storage:TablePrefix"] = prefix;
        if (needsStorage && !Storage.StorageSetup.IsConfigured(configuration))
            throw new ArgumentException("no storage configured: pass --connection or set ZlmHooks__Storage__Connection / ZlmHooks__Storage__Account");
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAccessRules(configuration);
        ZlmHooks.Recordings.RecordingsSetup.AddRecordings(services, configuration);
        ZlmHooks.Streams.RegistrySetup.AddRegistry(services, configuration);
        services.AddOptions<Events.EventsOptions>().Bind(configuration.GetSection($"{ZlmHooksOptions.Section}:Events"));
        return services.BuildServiceProvider();
    }

    private static Command Action(string name, string description, IDictionary<string, string?>? settings, Func<ParseResult, IServiceProvider, TextWriter, Task> run, params Option[] options) =>
        Action(name, description, settings, needsStorage: true, run, options);

    private static Command Action(string name, string description, IDictionary<string, string?>? settings, bool needsStorage, Func<ParseResult, IServiceProvider, TextWriter, Task> run, params Option[] options)
    {
        var command = new Command(name, description);
        foreach (var option in options) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                await using var services = Services(parse, settings, needsStorage);
                await run(parse, services, output);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or JsonException or InvalidOperationException or Azure.RequestFailedException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("error: " + e.Message);
                // The operator sees the message; a developer chasing a storage or SDK fault wants the stack.
                if (Environment.GetEnvironmentVariable("ZLMHOOKS_TRACE") == "1")
                    await parse.InvocationConfiguration.Error.WriteLineAsync(e.ToString());
                return 1;
            }
        });
        return command;
    }

    private static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    private static Option<string> WithDefault(string name, string description, string value) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };

    private static Option<string?> Optional(string name, string description) => new(name) { Description = description };

    private static string[]? List(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Command Rules(IDictionary<string, string?>? settings)
    {
        var id = Required("--id", "Rule id: letters, digits, '-', '_', '.'");
        var action = Required("--action", "publish, play or http");
        var vhost = WithDefault("--vhost", "vhost: exact or *", "*");
        var app = WithDefault("--app", "app: exact, prefix (live*) or *", "*");
        var stream = WithDefault("--stream", "stream: exact, prefix (cam*) or *", "*");
        var path = Optional("--path", "http rules: URL path prefix ending in / (a folder) or a file");
        var effect = WithDefault("--effect", "allow, deny or credential (idle and pull rules do not use it)", "deny");
        var credentials = Optional("--credentials", "with --effect credential: token, signedurl, rtsplogin (comma-separated)");
        var realm = Optional("--realm", "RTSP realm for rtsplogin");
        var server = Optional("--server", "only for this mediaServerId");
        var schemas = Optional("--schemas", "only for these schemas, e.g. hls,hls.fmp4 (comma-separated)");
        var protocols = Optional("--protocols", "only for these protocols, e.g. rtsp,rtmp,http (comma-separated)");
        var ips = Optional("--ip", "only for these client IP ranges, e.g. 10.0.0.0/8,2001:db8::/32");
        var notBefore = Optional("--not-before", "valid from (ISO 8601)");
        var notAfter = Optional("--not-after", "valid until (ISO 8601)");
        var options = Optional("--options", "publish rules: on_publish protocol options as JSON, e.g. {\"enable_mp4\":true,\"mp4_max_second\":600}");
        var cacheSeconds = Optional("--cache-seconds", "http rules: seconds MediaServer may reuse an allow");
        var label = Optional("--label", "a note for operators");
        var close = Optional("--close", "idle rules: true closes an unwatched stream, false keeps it");
        var sourceUrl = Optional("--source-url", "pull rules: where to pull from; $vhost, $app, $stream are replaced, e.g. rtsp://cams.local/$stream");
        var pullOptions = Optional("--pull-options", "pull rules: addStreamProxy options, e.g. enable_hls=1,retry_count=-1,rtp_type=0");

        var add = Action("add", "Add a rule, or replace the rule with the same id", settings, async (p, s, o) =>
        {
            var rule = new AccessRule
            {
                Id = p.GetValue(id)!,
                Action = p.GetValue(action)!.ToLowerInvariant(),
                Vhost = p.GetValue(vhost)!,
                App = p.GetValue(app)!,
                Stream = p.GetValue(stream)!,
                Path = p.GetValue(path),
                Effect = Enum.Parse<RuleEffect>(p.GetValue(effect)!, ignoreCase: true),
                Credentials = List(p.GetValue(credentials))?.Aggregate(CredentialKinds.None, (all, c) => all | Enum.Parse<CredentialKinds>(c, ignoreCase: true)) ?? CredentialKinds.None,
                Realm = p.GetValue(realm),
                MediaServerId = p.GetValue(server),
                Schemas = List(p.GetValue(schemas)),
                Protocols = List(p.GetValue(protocols)),
                IpRanges = List(p.GetValue(ips)),
                NotBefore = p.GetValue(notBefore) is { } nb ? DateTimeOffset.Parse(nb, System.Globalization.CultureInfo.InvariantCulture) : null,
                NotAfter = p.GetValue(notAfter) is { } na ? DateTimeOffset.Parse(na, System.Globalization.CultureInfo.InvariantCulture) : null,
                Options = p.GetValue(options) is { } json ? JsonSerializer.Deserialize(json, HookJson.Default.PublishReply) : null,
                CacheSeconds = p.GetValue(cacheSeconds) is { } cs ? int.Parse(cs, System.Globalization.CultureInfo.InvariantCulture) : null,
                Label = p.GetValue(label),
                Close = p.GetValue(close) is { } c ? bool.Parse(c) : null,
                SourceUrl = p.GetValue(sourceUrl),
                PullOptions = List(p.GetValue(pullOptions))?.Select(o => o.Split('=', 2)).ToDictionary(o => o[0], o => o.Length > 1 ? o[1] : ""),
            };
            await s.GetRequiredService<RuleStore>().SaveAsync(rule);
            await o.WriteLineAsync($"saved rule '{rule.Id}'");
        }, id, action, vhost, app, stream, path, effect, credentials, realm, server, schemas, protocols, ips, notBefore, notAfter, options, cacheSeconds, label, close, sourceUrl, pullOptions);

        var list = Action("list", "List every rule (JSON, one per line)", settings, async (p, s, o) =>
        {
            foreach (var rule in await s.GetRequiredService<RuleStore>().ListAsync())
                await o.WriteLineAsync(JsonSerializer.Serialize([rule], AccessRulesJson.Default.ListAccessRule)[1..^1]);
        });

        var removeId = Required("--id", "Rule id");
        var remove = Action("remove", "Remove a rule", settings, async (p, s, o) =>
        {
            var removed = await s.GetRequiredService<RuleStore>().RemoveAsync(p.GetValue(removeId)!);
            await o.WriteLineAsync(removed ? $"removed rule '{p.GetValue(removeId)}'" : $"no rule '{p.GetValue(removeId)}'");
        }, removeId);

        return new Command("rules", "Publish, play and HTTP access rules") { add, list, remove };
    }

    private static Command Tokens(IDictionary<string, string?>? settings)
    {
        var label = Required("--label", "Who or what the token is for");
        var days = Optional("--expires-in-days", "Days until it expires (default: never)");
        var action = WithDefault("--action", "publish, play, http or * ", "*");
        var vhost = WithDefault("--vhost", "vhost pattern it covers", "*");
        var app = WithDefault("--app", "app pattern it covers", "*");
        var stream = WithDefault("--stream", "stream pattern it covers (for http: the folder)", "*");
        var value = Optional("--value", "Import an existing token instead of generating one (e.g. from a previous hook receiver)");
        var add = Action("add", "Create a token and print it (the only time it is shown)", settings, async (p, s, o) =>
        {
            DateTimeOffset? expires = p.GetValue(days) is { } d ? DateTimeOffset.UtcNow.AddDays(double.Parse(d, System.Globalization.CultureInfo.InvariantCulture)) : null;
            var token = await s.GetRequiredService<StreamTokens>().CreateAsync(p.GetValue(label)!, expires, p.GetValue(action)!, p.GetValue(vhost)!, p.GetValue(app)!, p.GetValue(stream)!, p.GetValue(value));
            await o.WriteLineAsync(token);
        }, label, days, action, vhost, app, stream, value);
        var list = Action("list", "List tokens (labels, scopes and expiry; never the tokens)", settings, async (p, s, o) =>
        {
            foreach (var t in await s.GetRequiredService<StreamTokens>().ListAsync())
                await o.WriteLineAsync($"{t.Label}\t{t.Action} {t.Vhost}/{t.App}/{t.Stream}\texpires {t.ExpiresAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}\tsha256 {t.Digest[..12]}…");
        });
        var removeLabel = Required("--label", "Label of the tokens to remove");
        var remove = Action("remove", "Remove every token with this label", settings, async (p, s, o) =>
            await o.WriteLineAsync($"removed {await s.GetRequiredService<StreamTokens>().RemoveAsync(p.GetValue(removeLabel)!)} token(s)"), removeLabel);
        return new Command("tokens", "Static URL tokens (token=...)") { add, list, remove };
    }

    private static Option<bool> PasswordStdin() => new("--password-stdin") { Description = "Read the password from standard input" };

    private static string ReadPassword(ParseResult p, Option<string?> password, Option<bool> fromStdin) =>
        p.GetValue(fromStdin) ? Console.In.ReadLine() ?? "" : p.GetValue(password) ?? throw new ArgumentException("give --password or --password-stdin");

    private static Command RtspUsersCommand(IDictionary<string, string?>? settings)
    {
        var realm = Required("--realm", "RTSP realm (the one a play rule names)");
        var user = Required("--user", "User name");
        var password = Optional("--password", "Password (prefer --password-stdin: a shell history keeps arguments)");
        var stdin = PasswordStdin();
        var add = Action("add", "Add or change an RTSP user; only md5(user:realm:password) is stored", settings, async (p, s, o) =>
        {
            await s.GetRequiredService<RtspUsers>().SetAsync(p.GetValue(realm)!, p.GetValue(user)!, ReadPassword(p, password, stdin));
            await o.WriteLineAsync($"saved RTSP user '{p.GetValue(user)}' in realm '{p.GetValue(realm)}'");
        }, realm, user, password, stdin);
        var list = Action("list", "List RTSP users", settings, async (p, s, o) =>
        {
            foreach (var (r, u) in await s.GetRequiredService<RtspUsers>().ListAsync())
                await o.WriteLineAsync($"{r}\t{u}");
        });
        var remove = Action("remove", "Remove an RTSP user", settings, async (p, s, o) =>
            await o.WriteLineAsync(await s.GetRequiredService<RtspUsers>().RemoveAsync(p.GetValue(realm)!, p.GetValue(user)!) ? "removed" : "no such user"), realm, user);
        return new Command("rtsp-users", "RTSP digest users by realm") { add, list, remove };
    }

    private static Command ShellUsersCommand(IDictionary<string, string?>? settings)
    {
        var user = Required("--user", "User name");
        var password = Optional("--password", "Password (prefer --password-stdin)");
        var stdin = PasswordStdin();
        var add = Action("add", "Add or change a debug-shell user (salted PBKDF2-SHA256)", settings, async (p, s, o) =>
        {
            await s.GetRequiredService<ShellUsers>().SetAsync(p.GetValue(user)!, ReadPassword(p, password, stdin));
            await o.WriteLineAsync($"saved shell user '{p.GetValue(user)}'");
        }, user, password, stdin);
        var list = Action("list", "List shell users", settings, async (p, s, o) =>
        {
            foreach (var u in await s.GetRequiredService<ShellUsers>().ListAsync()) await o.WriteLineAsync(u);
        });
        var remove = Action("remove", "Remove a shell user", settings, async (p, s, o) =>
            await o.WriteLineAsync(await s.GetRequiredService<ShellUsers>().RemoveAsync(p.GetValue(user)!) ? "removed" : "no such user"), user);
        return new Command("shell-users", "Users allowed into MediaServer's debug shell") { add, list, remove };
    }

    private static Command Sign(IDictionary<string, string?>? settings)
    {
        var kid = WithDefault("--kid", "Signing key id (ZlmHooks__AccessRules__SigningKeys__<kid>)", "default");
        var action = Required("--action", "publish, play or http");
        var vhost = WithDefault("--vhost", "vhost", StreamHookRequest.DefaultVhost);
        var app = Optional("--app", "app");
        var stream = Optional("--stream", "stream");
        var path = Optional("--path", "http: the URL path (its folder is what is signed)");
        var ttl = WithDefault("--ttl", "Seconds the URL stays valid", "3600");
        var url = Optional("--url", "A URL to append the signature to, e.g. rtmp://host/live/cam1");
        var sign = Action("sign", "Mint a signed, expiring URL (what an app server does with the same key)", settings, needsStorage: false, async (p, s, o) =>
        {
            var verb = p.GetValue(action)!.ToLowerInvariant();
            var http = verb == RuleActions.Http;
            var expires = DateTimeOffset.UtcNow.AddSeconds(double.Parse(p.GetValue(ttl)!, System.Globalization.CultureInfo.InvariantCulture));
            var query = s.GetRequiredService<SignedUrls>().Sign(p.GetValue(kid)!, verb,
                http ? "" : p.GetValue(vhost)!,
                http ? "" : p.GetValue(app) ?? throw new ArgumentException("--app is required"),
                http ? AccessPolicy.Folder(p.GetValue(path) ?? throw new ArgumentException("--path is required for http")) : p.GetValue(stream) ?? throw new ArgumentException("--stream is required"),
                expires);
            var baseUrl = p.GetValue(url);
            await o.WriteLineAsync(baseUrl is null ? query : baseUrl + (baseUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query);
        }, kid, action, vhost, app, stream, path, ttl, url);
        return sign;
    }

    private static Command Recordings(IDictionary<string, string?>? settings)
    {
        var server = Optional("--server", "mediaServerId");
        var vhost = Optional("--vhost", "vhost");
        var app = Optional("--app", "app");
        var stream = Optional("--stream", "stream");
        var kind = Optional("--kind", "mp4 or ts");
        var from = Optional("--from", "first day, yyyy-MM-dd (UTC)");
        var to = Optional("--to", "last day, yyyy-MM-dd (UTC)");
        var limit = WithDefault("--limit", "most entries to print", "100");
        var list = Action("list", "List catalogued recordings as JSON (the same answer as GET /api/recordings)", settings, async (p, s, o) =>
        {
            var filter = new ZlmHooks.Recordings.RecordingFilter(p.GetValue(server), p.GetValue(vhost), p.GetValue(app), p.GetValue(stream),
                p.GetValue(from), p.GetValue(to), p.GetValue(kind), int.Parse(p.GetValue(limit)!, System.Globalization.CultureInfo.InvariantCulture));
            var found = await s.GetRequiredService<ZlmHooks.Recordings.RecordingCatalog>().ListAsync(filter, CancellationToken.None);
            await o.WriteLineAsync(JsonSerializer.Serialize(new ZlmHooks.Recordings.RecordingList(found), ZlmHooks.Recordings.RecordingsJson.Default.RecordingList));
        }, server, vhost, app, stream, kind, from, to, limit);
        return new Command("recordings", "The recording catalog in Blob Storage") { list };
    }

    private static Command HookConfigCommand(IDictionary<string, string?>? settings)
    {
        var baseUrl = Optional("--base-url", "The app's base URL (deployment output baseUrl); default: ZlmHooks__Urls, for a local run");
        var key = Optional("--key", "The function key; default: the first of ZlmHooks__FunctionKeys");
        var alive = WithDefault("--alive-interval", "hook.alive_interval in seconds", "10");
        var command = Action("hook-config", "Print the [hook] section of MediaServer's config.ini pointing every hook here", settings, needsStorage: false, async (p, s, o) =>
        {
            var configuration = s.GetRequiredService<IConfiguration>();
            var url = p.GetValue(baseUrl) ?? configuration["ZlmHooks:Urls"] ?? new ZlmHooksOptions().Urls;
            var code = p.GetValue(key) ?? configuration["ZlmHooks:FunctionKeys"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? throw new ArgumentException("no key: pass --key or set ZlmHooks__FunctionKeys");
            await o.WriteAsync(Deployment.HookConfig.Section(url, code, double.Parse(p.GetValue(alive)!, System.Globalization.CultureInfo.InvariantCulture)));
        }, baseUrl, key, alive);
        return command;
    }

    private static Command EventsCommand(IDictionary<string, string?>? settings)
    {
        var count = WithDefault("--count", "How many messages to show (at most 32)", "32");
        var peek = Action("peek", "Show the CloudEvents waiting in the local queue (ZlmHooks__Events__QueueName), without removing them", settings, async (p, s, o) =>
        {
            var storage = s.GetRequiredService<Microsoft.Extensions.Options.IOptions<Storage.StorageOptions>>().Value;
            var name = s.GetRequiredService<Microsoft.Extensions.Options.IOptions<Events.EventsOptions>>().Value.QueueName;
            var queue = new Azure.Storage.Queues.QueueClient(storage.Connection ?? throw new ArgumentException("events peek needs ZlmHooks__Storage__Connection (the local queue)"), name);
            if (!await queue.ExistsAsync()) { await o.WriteLineAsync($"queue {name} has no events yet"); return; }
            foreach (var message in (await queue.PeekMessagesAsync(Math.Clamp(int.Parse(p.GetValue(count)!, System.Globalization.CultureInfo.InvariantCulture), 1, 32))).Value)
                await o.WriteLineAsync(message.Body.ToString());
        }, count);
        return new Command("events", "Stream events (CloudEvents)") { peek };
    }

    private static Command StreamsCommand(IDictionary<string, string?>? settings)
    {
        var server = Optional("--server", "mediaServerId");
        var app = Optional("--app", "app");
        var online = Optional("--online", "true or false");
        var list = Action("list", "List the stream registry as JSON (the same answer as GET /api/streams)", settings, async (p, s, o) =>
        {
            var found = await s.GetRequiredService<ZlmHooks.Streams.StreamRegistry>().ListAsync(p.GetValue(server), p.GetValue(app),
                p.GetValue(online) is { } on ? bool.Parse(on) : null, CancellationToken.None);
            await o.WriteLineAsync(JsonSerializer.Serialize(new ZlmHooks.Streams.StreamList(found), ZlmHooks.Streams.StreamsJson.Default.StreamList));
        }, server, app, online);
        return new Command("streams", "The live stream registry") { list };
    }

    private static Command ServersCommand(IDictionary<string, string?>? settings)
    {
        var list = Action("list", "List media server health as JSON (the same answer as GET /api/servers)", settings, async (p, s, o) =>
        {
            var found = await s.GetRequiredService<ZlmHooks.Servers.ServerHealth>().ListAsync(CancellationToken.None);
            await o.WriteLineAsync(JsonSerializer.Serialize(new ZlmHooks.Servers.ServerList(found), ZlmHooks.Servers.ServersJson.Default.ServerList));
        });
        return new Command("servers", "Media server health") { list };
    }

    private static Command PackageCommand()
    {
        var publishDir = Required("--publish-dir", "Output of dotnet publish -r linux-x64 --self-contained");
        var hostJson = WithDefault("--host-json", "host.json to put at the root", "host.json");
        var output = Required("--output", "The zip to write");
        var command = new Command("package", "Assemble the zip Azure Functions runs (infra/package.sh calls this)") { publishDir, hostJson, output };
        command.SetAction(parse =>
        {
            Deployment.AppPackage.Create(parse.GetValue(hostJson)!, parse.GetValue(publishDir)!, parse.GetValue(output)!);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {parse.GetValue(output)}");
        });
        return command;
    }

    private static Command Catalog()
    {
        var rootOption = new Option<DirectoryInfo>("--root")
        {
            Description = "Repository root holding README.md and the function folders",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var sync = new Command("sync", "Write every hook's function.json and the README hooks table from the catalog") { rootOption };
        sync.SetAction(parse =>
        {
            var dir = parse.GetValue(rootOption)!;
            CatalogFiles.Sync(dir.FullName);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {CatalogFiles.Functions().Count()} function.json files and the README table under {dir.FullName}");
        });
        var list = new Command("list", "List the hooks this build answers");
        list.SetAction(parse =>
        {
            foreach (var hook in HookCatalog.All)
                parse.InvocationConfiguration.Output.WriteLine($"{hook.Name,-24} {hook.Kind,-13} /{hook.Route}");
        });
        return new Command("catalog", "The hooks this build answers") { sync, list };
    }
}
