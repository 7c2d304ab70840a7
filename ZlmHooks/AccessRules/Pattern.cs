namespace ZlmHooks.AccessRules;

/// <summary>
/// A vhost, app or stream pattern: exact (<c>cam1</c>), prefix (<c>cam*</c>) or any (<c>*</c>).
/// Case-sensitive, as ZLMediaKit's stream ids are.
/// </summary>
public static class Pattern
{
    public const string Any = "*";

    public static bool IsExact(string pattern) => !pattern.EndsWith('*');

    public static bool Matches(string pattern, string? value)
    {
        value ??= "";
        if (pattern == Any) return true;
        return pattern.EndsWith('*')
            ? value.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(pattern, value, StringComparison.Ordinal);
    }

    /// <summary>How specific a pattern is: exact beats any prefix, a longer prefix beats a shorter
    /// one, and <c>*</c> is least specific.</summary>
    public static int Specificity(string pattern) =>
        pattern == Any ? 0 : IsExact(pattern) ? 1_000_000 : pattern.Length;

    /// <summary>Checks a pattern an operator typed: '*' only at the end, no separators we use in keys.</summary>
    public static string? Problem(string pattern, string what)
    {
        if (string.IsNullOrEmpty(pattern)) return $"{what} pattern is empty";
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0 && star != pattern.Length - 1) return $"{what} pattern '{pattern}': '*' is allowed only at the end";
        return null;
    }
}
