using System.Globalization;
using System.Text;
using ZlmHooks.Hooks;

namespace ZlmHooks.Deployment;

/// <summary>The <c>[hook]</c> section of MediaServer's config.ini that points every hook at ZlmHooks:
/// printed for config.ini (<see cref="Section"/>) or set through a server's REST API (fleet onboarding).</summary>
public static class HookConfig
{
    /// <summary>Auth answers come within ZlmHooks__AccessRules__BudgetMilliseconds (2 s); 10 s leaves room for a cold start.</summary>
    public const string TimeoutSec = "10";

    /// <summary>Notifications that cannot be stored are answered 503: let MediaServer try a few times.</summary>
    public const string Retry = "3";

    public const string RetryDelay = "3.0";

    /// <summary>Every key of the section (without the <c>hook.</c> prefix) and its value, in print order:
    /// the settings, then each hook's URL made by <paramref name="url"/>.</summary>
    public static IEnumerable<(string Key, string Value)> Values(HookCatalog catalog, Func<Hook, string> url, double aliveInterval = 10)
    {
        yield return ("enable", "1");
        yield return ("timeoutSec", TimeoutSec);
        yield return ("retry", Retry);
        yield return ("retry_delay", RetryDelay);
        yield return ("alive_interval", aliveInterval.ToString("0.0#", CultureInfo.InvariantCulture));
        foreach (var hook in catalog.All.OrderBy(h => h.Name, StringComparer.Ordinal))
            yield return (hook.Name, url(hook));
    }

    /// <param name="baseUrl">The app's base URL, e.g. https://zlmhooks-abc.azurewebsites.net.</param>
    /// <param name="key">The function key (?code=).</param>
    /// <param name="aliveInterval">hook.alive_interval: seconds between keepalives.</param>
    public static string Section(HookCatalog catalog, string baseUrl, string key, double aliveInterval = 10)
    {
        var root = baseUrl.TrimEnd('/');
        var code = Uri.EscapeDataString(key);
        var ini = new StringBuilder("[hook]\n");
        foreach (var (name, value) in Values(catalog, hook => $"{root}/{hook.Route}?code={code}", aliveInterval))
            ini.Append(name).Append('=').Append(value).Append('\n');
        return ini.ToString();
    }

    /// <summary>MediaServer's stock listening ports (the config.ini it ships with), by section.</summary>
    public static readonly IReadOnlyList<(string Section, int Port)> StockPorts =
        [("http", 80), ("rtsp", 554), ("rtmp", 1935), ("onvif", 3702), ("rtc", 8000), ("srt", 9000), ("rtp_proxy", 10000)];

    /// <summary>The ports of an Azurite on this machine named by a storage connection string
    /// (<c>UseDevelopmentStorage=true</c>: 10000, 10001, 10002; else the loopback endpoints'), with what each is.</summary>
    public static IEnumerable<(string What, int Port)> LocalStoragePorts(string? connection)
    {
        if (string.IsNullOrWhiteSpace(connection)) yield break;
        foreach (var part in connection.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2) continue;
            if (pair[0].Equals("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase) && pair[1].Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                yield return ("Azurite's blob port", 10000);
                yield return ("Azurite's queue port", 10001);
                yield return ("Azurite's table port", 10002);
            }
            else if (pair[0] is "BlobEndpoint" or "QueueEndpoint" or "TableEndpoint"
                && Uri.TryCreate(pair[1], UriKind.Absolute, out var endpoint) && endpoint.IsLoopback)
                yield return ($"Azurite's {pair[0][..^"Endpoint".Length].ToLowerInvariant()} port", endpoint.Port);
        }
    }

    /// <summary>For a MediaServer on this machine: the sections whose stock port is one of
    /// <paramref name="taken"/> (a local Azurite's, the handler's own), moved to a free one, each with a
    /// comment saying what it collided with. Empty when nothing collides. MediaServer stops at start
    /// when it cannot listen on a port (after it has sent on_server_started).</summary>
    public static string PortSections(IReadOnlyCollection<(string What, int Port)> taken)
    {
        var ini = new StringBuilder();
        foreach (var (section, port) in StockPorts)
        {
            if (taken.FirstOrDefault(t => t.Port == port) is not { What: { } what }) continue;
            var free = port + 10;
            while (taken.Any(t => t.Port == free) || StockPorts.Any(p => p.Port == free)) free += 10;
            ini.Append(CultureInfo.InvariantCulture, $"; MediaServer's stock [{section}] port={port} is {what} on this machine: MediaServer would stop at start\n")
                .Append(CultureInfo.InvariantCulture, $"[{section}]\nport={free}\n");
        }
        return ini.ToString();
    }
}
