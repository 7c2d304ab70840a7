using System.Net;

namespace ZlmHooks.AccessRules;

/// <summary>Client IP checks against CIDR ranges, IPv4 and IPv6 (an IPv4-mapped IPv6 address counts
/// as the IPv4 address it carries).</summary>
public static class ClientAddress
{
    public static bool InAny(IReadOnlyList<string> ranges, string? ip)
    {
        if (ip is null || !IPAddress.TryParse(ip, out var address)) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var range in ranges)
            if (TryParseRange(range, out var network) && network.Contains(address))
                return true;
        return false;
    }

    /// <summary>Parses "10.0.0.0/8", "2001:db8::/32" or a single address (a /32 or /128).</summary>
    public static bool TryParseRange(string range, out IPNetwork network)
    {
        var slash = range.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            // Refuse "10.1.2.3/8": it reads like one host but would match a whole /8.
            return IPNetwork.TryParse(range, out network) && IPAddress.TryParse(range.AsSpan(0, slash), out var written)
                && network.BaseAddress.Equals(written);
        }
        if (IPAddress.TryParse(range, out var single))
        {
            if (single.IsIPv4MappedToIPv6) single = single.MapToIPv4();
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        network = default;
        return false;
    }
}
