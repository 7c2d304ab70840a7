namespace ZlmHooks.Hooks;

/// <summary>MediaServer's second stamps as times. A stamp no calendar holds (a fuzzer's
/// 9223372036854775807, a negative counter) is no time at all, not an exception.</summary>
public static class UnixTime
{
    private static readonly long Min = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long Max = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static DateTimeOffset? FromSeconds(long? seconds) =>
        seconds is { } s && s >= Min && s <= Max ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}
