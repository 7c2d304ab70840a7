using System.Security.Cryptography;
using System.Text;

namespace ZlmHooks.Hooks;

/// <summary>Configured keys (';'-separated, so one can be rotated without downtime) and the one
/// comparison every key check uses.</summary>
public sealed class KeyRing
{
    private readonly byte[][] _keys;

    public KeyRing(string? keys) =>
        _keys = [.. (keys ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Encoding.UTF8.GetBytes)];

    public bool IsEmpty => _keys.Length == 0;

    /// <summary>Whether a key is in both rings (a start-up check, so not constant-time).</summary>
    public bool Overlaps(KeyRing other) => _keys.Any(k => other._keys.Any(o => k.AsSpan().SequenceEqual(o)));

    /// <summary>Constant-time in the key's content, and every key is compared. A key's length is
    /// not a secret (<see cref="CryptographicOperations.FixedTimeEquals"/> answers a length mismatch at
    /// once too); hashing both sides to hide it cost more than the rest of the check (docs/benchmarks.md).</summary>
    public bool Contains(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return false;
        var max = Encoding.UTF8.GetMaxByteCount(presented.Length);
        var bytes = max <= 512 ? stackalloc byte[max] : new byte[max];
        var written = Encoding.UTF8.GetBytes(presented, bytes);
        var match = false;
        foreach (var known in _keys)
            match |= CryptographicOperations.FixedTimeEquals(known, bytes[..written]);
        return match;
    }
}
