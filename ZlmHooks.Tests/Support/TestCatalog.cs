using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZlmHooks.Hooks;

namespace ZlmHooks.Tests.Support;

/// <summary>The catalog as the app builds it (every feature adds its functions), for tests that check
/// what is derived from it. No storage configured: only the catalog is wanted.</summary>
public static class TestCatalog
{
    private static readonly IHost Host = Build();

    public static HookCatalog Hooks { get; } = Host.Services.GetRequiredService<HookCatalog>();

    public static CatalogFiles Files { get; } = Host.Services.GetRequiredService<CatalogFiles>();

    private static IHost Build()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        builder.AddZlmHooks();
        return builder.Build();
    }
}
