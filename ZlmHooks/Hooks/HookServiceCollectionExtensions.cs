using System.Diagnostics.CodeAnalysis;

namespace ZlmHooks.Hooks;

/// <summary>How a feature adds its functions, handlers and filters to the kernel.</summary>
public static class HookServiceCollectionExtensions
{
    /// <summary>Adds hooks to the catalog. Until a handler is added for one, it answers its fallback.</summary>
    public static IServiceCollection AddHooks(this IServiceCollection services, IEnumerable<Hook> hooks)
    {
        foreach (var hook in hooks) services.AddSingleton(hook);
        return services;
    }

    public static IServiceCollection AddHookHandler<TRequest, TReply, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services)
        where TRequest : HookRequest
        where TReply : HookReply
        where THandler : class, IHookHandler<TRequest, TReply> =>
        services.AddSingleton<IHookHandler<TRequest, TReply>, THandler>();

    public static IServiceCollection AddApiFunction(this IServiceCollection services, ApiFunction api) => services.AddSingleton(api);

    public static IServiceCollection AddTimerFunction(this IServiceCollection services, TimerFunction timer) => services.AddSingleton(timer);

    /// <summary>Adds a step every hook call goes through; filters run in the order they are added.</summary>
    public static IServiceCollection AddHookFilter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter>(this IServiceCollection services) where TFilter : class, IHookFilter
    {
        services.AddSingleton<TFilter>();
        return services.AddSingleton<IHookFilter>(sp => sp.GetRequiredService<TFilter>());
    }
}
