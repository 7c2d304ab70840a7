using System.Text;
using ZlmHooks.Hooks;

namespace ZlmHooks.Deployment;

/// <summary>The <c>[hook]</c> section of MediaServer's config.ini that points every hook at ZlmHooks.</summary>
public static class HookConfig
{
    /// <param name="baseUrl">The app's base URL, e.g. https://zlmhooks-abc.azurewebsites.net.</param>
    /// <param name="key">The function key (?code=).</param>
    /// <param name="aliveInterval">hook.alive_interval: seconds between keepalives.</param>
    public static string Section(HookCatalog catalog, string baseUrl, string key, double aliveInterval = 10)
    {
        var root = baseUrl.TrimEnd('/');
        var code = Uri.EscapeDataString(key);
        var ini = new StringBuilder();
        ini.Append("[hook]\n");
        ini.Append("enable=1\n");
        // Auth answers come within ZlmHooks__AccessRules__BudgetMilliseconds (2 s); 10 s leaves room for a cold start.
        ini.Append("timeoutSec=10\n");
        // Notifications that cannot be stored are answered 503: let MediaServer try a few times.
        ini.Append("retry=3\n");
        ini.Append("retry_delay=3.0\n");
        ini.Append(System.Globalization.CultureInfo.InvariantCulture, $"alive_interval={aliveInterval:0.0#}\n");
        foreach (var hook in catalog.All.OrderBy(h => h.Name, StringComparer.Ordinal))
            ini.Append($"{hook.Name}={root}/{hook.Route}?code={code}\n");
        return ini.ToString();
    }
}
