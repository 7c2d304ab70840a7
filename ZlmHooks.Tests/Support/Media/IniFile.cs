namespace ZlmHooks.Tests.Support.Media;

/// <summary>MediaServer's config.ini, edited key by key: the stock file stays as it is except for the
/// values a test sets (a key not in its section is added at the section's end).</summary>
public sealed class IniFile
{
    private readonly List<string> _lines;

    public IniFile(string text) => _lines = [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')];

    public IniFile Set(string section, string key, object value)
    {
        var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var start = _lines.FindIndex(l => l.Trim() == $"[{section}]");
        if (start < 0)
        {
            _lines.Add($"[{section}]");
            _lines.Add($"{key}={text}");
            return this;
        }
        var end = _lines.FindIndex(start + 1, l => l.TrimStart().StartsWith('['));
        if (end < 0) end = _lines.Count;
        for (var i = start + 1; i < end; i++)
        {
            if (_lines[i].Split('=', 2) is [var name, _] && name.Trim() == key)
            {
                _lines[i] = $"{key}={text}";
                return this;
            }
        }
        _lines.Insert(end, $"{key}={text}");
        return this;
    }

    public string? Get(string section, string key)
    {
        var start = _lines.FindIndex(l => l.Trim() == $"[{section}]");
        if (start < 0) return null;
        for (var i = start + 1; i < _lines.Count && !_lines[i].TrimStart().StartsWith('['); i++)
            if (_lines[i].Split('=', 2) is [var name, var value] && name.Trim() == key)
                return value;
        return null;
    }

    /// <summary>Every <c>key=value</c> line of an ini section text (such as <c>hook-config</c>'s output) set in <paramref name="section"/>.</summary>
    public IniFile SetAll(string section, string sectionText)
    {
        foreach (var line in sectionText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!line.StartsWith('[') && line.Split('=', 2) is [var key, var value])
                Set(section, key, value);
        return this;
    }

    public override string ToString() => string.Join('\n', _lines);
}
