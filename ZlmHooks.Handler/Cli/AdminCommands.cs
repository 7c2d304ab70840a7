using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace ZlmHooks.Cli;

/// <summary>The operator's command line, in the same binary, with the same settings (environment,
/// local.settings.json, or <c>--connection</c>) and the same service setup as the handler
/// (<see cref="AdminServices"/>). One file per command.</summary>
public static class AdminCommands
{
    /// <summary>Set by <c>./zlm</c> (environment only): the name help and hints show, and "admin commands
    /// only": with it, no arguments prints the help and <c>serve</c> is not a command.</summary>
    public const string CliNameVariable = "ZLMHOOKS_CLI";

    /// <summary>A parse error (unknown command or option, a missing or bad value): the exit code.</summary>
    public const int UsageError = 2;

    /// <param name="args">The command line.</param>
    /// <param name="output">Where the commands write (and their errors, unless <paramref name="error"/> is given); default the console.</param>
    /// <param name="settings">Settings that win over the environment's (tests).</param>
    /// <param name="name">The name help and hints show (<c>./zlm</c>); default the executable's.</param>
    /// <param name="serve">Serves the hooks with the arguments after <c>serve</c>: offered as the
    /// <c>serve</c> command when given (the binary run directly), absent for <c>./zlm</c>.</param>
    /// <param name="error">Where errors go; default <paramref name="output"/>, else the console.</param>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, IDictionary<string, string?>? settings = null,
        string? name = null, Func<string[], Task<int>>? serve = null, TextWriter? error = null)
    {
        var services = new AdminServices(settings);
        var root = new RootCommand(serve is null
            ? "ZlmHooks admin commands: rules, tokens, users, signed URLs and what the hooks recorded (./run.sh serves the hooks)."
            : "ZlmHooks: ZLMediaKit web-hook receiver. With no arguments (or 'serve') it serves the hooks; else it runs one of its admin commands.")
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
        if (name is not null) root.HelpName = name;
        if (serve is not null)
        {
            // Settings follow as configuration arguments (--ZlmHooks:Urls=http://0.0.0.0:7071), not options.
            var command = new Command("serve", "Serve the hooks (the same as no arguments); settings as --Section:Key=value, e.g. --ZlmHooks:Urls=http://0.0.0.0:7071")
            {
                TreatUnmatchedTokensAsErrors = false,
            };
            command.SetAction((parse, _) => serve([.. parse.UnmatchedTokens]));
            root.Subcommands.Insert(0, command);
        }
        var config = new InvocationConfiguration();
        if (output is not null) config.Output = output;
        if ((error ?? output) is { } errors) config.Error = errors;
        var parse = root.Parse(args);
        return parse.Action is ParseErrorAction
            ? ReportAsync(parse, config.Error, name ?? RootCommand.ExecutableName, canServe: serve is not null)
            : parse.InvokeAsync(config);
    }

    /// <summary>A parse error as one line and a one-line hint, not the help page: what was wrong (with
    /// "did you mean" for a misspelt command or option) and where the help is.</summary>
    private static async Task<int> ReportAsync(ParseResult parse, TextWriter error, string name, bool canServe)
    {
        var command = parse.CommandResult.Command;
        var path = string.Join(' ', [name, .. Path(parse.CommandResult)]);
        string message;
        if (!canServe && parse.CommandResult.Parent is null && parse.UnmatchedTokens is ["serve", ..])
            message = $"'{path}' runs the admin commands only: ./run.sh serves the hooks";
        else if (parse.UnmatchedTokens is [var token, ..])
        {
            var isOption = token.StartsWith('-');
            var guess = Closest(isOption ? token.Split('=')[0] : token, isOption ? OptionNames(parse.CommandResult) : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            message = (isOption ? $"'{token}' is not an option of '{path}'"
                    : command.Subcommands.Count > 0 ? $"'{token}' is not a command of '{path}'"
                    : $"'{path}' takes no argument '{token}'")
                + (guess is null ? "" : $" (did you mean '{guess}'?)");
        }
        else if (command.Action is null && command.Subcommands.Count > 0 && parse.Errors.Count == 1)
            message = $"'{path}' needs one of its commands: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
        else
            message = string.Join(" ", parse.Errors.Select(e => e.Message));
        await error.WriteLineAsync("error: " + message);
        await error.WriteLineAsync($"run '{path} --help' for its {(command.Subcommands.Count > 0 ? "commands and options" : "options")}");
        return UsageError;
    }

    private static Stack<string> Path(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is CommandResult { Parent: not null } c; r = c.Parent)
            names.Push(c.Command.Name);
        return names;
    }

    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
            foreach (var option in c.Command.Options.Where(o => !o.Hidden && (r == result || o.Recursive)))
            {
                yield return option.Name;
                foreach (var alias in option.Aliases) yield return alias;
            }
    }

    /// <summary>The name closest to a misspelt <paramref name="word"/>, if one is close: at most two
    /// edits away, or the one it is a prefix of (at least 3 characters).</summary>
    internal static string? Closest(string word, IEnumerable<string> names) => names
        .Select(n => (Name: n, Distance: n.StartsWith(word, StringComparison.OrdinalIgnoreCase) && word.TrimStart('-').Length >= 3 ? 0 : Distance(word.ToLowerInvariant(), n.ToLowerInvariant())))
        .Where(c => c.Distance <= Math.Min(2, Math.Max(1, word.TrimStart('-').Length / 2)))
        .OrderBy(c => c.Distance)
        .Select(c => c.Name)
        .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
