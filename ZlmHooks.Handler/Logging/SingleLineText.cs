using Microsoft.Extensions.Logging.Console;

namespace ZlmHooks.Logging;

/// <summary>
/// The line <c>SimpleConsoleFormatter</c> writes in single-line mode without colours or scopes
/// (<c>HH:mm:ss.fff info: Category[EventId] message</c>), built in one string. The library's path
/// formats the timestamp's custom pattern, then each part through a <c>TextWriter</c>, then copies
/// the result: with one line per hook call that was most of the line's cost under load. Used only
/// where the output is the same (a test compares the two); any other setting, and every line with an
/// exception, goes through the library's formatter.
/// </summary>
internal sealed class SingleLineText
{
    private readonly string? _timestampFormat;
    private readonly bool _utc;
    private Stamp? _stamp;

    private SingleLineText(string? timestampFormat, bool utc)
    {
        _timestampFormat = timestampFormat;
        _utc = utc;
    }

    /// <summary>Null unless the options give a line this class writes exactly as the library does.</summary>
    public static SingleLineText? For(SimpleConsoleFormatterOptions options, bool outputRedirected)
    {
        var noColour = options.ColorBehavior == LoggerColorBehavior.Disabled
            || (options.ColorBehavior == LoggerColorBehavior.Default && outputRedirected
                && Environment.GetEnvironmentVariable("DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION") is null or "" or "0" or "false");
        // A timestamp pattern finer than a millisecond could not be kept for a millisecond.
        var stampable = options.TimestampFormat is null || !options.TimestampFormat.Contains("ffff", StringComparison.OrdinalIgnoreCase);
        return options.SingleLine && !options.IncludeScopes && noColour && stampable ? new SingleLineText(options.TimestampFormat, options.UseUtcTimestamp) : null;
    }

    public string Line(LogLevel level, string category, int eventId, string message)
    {
        if (message.Contains('\n', StringComparison.Ordinal)) message = message.Replace(Environment.NewLine, " ", StringComparison.Ordinal);
        return string.Concat([Timestamp(), Level(level), ": ", category, "[", EventIds.Of(eventId), message.Length == 0 ? "]" : "] ", message, Environment.NewLine]);
    }

    /// <summary>The formatted time, formatted again only when the millisecond changes.</summary>
    private string Timestamp()
    {
        if (_timestampFormat is null) return "";
        var now = _utc ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
        var ms = now.UtcTicks / TimeSpan.TicksPerMillisecond;
        var stamp = Volatile.Read(ref _stamp);
        if (stamp is null || stamp.Ms != ms)
            Volatile.Write(ref _stamp, stamp = new Stamp(ms, now.ToString(_timestampFormat, System.Globalization.CultureInfo.CurrentCulture)));
        return stamp.Text;
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };

    private sealed record Stamp(long Ms, string Text);

    private static class EventIds
    {
        private static readonly string[] Small = [.. Enumerable.Range(0, 64).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

        public static string Of(int id) => id is >= 0 and < 64 ? Small[id] : id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
