using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ZlmHooks.Storage;

public static class StorageSetup
{
    public const string Section = $"{ZlmHooksOptions.Section}:Storage";

    public static bool IsConfigured(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return !string.IsNullOrWhiteSpace(section["Connection"]) || !string.IsNullOrWhiteSpace(section["Account"]);
    }

    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CachedReads>();
        services.TryAddSingleton<Tables>();
        services.TryAddSingleton<Blobs>();
        if (IsConfigured(configuration))
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StorageWarmup>());
        return services;
    }
}
