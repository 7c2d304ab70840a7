using ZlmHooks.Hosting;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using ZlmHooks.Logging;

#pragma warning disable CA1848, CA1873 // plain Log calls are what these tests feed the provider

namespace ZlmHooks.Tests;

/// <summary>The batched console log: the library's formatting, every line, in order, to the right stream.</summary>
public sealed class ConsoleLogTests
{
    private static (BatchedConsoleLoggerProvider Provider, MemoryStream Out, MemoryStream Error) Provider(Action<ILoggingBuilder> console)
    {
        var services = new ServiceCollection();
        services.AddLogging(console);
        using var sp = services.BuildServiceProvider();
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var provider = new BatchedConsoleLoggerProvider(sp.GetServices<ConsoleFormatter>(),
            sp.GetRequiredService<IOptions<ConsoleLoggerOptions>>(), new ConsoleBatches(stdout, stderr),
            sp.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue);
        return (provider, stdout, stderr);
    }

    /// <summary>What the library's simple formatter itself writes for one entry.</summary>
    private static string Library(SimpleConsoleFormatterOptions options, LogLevel level, string category, int eventId, string message, Exception? exception = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o =>
        {
            (o.SingleLine, o.TimestampFormat, o.UseUtcTimestamp, o.ColorBehavior) = (options.SingleLine, options.TimestampFormat, options.UseUtcTimestamp, options.ColorBehavior);
        }));
        using var sp = services.BuildServiceProvider();
        var simple = sp.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple);
        using var text = new StringWriter();
        simple.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<string>(level, category, new EventId(eventId), message, exception, (m, _) => m), null, text);
        return text.ToString();
    }

    [Fact]
    public void Single_line_entries_are_written_exactly_as_the_library_writes_them()
    {
        // Minute resolution so both sides format the same time (redone once should a minute turn in between).
        var options = new SimpleConsoleFormatterOptions { SingleLine = true, TimestampFormat = "yyyy-MM-dd HH:mm ", UseUtcTimestamp = true, ColorBehavior = LoggerColorBehavior.Disabled };
        var line = Assert.IsType<SingleLineText>(SingleLineText.For(options, outputRedirected: false));
        string[] messages = ["on_play __defaultVhost__/live/cam1 from zlm-test-01 client 127.0.0.1: allow (code 0)", "", "two" + Environment.NewLine + "lines", "流 ünïcode \t tab"];
        foreach (var level in new[] { LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical })
            foreach (var id in new[] { 0, 1, 63, 64, 1234, -1 })
                foreach (var message in messages)
                {
                    var ours = line.Line(level, "ZlmHooks.Hooks.HookLog", id, message);
                    var theirs = Library(options, level, "ZlmHooks.Hooks.HookLog", id, message);
                    if (ours != theirs) ours = line.Line(level, "ZlmHooks.Hooks.HookLog", id, message);
                    Assert.Equal(theirs, ours);
                }
        // Without a timestamp, too; and the settings whose output differs are left to the library.
        var plain = new SimpleConsoleFormatterOptions { SingleLine = true, ColorBehavior = LoggerColorBehavior.Disabled };
        Assert.Equal(Library(plain, LogLevel.Information, "Cat", 7, "x"), SingleLineText.For(plain, false)!.Line(LogLevel.Information, "Cat", 7, "x"));
        Assert.Null(SingleLineText.For(new SimpleConsoleFormatterOptions { SingleLine = false }, true));
        Assert.Null(SingleLineText.For(new SimpleConsoleFormatterOptions { SingleLine = true, IncludeScopes = true }, true));
        Assert.Null(SingleLineText.For(new SimpleConsoleFormatterOptions { SingleLine = true, ColorBehavior = LoggerColorBehavior.Enabled }, true));
        Assert.Null(SingleLineText.For(new SimpleConsoleFormatterOptions { SingleLine = true }, outputRedirected: false)); // a terminal gets colours
        Assert.Null(SingleLineText.For(new SimpleConsoleFormatterOptions { SingleLine = true, TimestampFormat = "HH:mm:ss.ffffff " }, true));
    }

    [Fact]
    public void An_entry_with_an_exception_is_written_by_the_library_formatter()
    {
        var (provider, stdout, _) = Provider(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.ColorBehavior = LoggerColorBehavior.Disabled; }));
        var error = new InvalidOperationException("boom");
        provider.CreateLogger("Cat").Log(LogLevel.Warning, new EventId(3), "state", error, (m, _) => m);
        provider.CreateLogger("Cat").Log(LogLevel.Information, new EventId(4), "plain", null, (m, _) => m);
        provider.Dispose();
        var options = new SimpleConsoleFormatterOptions { SingleLine = true, ColorBehavior = LoggerColorBehavior.Disabled };
        Assert.Equal(Library(options, LogLevel.Warning, "Cat", 3, "state", error) + Library(options, LogLevel.Information, "Cat", 4, "plain"),
            Encoding.UTF8.GetString(stdout.ToArray()));
    }

    private static string[] Lines(MemoryStream stream) =>
        Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Every_line_from_many_threads_is_written_once_in_each_threads_order()
    {
        var (provider, stdout, _) = Provider(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var logger = provider.CreateLogger("ZlmHooks.Hooks.HookLog");
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++) logger.LogInformation("thread {Thread} line {Line}", t, i);
        })));
        provider.Dispose(); // writes what is queued

        var lines = Lines(stdout);
        Assert.Equal(16_000, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("info: ZlmHooks.Hooks.HookLog[0] thread ", l, StringComparison.Ordinal));
        for (var t = 0; t < 8; t++)
        {
            var mine = lines.Where(l => l.Contains($" thread {t} line ", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, 2_000).Select(i => $"info: ZlmHooks.Hooks.HookLog[0] thread {t} line {i}"), mine);
        }
    }

    [Fact]
    public void The_console_options_still_choose_the_format_and_the_stream()
    {
        var (provider, stdout, stderr) = Provider(b => b.AddJsonConsole().AddConsole(o =>
        {
            o.FormatterName = ConsoleFormatterNames.Json;
            o.LogToStandardErrorThreshold = LogLevel.Error;
        }));
        var logger = provider.CreateLogger("Cat");
        logger.LogInformation("to stdout {Value}", 1);
        logger.LogError(new InvalidOperationException("boom"), "to stderr");
        logger.LogWarning("to stdout again");
        provider.Dispose();

        var outLines = Lines(stdout).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["to stdout 1", "to stdout again"], outLines.Select(e => e.GetProperty("Message").GetString()));
        var error = Assert.Single(Lines(stderr), l => l.StartsWith('{'));
        using var json = JsonDocument.Parse(error);
        Assert.Equal("Error", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.Contains("boom", json.RootElement.GetProperty("Exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_stdout_makes_callers_wait_past_the_queue_limit_and_loses_nothing()
    {
        using var stdout = new GatedStream();
        var batches = new ConsoleBatches(stdout, Stream.Null);
        batches.Add("first\n", error: false);
        Assert.True(stdout.Entered.Wait(TimeSpan.FromSeconds(5)), "the writer never wrote");

        // The writer is stuck in its write: the queue fills, then the caller waits instead of dropping.
        var adding = Task.Run(() =>
        {
            for (var i = 0; i < ConsoleBatches.MaxQueued + 100; i++) batches.Add($"line {i}\n", error: false);
        });
        await Task.WhenAny(adding, Task.Delay(500));
        Assert.False(adding.IsCompleted);

        stdout.Open();
        await adding.WaitAsync(TimeSpan.FromSeconds(10));
        batches.Dispose();
        var lines = Encoding.UTF8.GetString(stdout.Written).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["first", .. Enumerable.Range(0, ConsoleBatches.MaxQueued + 100).Select(i => $"line {i}")], lines);
    }

    [Fact]
    public void A_line_logged_after_the_writer_stopped_is_still_written()
    {
        var stdout = new MemoryStream();
        var batches = new ConsoleBatches(stdout, Stream.Null);
        batches.Add("before\n", error: false);
        batches.Dispose();
        batches.Add("during shutdown\n", error: false);
        Assert.Equal("before\nduring shutdown\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task The_app_writes_its_console_log_through_the_batched_provider()
    {
        var app = Program.Build([], b => b.Configuration["ZlmHooks:DevelopmentMode"] = "true", new HostingEnvironment(null, false));
        await using var _ = app;
        var providers = app.Services.GetServices<ILoggerProvider>().Select(p => p.GetType()).ToList();
        Assert.Contains(typeof(BatchedConsoleLoggerProvider), providers);
        Assert.DoesNotContain(typeof(ConsoleLoggerProvider), providers);
    }

    /// <summary>stdout whose reader has stalled until <see cref="Open"/>.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly ManualResetEventSlim _open = new(false);
        private readonly MemoryStream _written = new();

        public ManualResetEventSlim Entered { get; } = new(false);
        public byte[] Written => _written.ToArray();

        public void Open() => _open.Set();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Entered.Set();
            _open.Wait();
            lock (_written) _written.Write(buffer, offset, count);
        }

        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) { _open.Dispose(); Entered.Dispose(); _written.Dispose(); }
            base.Dispose(disposing);
        }
    }
}
