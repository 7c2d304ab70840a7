using System.Security.Cryptography;
using System.Text;

namespace ZlmHooks.Storage;

/// <summary>
/// Makes any app, stream, realm or user name a valid Table PartitionKey/RowKey: the characters
/// Table Storage forbids in keys (/ \ # ? and control characters), our separator '|', our marker
/// '~' and '%' itself are percent-encoded, so the mapping is reversible and collision-free.
/// A value whose encoding is longer than <see cref="MaxLength"/> characters is cut and followed by
/// '~' and a SHA-256 of the whole value: still one key per value, and no encoded value contains '~', so it collides with none.
/// The whole value is kept in a column of its row.
/// </summary>
public static class KeyEncoding
{
    public const char Separator = '|';

    /// <summary>The longest encoded value kept as it is, in UTF-16 units (a key holds 1 KiB of UTF-16,
    /// 512 units, and a row key joins three values).</summary>
    public const int MaxLength = 160;

    public static string Encode(string value)
    {
        var encoded = Escape(value);
        return Bounded(value, encoded, MaxLength);
    }

    /// <summary><paramref name="encoded"/> (the encoding of <paramref name="value"/>) as it is when it
    /// fits in <paramref name="max"/> characters; else its beginning, '~' and the SHA-256 of the whole
    /// value: one name per value, never split inside a surrogate pair. Also bounds blob name segments.</summary>
    public static string Bounded(string value, string encoded, int max)
    {
        if (encoded.Length <= max) return encoded;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        var cut = max - hash.Length - 1;
        if (char.IsHighSurrogate(encoded[cut - 1])) cut--;
        return encoded[..cut] + "~" + hash;
    }

    private static string Escape(string value)
    {
        if (!value.AsSpan().ContainsAny(SpecialValues) && !HasControl(value)) return value;
        var builder = new StringBuilder(value.Length + 8);
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (SpecialValues.Contains((char)rune.Value) || char.IsControl((char)rune.Value)))
                builder.Append('%').Append(((byte)rune.Value).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else if (!rune.IsAscii && Rune.IsControl(rune))
                foreach (var b in Encoding.UTF8.GetBytes(rune.ToString()))
                    builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    /// <summary>The value of an encoded key; a hashed one (see <see cref="Encode"/>) gives only its
    /// beginning, so read the whole value from its row's column where there is one.</summary>
    public static string Decode(string key) => key.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(key) : key;

    public static string Join(string a, string b) => Encode(a) + Separator + Encode(b);

    private const string Special = "/\\#?|~%";
    private static readonly System.Buffers.SearchValues<char> SpecialValues = System.Buffers.SearchValues.Create(Special);

    private static bool HasControl(string value)
    {
        foreach (var c in value)
            if (char.IsControl(c)) return true;
        return false;
    }
}
