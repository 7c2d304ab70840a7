using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ZlmHooks.Cli;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Issue 30, the first hour: the binary serves only when asked to (no arguments, as the Functions
/// host starts it, or <c>serve</c>), a mistyped command is an error with "did you mean", a parse error is
/// a line and a hint rather than the help page, a port in use is one line, and the start line says
/// where the server really listens.</summary>
public sealed class CommandLineTests
{
    /// <summary>Runs the binary's entry point; a run that serves when it should not is stopped, and fails.</summary>
    private static async Task<(int Code, string Error, string Output)> RunAsync(string[] args, string? cliName = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var code = await Program.RunAsync(args, cliName, output, error, stop.Token);
        Assert.False(stop.IsCancellationRequested, $"'{string.Join(' ', args)}' served instead of answering");
        return (code, error.ToString(), output.ToString());
    }

    /// <summary>The served app's own log lines (DevelopmentMode's warnings) stay out of the test run's output.</summary>
    private const string Quiet = "--Logging:LogLevel:ZlmHooks=Error";

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Theory]
    [InlineData(null)]
    [InlineData("./zlm")]
    public async Task A_mistyped_command_is_an_error_with_did_you_mean_and_never_serves(string? cliName)
    {
        var (code, error, _) = await RunAsync(["rule", "list"], cliName);
        Assert.Equal(2, code);
        var lines = Lines(error);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: 'rule' is not a command", lines[0], StringComparison.Ordinal);
        Assert.Contains("did you mean 'rules'?", lines[0], StringComparison.Ordinal);
        Assert.Contains("--help", lines[1], StringComparison.Ordinal);
        if (cliName is not null) Assert.Contains("'./zlm --help'", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zlm_runs_admin_commands_only_and_shows_its_help_with_no_arguments()
    {
        var serve = await RunAsync(["serve"], "./zlm");
        Assert.Equal(2, serve.Code);
        Assert.Contains("./run.sh serves the hooks", serve.Error, StringComparison.Ordinal);

        var help = await RunAsync([], "./zlm");
        Assert.Equal(0, help.Code);
        Assert.Contains("./zlm [command] [options]", help.Output, StringComparison.Ordinal);
        Assert.Contains("rules", help.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "rules", "lst" }, "'lst' is not a command of 'zlm rules' (did you mean 'list'?)", "zlm rules", "commands and options")]
    [InlineData(new[] { "rules" }, "'zlm rules' needs one of its commands: add, list, remove", "zlm rules", "commands and options")]
    [InlineData(new[] { "rules", "list", "--jsn" }, "'--jsn' is not an option of 'zlm rules list' (did you mean '--json'?)", "zlm rules list", "options")]
    [InlineData(new[] { "rules", "add", "--id", "x", "--effect", "allow" }, "Option '--action' is required.", "zlm rules add", "options")]
    [InlineData(new[] { "hook-config", "--alive-interval", "0" }, "--alive-interval must be more than 0 seconds", "zlm hook-config", "options")]
    public async Task A_parse_error_is_one_line_and_a_hint_not_the_help_page(string[] args, string message, string command, string what)
    {
        var output = new StringWriter();
        var code = await AdminCommands.RunAsync(args, output, name: "zlm");
        Assert.Equal(AdminCommands.UsageError, code);
        Assert.Equal(["error: " + message, $"run '{command} --help' for its {what}"], Lines(output.ToString()));
    }

    /// <summary>The handler binary itself (the test build's apphost), with everything it prints.</summary>
    private static async Task<(int Code, string Output)> ProcessAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "ZlmHooks.Handler"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{string.Join(' ', args)}' was still running after 30 s (serving?)");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_it_and_a_non_zero_exit()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        // The process as ./run.sh starts it: everything it prints on both streams is that one line (no
        // host error, no stack trace, nothing from the services that had started).
        var (code, output) = await ProcessAsync("serve", "--ZlmHooks:DevelopmentMode=true", $"--ZlmHooks:Urls=http://127.0.0.1:{port}", Quiet,
            $"--ZlmHooks:Storage:Connection={Azurite.Connection}", $"--ZlmHooks:Storage:TablePrefix={Azurite.NewPrefix()}");
        Assert.Equal(3, code);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith($"ZlmHooks cannot start: port {port} is in use (is ./run.sh already running?)", line, StringComparison.Ordinal);
        Assert.Contains("ZlmHooks__Urls", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_binary_with_a_word_that_is_not_a_command_says_so_and_does_not_serve()
    {
        var (code, output) = await ProcessAsync("rule", "list");
        Assert.Equal(2, code);
        Assert.Equal(2, Lines(output).Length);
        Assert.Contains("did you mean 'rules'?", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_line_says_where_the_server_really_listens()
    {
        var error = new StringWriter();
        var synchronized = TextWriter.Synchronized(error);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Configuration arguments alone serve, as with no arguments (the Functions host passes none).
        var run = Program.RunAsync(["--ZlmHooks:DevelopmentMode=true", "--ZlmHooks:Urls=http://0.0.0.0:0", Quiet], null, TextWriter.Null, synchronized, stop.Token);
        string text;
        while (!(text = error.ToString()).Contains("listens on", StringComparison.Ordinal) && !run.IsCompleted && !stop.IsCancellationRequested)
            await Task.Delay(50);
        var banner = Regex.Match(text, @"listens on http://0\.0\.0\.0:(?<port>\d+) \(every address of this machine\); the console: http://127\.0\.0\.1:(?<local>\d+)/console");
        Assert.True(banner.Success, text);
        Assert.NotEqual("0", banner.Groups["port"].Value);
        Assert.Equal(banner.Groups["port"].Value, banner.Groups["local"].Value);
        // ...and it answers there.
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://127.0.0.1:{banner.Groups["port"].Value}/")).StatusCode);
        await stop.CancelAsync();
        Assert.Equal(0, await run);
    }

    [Theory]
    [InlineData("rule", "rules")]
    [InlineData("tokn", "tokens")]
    [InlineData("serv", "serve")]
    [InlineData("--conection", "--connection")]
    [InlineData("x", null)]
    [InlineData("deploy", null)]
    public void Did_you_mean_offers_only_a_close_name(string word, string? expected) =>
        Assert.Equal(expected, AdminCommands.Closest(word, ["serve", "init", "rules", "tokens", "servers", "sign", "jwt", "--connection", "--table-prefix"]));
}
