using System.CommandLine;

namespace ZlmHooks.Cli;

/// <summary>The operator's command line, in the same binary, with the same settings (environment,
/// local.settings.json, or <c>--connection</c>) and the same service setup as the handler
/// (<see cref="AdminServices"/>). One file per command.</summary>
public static class AdminCommands
{
    private static readonly string[] Names = ["init", "catalog", "rules", "tokens", "rtsp-users", "shell-users", "sign", "jwt", "recordings", "hook-config", "package", "events", "streams", "servers"];

    public static bool Handles(string first) => Names.Contains(first) || first is "--help" or "-h" or "help";

    /// <param name="settings">Settings that win over the environment's (tests).</param>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, IDictionary<string, string?>? settings = null)
    {
        var services = new AdminServices(settings);
        var root = new RootCommand("ZlmHooks: ZLMediaKit web-hook receiver. Run with no command to serve the hooks.")
        {
            AdminServices.Connection,
            AdminServices.TablePrefix,
            InitCommand.Create(services),
            CatalogCommand.Create(services),
            RulesCommand.Create(services),
            TokensCommand.Create(services),
            RtspUsersCommand.Create(services),
            ShellUsersCommand.Create(services),
            SignCommand.Create(services),
            JwtCommand.Create(services),
            RecordingsCommand.Create(services),
            HookConfigCommand.Create(services),
            EventsCommand.Create(services),
            StreamsCommand.Create(services),
            ServersCommand.Create(services),
            PackageCommand.Create(services),
        };
        var config = new InvocationConfiguration();
        if (output is not null)
        {
            config.Output = output;
            config.Error = output;
        }
        return root.Parse(args).InvokeAsync(config);
    }
}
