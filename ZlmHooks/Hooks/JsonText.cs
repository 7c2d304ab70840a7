using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace ZlmHooks.Hooks;

/// <summary>
/// Makes a body's text valid before anything reads it: bytes that are not UTF-8 and <c>\uXXXX</c>
/// escapes of a lone surrogate become U+FFFD, as a browser would show them. Without this, such a
/// value parses but breaks whatever later writes it (a table row, a CloudEvent, a log line), and a
/// notification that can never be stored would be retried forever. Valid bodies pass untouched.
/// </summary>
internal static class JsonText
{
    /// <summary>Repairs <paramref name="length"/> bytes of <paramref name="buffer"/> (rented from the
    /// shared pool) in place, or returns them in a new rented buffer when repairing changes their length.</summary>
    public static byte[] Repair(byte[] buffer, ref int length)
    {
        if (!Utf8.IsValid(buffer.AsSpan(0, length)))
        {
            // Decoding replaces each invalid sequence with U+FFFD; encoding it back is valid UTF-8.
            var text = Encoding.UTF8.GetString(buffer, 0, length);
            var repaired = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
            length = Encoding.UTF8.GetBytes(text, repaired);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = repaired;
        }
        RepairSurrogateEscapes(buffer.AsSpan(0, length));
        return buffer;
    }

    /// <summary>"\uD83D\uDE00" is a pair and stays; "\uDFFF" alone, or a high one not followed by a low
    /// one, becomes "\uFFFD" (the same six bytes).</summary>
    private static void RepairSurrogateEscapes(Span<byte> json)
    {
        var from = 0;
        while (json[from..].IndexOf("\\u"u8) is var found and >= 0)
        {
            var at = from + found;
            // An escaped backslash ("\\u") is not an escape of u: count the backslashes before it.
            var slashes = 0;
            while (at - slashes - 1 >= 0 && json[at - slashes - 1] == '\\') slashes++;
            if (slashes % 2 == 1 || !TryHex(json, at + 2, out var unit))
            {
                from = at + 2;
                continue;
            }
            if (char.IsHighSurrogate((char)unit) && at + 12 <= json.Length && json[at + 6] == '\\' && json[at + 7] == 'u'
                && TryHex(json, at + 8, out var next) && char.IsLowSurrogate((char)next))
            {
                from = at + 12;
                continue;
            }
            if (char.IsSurrogate((char)unit))
                "\\uFFFD"u8.CopyTo(json[at..]);
            from = at + 6;
        }
    }

    private static bool TryHex(ReadOnlySpan<byte> json, int at, out int value)
    {
        value = 0;
        if (at + 4 > json.Length) return false;
        foreach (var b in json.Slice(at, 4))
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) return false;
            value = value * 16 + digit;
        }
        return true;
    }
}
