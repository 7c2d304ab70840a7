using System.CommandLine;
using ZlmHooks.Deployment;
using ZlmHooks.Hooks;

namespace ZlmHooks.Cli;

/// <summary><c>hook-config</c>: the <c>[hook]</c> section of MediaServer's config.ini pointing every hook here.</summary>
public static class HookConfigCommand
{
    public static Command Create(AdminServices admin)
    {
        var baseUrl = new Option<string?>("--base-url") { Description = "The app's base URL (deployment output baseUrl); default: ZlmHooks__Urls, for a local run" };
        var key = new Option<string?>("--key") { Description = "The function key; default: the first of ZlmHooks__FunctionKeys" };
        var alive = new Option<double>("--alive-interval") { Description = "hook.alive_interval in seconds", DefaultValueFactory = _ => 10 };
        alive.Validators.Add(r => { if (r.GetValue(alive) <= 0) r.AddError("--alive-interval must be more than 0 seconds"); });

        return admin.Action("hook-config", "Print the [hook] section of MediaServer's config.ini pointing every hook here (and, beside a local Azurite, the ports MediaServer must move)", needsStorage: false, async (p, s, o, ct) =>
        {
            var configuration = s.GetRequiredService<IConfiguration>();
            var url = p.GetValue(baseUrl) ?? configuration["ZlmHooks:Urls"] ?? new ZlmHooksOptions().Urls;
            var code = p.GetValue(key) ?? configuration["ZlmHooks:FunctionKeys"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? throw new ArgumentException("no key: pass --key or set ZlmHooks__FunctionKeys");
            await o.WriteAsync(HookConfig.Section(s.GetRequiredService<HookCatalog>(), url, code, p.GetValue(alive)));
            // A MediaServer beside ./run.sh: its stock [rtp_proxy] port is Azurite's blob port.
            var taken = HookConfig.LocalStoragePorts(configuration["ZlmHooks:Storage:Connection"]).ToList();
            if (Uri.TryCreate(configuration["ZlmHooks:Urls"]?.Split(';')[0], UriKind.Absolute, out var own))
                taken.Add(("this handler's port", own.Port));
            await o.WriteAsync(HookConfig.PortSections(taken));
        }, baseUrl, key, alive);
    }
}
