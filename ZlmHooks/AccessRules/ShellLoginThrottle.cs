using Microsoft.Extensions.Caching.Memory;

namespace ZlmHooks.AccessRules;

/// <summary>
/// Failed-login slowdown for on_shell_login, whose passwords people choose. A client IP may fail
/// <see cref="FreeFailures"/> times; each failure after that locks it out for twice as long as the
/// one before (30 s, 1 min, 2 min ... up to an hour), during which it is refused without its
/// password being checked. A successful login clears its record.
///
/// Why a lockout per client IP and not a delay or a lock per user: a lock per user lets anyone lock
/// the operator out of the shell by guessing at "admin"; a delay before each refusal (MediaMTX waits
/// on failed auth) holds a hook call and MediaServer's connection for every guess, and a guesser on
/// many connections is not slowed. The IP is MediaServer's view of the socket, which the client
/// cannot choose. Kept in memory per instance (bounded, least recently used forgotten first): with
/// several instances a guesser gets that many more tries, which still caps guessing at a few an hour.
/// </summary>
public sealed class ShellLoginThrottle(TimeProvider clock) : IDisposable
{
    public const int FreeFailures = 5;
    private static readonly TimeSpan FirstLock = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestLock = TimeSpan.FromHours(1);

    private readonly MemoryCache _clients = new(new MemoryCacheOptions { SizeLimit = 10_000 });
    private static readonly MemoryCacheEntryOptions Keep = new() { Size = 1, SlidingExpiration = TimeSpan.FromHours(2) };

    private sealed record Record(int Failures, DateTimeOffset LockedUntil);

    /// <summary>How long <paramref name="ip"/> is still locked out, or null when it may try.</summary>
    public TimeSpan? LockedFor(string? ip)
    {
        if (_clients.Get<Record>(Key(ip)) is not { } record) return null;
        var left = record.LockedUntil - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    public void Failed(string? ip)
    {
        var key = Key(ip);
        lock (_clients)
        {
            var failures = (_clients.Get<Record>(key)?.Failures ?? 0) + 1;
            var locked = failures <= FreeFailures
                ? DateTimeOffset.MinValue
                : clock.GetUtcNow() + TimeSpan.FromTicks(Math.Min(LongestLock.Ticks, FirstLock.Ticks << Math.Min(failures - FreeFailures - 1, 20)));
            _clients.Set(key, new Record(failures, locked), Keep);
        }
    }

    public void Succeeded(string? ip) => _clients.Remove(Key(ip));

    private static string Key(string? ip) => string.IsNullOrEmpty(ip) ? "(no ip)" : ip;

    public void Dispose() => _clients.Dispose();
}
