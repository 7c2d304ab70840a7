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
}
