using System.Net;

namespace ZlmHooks.Hooks;

/// <summary>Who sent a hook call: the connection's address, or under the Functions host (whose
/// loopback connection it is) the first address of X-Forwarded-For, which Azure's front end and the
/// host's proxy fill. Never trusted when the handler runs on its own: anyone could send the header.</summary>
public static class HookSender
{
    public static IPAddress? Address(HttpContext? http, bool forwarded)
    {
        if (http is null) return null;
        if (forwarded && First(http.Request.Headers["X-Forwarded-For"].ToString()) is { } client) return Plain(client);
        return http.Connection.RemoteIpAddress is { } address ? Plain(address) : null;
    }

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The first entry, with or without a port: <c>203.0.113.5</c>, <c>203.0.113.5:51234</c>,
    /// <c>2001:db8::1</c>, <c>[2001:db8::1]:51234</c>.</summary>
    internal static IPAddress? First(string header)
    {
        var first = header.Split(',', 2)[0].Trim();
        if (first.Length == 0) return null;
        if (IPAddress.TryParse(first, out var plain)) return plain;
        return IPEndPoint.TryParse(first, out var endpoint) ? endpoint.Address : null;
    }
}
