namespace ZlmHooks.Cli;

/// <summary>A list command's answer for a person: one row per item under column names, padded to
/// line up. <c>--json</c> gives scripts the API's JSON instead.</summary>
public static class TextTable
{
    public static async Task WriteAsync(TextWriter output, string[] columns, IReadOnlyList<string[]> rows, string none)
    {
        if (rows.Count == 0)
        {
            await output.WriteLineAsync(none);
            return;
        }
        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        await output.WriteLineAsync(Line(columns));
        foreach (var row in rows) await output.WriteLineAsync(Line(row));
    }

    /// <summary>A time as an operator reads it: UTC to the second, or "-".</summary>
    public static string Time(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
