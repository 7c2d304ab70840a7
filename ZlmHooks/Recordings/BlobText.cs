using System.Text;

namespace ZlmHooks.Recordings;

/// <summary>
/// Blob metadata values must be ASCII and index-tag values may hold only letters, digits, space and
/// <c>+ - . : = _ /</c>; stream ids are any UTF-8 (Chinese names are common). These encodings are
/// reversible and leave plain ids as they are.
/// </summary>
public static class BlobText
{
    /// <summary>Metadata value: printable ASCII stays, everything else (and '%') becomes %XX of its UTF-8 bytes:
    /// <c>Uri.UnescapeDataString</c> reverses it.
    /// A blob's metadata holds 8 KiB in all, so a value is cut at <see cref="MaxMetadata"/> characters
    /// (the entry's JSON keeps the whole hook body).</summary>
    public static string Metadata(string value)
    {
        var escaped = Escape(value, c => c is > ' ' and < '\u007f' and not '%', '%');
        return escaped.Length <= MaxMetadata ? escaped : escaped[..MaxMetadata];
    }

    public const int MaxMetadata = 700;

    /// <summary>The longest name segment kept as it is; a longer one is cut and followed by '~' and a
    /// SHA-256 of the whole value, so a blob name (at most 1,024 characters) always fits.</summary>
    public const int MaxSegment = 160;

    public static string FromMetadata(string value) => Uri.UnescapeDataString(value);

    /// <summary>Tag value: letters, digits, '-' and '.' stay; everything else becomes _XX of its UTF-8 bytes.</summary>
    public static string Tag(string value) => Escape(value, c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.', '_');

    /// <summary>One blob-name segment: no '/', '\', '%' or control characters; '.' and '..' cannot occur.</summary>
    public static string NameSegment(string value)
    {
        var segment = value is "." or ".." ? Escape(value, _ => false, '%') : Escape(value, c => !char.IsControl(c) && c is not ('/' or '\\' or '%'), '%');
        return Storage.KeyEncoding.Bounded(value, segment, MaxSegment);
    }

    private static string Escape(string value, Func<char, bool> keep, char marker)
    {
        var plain = true;
        foreach (var c in value)
            if (!keep(c)) { plain = false; break; }
        if (plain) return value;

        var builder = new StringBuilder(value.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsBmp && keep((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }
            var n = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..n]) builder.Append(marker).Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
