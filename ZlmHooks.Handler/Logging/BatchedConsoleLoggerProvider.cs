using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Logging;

/// <summary>
/// Console logging formatted exactly as <c>Microsoft.Extensions.Logging.Console</c> formats it (its own
/// formatters and options: <c>Logging__Console__FormatterName</c>, <c>FormatterOptions</c>,
/// <c>LogToStandardErrorThreshold</c>), written in batches by <see cref="ConsoleBatches"/>. The
/// library's console provider writes one line per write call and wakes its writer thread for most
/// lines; with one line per hook call that was about a fifth of a warm on_play (docs/benchmarks.md).
/// </summary>
[ProviderAlias("Console")]
public sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _formatter;
    private readonly SingleLineText? _singleLine;
    private readonly LogLevel _toStandardError;
    private readonly ConsoleBatches _batches;
    private IExternalScopeProvider? _scopes;

    public BatchedConsoleLoggerProvider(IEnumerable<ConsoleFormatter> formatters, IOptions<ConsoleLoggerOptions> options, IOptionsMonitor<SimpleConsoleFormatterOptions> simple)
        : this(formatters, options, new ConsoleBatches(Console.OpenStandardOutput(), Console.OpenStandardError()), simple.CurrentValue, Console.IsOutputRedirected)
    {
    }

    internal BatchedConsoleLoggerProvider(IEnumerable<ConsoleFormatter> formatters, IOptions<ConsoleLoggerOptions> options, ConsoleBatches batches,
        SimpleConsoleFormatterOptions? simple = null, bool outputRedirected = true)
    {
        var name = options.Value.FormatterName ?? ConsoleFormatterNames.Simple;
        var all = formatters.ToList();
        _formatter = all.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? all.First(f => f.Name == ConsoleFormatterNames.Simple);
        if (_formatter.Name == ConsoleFormatterNames.Simple && simple is not null)
            _singleLine = SingleLineText.For(simple, outputRedirected);
        _toStandardError = options.Value.LogToStandardErrorThreshold;
        _batches = batches;
    }

    /// <summary>Keeps the console provider's formatters and options, and writes through this provider.</summary>
    public static void ReplaceConsoleProvider(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
            if (services[i].ServiceType == typeof(ILoggerProvider) && services[i].ImplementationType == typeof(ConsoleLoggerProvider))
                services.RemoveAt(i);
        services.AddSingleton<ILoggerProvider, BatchedConsoleLoggerProvider>();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _batches.Dispose();

    private sealed class Logger(BatchedConsoleLoggerProvider owner, string category) : ILogger
    {
        [ThreadStatic] private static StringWriter? t_writer;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            owner._scopes?.Push(state) ?? NullScope.Instance;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            if (owner._singleLine is { } singleLine && exception is null)
            {
                // The simple formatter's own single-line output, written without its TextWriter steps.
                owner._batches.Add(singleLine.Line(logLevel, category, eventId.Id, formatter(state, exception)), logLevel >= owner._toStandardError);
                return;
            }
            var writer = t_writer ??= new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            var text = writer.GetStringBuilder();
            try
            {
                owner._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
                if (text.Length > 0) owner._batches.Add(text.ToString(), logLevel >= owner._toStandardError);
            }
            finally
            {
                // A formatter that throws halfway leaves nothing behind for the thread's next line.
                text.Clear();
                if (text.Capacity > 4096) t_writer = null; // one huge exception does not pin its buffer to the thread
            }
        }
    }

    private sealed class NullScope : IDisposable
    {
        public static readonly NullScope Instance = new();
        public void Dispose() { }
    }
}
