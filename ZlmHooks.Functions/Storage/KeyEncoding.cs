using System.Text;

namespace ZlmHooks.Storage;

/// <summary>
/// Makes any app, stream, realm or user name a valid Table PartitionKey/RowKey: the characters
/// Table Storage forbids in keys (/ \ # ? and control characters), our separator '|', our marker
/// '~' and '%' itself are percent-encoded, so the mapping is reversible and collision-free.
/// </summary>
public static class KeyEncoding
{
    public const char Separator = '|';

    public static string Encode(string value)
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
