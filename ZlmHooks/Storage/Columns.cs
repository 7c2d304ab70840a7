using Azure.Data.Tables;

namespace ZlmHooks.Storage;

/// <summary>
/// What a table row can hold: a string column at most 64 KiB (32K UTF-16 characters). A hook body
/// may be 64 KiB of one field, so a longer value is cut here, on the way to the table, rather than
/// failing the whole write (which MediaServer would retry forever). Keys are bounded by
/// <see cref="KeyEncoding"/>; events keep every value whole.
/// </summary>
public static class Columns
{
    public const int MaxChars = 32_000;

    public static TableEntity Fit(TableEntity row)
    {
        foreach (var (name, value) in row.ToList())
            if (value is string { Length: > MaxChars } text)
                row[name] = text[..(char.IsHighSurrogate(text[MaxChars - 1]) ? MaxChars - 1 : MaxChars)];
        return row;
    }
}
