using System.Net;
using System.Net.Sockets;

namespace ZlmHooks.AccessRules;

/// <summary>
/// Client IP checks against CIDR ranges, IPv4 and IPv6 (an IPv4-mapped IPv6 address counts as the
/// IPv4 address it carries). Only the forms MediaServer writes are addresses: dotted-quad IPv4 with
/// decimal parts 0-255 and no leading zeros, and RFC 4291 IPv6 text without a zone or brackets.
/// The OS parser also reads "167838211", "0x0a010203", "10.1.515" and "012.1.2.3" (octal!) as
/// addresses; a spelling like that is nobody's address here, so it never satisfies an allow rule's
/// range, and always satisfies a deny (or credential) rule's: an odd spelling can only lose.
/// </summary>
public static class ClientAddress
{
    /// <param name="unreadable">What an address that is not in a canonical form counts as: in the
    /// ranges for a rule stricter than allow, outside them for an allow rule.</param>
    public static bool InAny(IReadOnlyList<string> ranges, string? ip, bool unreadable = false)
    {
        if (!TryParse(ip, out var address)) return unreadable;
        foreach (var range in ranges)
            if (TryParseRange(range, out var network) && network.Contains(address))
                return true;
        return false;
    }

    /// <summary>A client address in a canonical form; an IPv4-mapped IPv6 address as its IPv4 address.</summary>
    public static bool TryParse(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text) || text.Length > 45) return false;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // IPv6: hex groups and colons, with an optional dotted-quad tail (::ffff:10.1.2.3).
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            var hexEnd = dot < 0 ? text.Length : text.LastIndexOf(':', dot) + 1;
            foreach (var c in text.AsSpan(0, hexEnd))
                if (!char.IsAsciiHexDigit(c) && c != ':') return false;
            if (dot >= 0 && !IsDottedQuad(text.AsSpan(hexEnd))) return false;
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return false;
            address = v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
            return true;
        }
        if (!IsDottedQuad(text) || !IPAddress.TryParse(text, out var v4)) return false;
        address = v4;
        return true;
    }

    /// <summary>Four decimal parts, each 0-255 without a leading zero.</summary>
    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')) return false;
            var value = 0;
            foreach (var c in part)
            {
                if (!char.IsAsciiDigit(c)) return false;
                value = value * 10 + (c - '0');
            }
            if (value > 255) return false;
        }
        return parts == 4;
    }

    /// <summary>Parses "10.0.0.0/8", "2001:db8::/32" or a single address (a /32 or /128).</summary>
    public static bool TryParseRange(string range, out IPNetwork network)
    {
        network = default;
        var slash = range.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            // Refuse "10.1.2.3/8": it reads like one host but would match a whole /8.
            return TryParse(range[..slash], out var written) && IPNetwork.TryParse(range, out network)
                && network.BaseAddress.Equals(written);
        }
        if (TryParse(range, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return false;
    }
}
