using System.CommandLine;
using System.Text.Json;
using ZlmHooks.Hosting;
using ZlmHooks.Storage;

namespace ZlmHooks.Cli;

/// <summary>
/// What every admin command runs with: the handler's own service setup (<see cref="ZlmHooksApp.AddZlmHooks"/>,
/// so the same settings, clients and credential), built from the same settings sources, without
/// starting anything; and one way to report an operator's mistake (a line, exit code 1).
/// </summary>
public sealed class AdminServices(IDictionary<string, string?>? settings)
{
    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "Storage connection string (default: ZlmHooks__Storage__Connection, or ZlmHooks__Storage__Account with Entra ID)",
        Recursive = true,
    };

    public static readonly Option<string?> TablePrefix = new("--table-prefix")
    {
        Description = "Table name prefix (default: ZlmHooks__Storage__TablePrefix, else 'zlm')",
        Recursive = true,
    };

    public IHost Build(ParseResult parse, bool needsStorage)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        LocalSettings.AddTo(builder.Configuration);
        builder.Configuration.AddEnvironmentVariables();
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (parse.GetValue(Connection) is { Length: > 0 } connection) builder.Configuration["ZlmHooks:Storage:Connection"] = connection;
        if (parse.GetValue(TablePrefix) is { Length: > 0 } prefix) builder.Configuration["ZlmHooks:Storage:TablePrefix"] = prefix;
        if (needsStorage && !StorageSetup.IsConfigured(builder.Configuration))
            throw new ArgumentException("no storage configured: pass --connection or set ZlmHooks__Storage__Connection / ZlmHooks__Storage__Account");
        builder.Services.AddLogging();
        builder.AddZlmHooks();
        return builder.Build();
    }

    /// <summary>A command that runs with the app's services and reports a failure as one line (the full
    /// exception too with ZLMHOOKS_TRACE=1).</summary>
    public Command Action(string name, string description, bool needsStorage, Func<ParseResult, IServiceProvider, TextWriter, CancellationToken, Task> run, params Option[] options)
    {
        var command = new Command(name, description);
        foreach (var option in options) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var host = Build(parse, needsStorage);
                await run(parse, host.Services, parse.InvocationConfiguration.Output, cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or JsonException or InvalidOperationException or Azure.RequestFailedException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("error: " + Describe(e));
                // The operator sees the message; a developer chasing a storage or SDK fault wants the stack.
                if (Environment.GetEnvironmentVariable("ZLMHOOKS_TRACE") == "1")
                    await parse.InvocationConfiguration.Error.WriteLineAsync(e.ToString());
                return 1;
            }
        });
        return command;
    }

    private static string Describe(Exception e) => e is Azure.RequestFailedException { ErrorCode: "TableNotFound" or "ContainerNotFound" or "QueueNotFound" }
        ? e.Message.Split('\n')[0] + " (create the tables, container and queue with `init`; in Azure the Bicep creates them)"
        : e.Message;

    /// <summary>A comma-separated list option ("a,b,c"), null when not given.</summary>
    public static Option<string[]?> List(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => r.Tokens.Count == 0 ? null : [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
    };

    /// <summary>A list option's value: null when not given (System.CommandLine gives an empty array), so
    /// a rule stores no condition rather than an empty one.</summary>
    public static string[]? ValueOf(ParseResult p, Option<string[]?> list) => p.GetValue(list) is { Length: > 0 } values ? values : null;

    public static Option<bool> PasswordStdin() => new("--password-stdin") { Description = "Read the password from standard input" };

    public static string ReadPassword(ParseResult p, Option<string?> password, Option<bool> fromStdin) =>
        p.GetValue(fromStdin) ? Console.In.ReadLine() ?? "" : p.GetValue(password) ?? throw new ArgumentException("give --password or --password-stdin");
}
