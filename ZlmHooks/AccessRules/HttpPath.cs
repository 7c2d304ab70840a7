namespace ZlmHooks.AccessRules;

/// <summary>
/// The path on_http_access asks about, in the one form rules are matched against: percent-decoded
/// once, '\' read as '/', duplicate slashes and "." removed, ".." applied. A path that climbs above
/// the root, still holds an encoded dot, slash or backslash after decoding (double encoding), or
/// holds a control character is no path a rule can cover: it is refused, whatever the rules say.
/// Without this a "/pub/" rule would let "/pub/../secret/x.mp4" through.
/// </summary>
public static partial class HttpPath
{
    [System.Text.RegularExpressions.GeneratedRegex("%[0-9a-fA-F]{2}")]
    private static partial System.Text.RegularExpressions.Regex EncodedByte();

    public const int MaxLength = 4096;

    public static bool TryNormalize(string? path, out string normalized, out string problem)
    {
        normalized = "";
        problem = "";
        if (string.IsNullOrEmpty(path) || path.Length > MaxLength)
        {
            problem = "the path is empty or too long";
            return false;
        }
        var decoded = Uri.UnescapeDataString(path).Replace('\\', '/');
        foreach (var c in decoded)
        {
            if (char.IsControl(c) || c == '\uFFFD')
            {
                problem = "the path holds a control character";
                return false;
            }
        }
        if (EncodedByte().IsMatch(decoded))
        {
            // Encoded twice ("%252e"), or bytes that are no UTF-8 ("%c0%ae", an overlong '.'): a lax
            // decoder further on could still read either as a dot or a slash.
            problem = "the path is encoded twice or is not UTF-8";
            return false;
        }

        var segments = new List<string>();
        foreach (var segment in decoded.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    problem = "the path climbs above the root";
                    return false;
                }
                segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        var folder = decoded.EndsWith('/') || decoded.EndsWith("/.", StringComparison.Ordinal) || decoded.EndsWith("/..", StringComparison.Ordinal);
        normalized = "/" + string.Join('/', segments) + (folder && segments.Count > 0 ? "/" : "");
        return true;
    }

    /// <summary>Whether MediaServer's own file path climbs out of where it points: a ".." segment in it.</summary>
    public static bool Climbs(string? filePath) =>
        filePath is not null && filePath.Replace('\\', '/').Split('/').Contains("..");
}
