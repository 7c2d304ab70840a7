using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

public static class AccessRulesSetup
{
    /// <summary>Registers the table-backed access rules and their six hook handlers, which replace the
    /// default answers. Without storage configured the defaults stay (auth hooks deny).</summary>
    public static IServiceCollection AddAccessRules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorage(configuration);
        services.AddOptions<AccessRulesOptions>()
            .Bind(configuration.GetSection($"{ZlmHooksOptions.Section}:AccessRules"))
            .Validate(o => o.BudgetMilliseconds is > 0 and <= 9000, "ZlmHooks__AccessRules__BudgetMilliseconds must be 1-9000 (MediaServer waits hook.timeoutSec, 10 s by default).")
            .Validate(o => o.CacheSeconds >= 0 && o.GraceSeconds >= o.CacheSeconds, "ZlmHooks__AccessRules__GraceSeconds must be at least CacheSeconds.")
            .ValidateOnStart();
        services.AddSingleton<DecisionBudget>();
        services.AddSingleton<RuleStore>();
        services.AddSingleton<StreamTokens>();
        services.AddSingleton<SignedUrls>();
        services.AddSingleton<RtspUsers>();
        services.AddSingleton<ShellUsers>();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<AccessLog>();
        services.AddSingleton<StreamAccess>();

        if (!StorageSetup.IsConfigured(configuration)) return services;
        services.AddSingleton<IHookHandler<PublishRequest, PublishReply>, PublishHandler>();
        services.AddSingleton<IHookHandler<PlayRequest, HookReply>, PlayHandler>();
        services.AddSingleton<IHookHandler<HttpAccessRequest, HttpAccessReply>, HttpAccessHandler>();
        services.AddSingleton<IHookHandler<RtspRealmRequest, RtspRealmReply>, RtspRealmHandler>();
        services.AddSingleton<IHookHandler<RtspAuthRequest, RtspAuthReply>, RtspAuthHandler>();
        services.AddSingleton<IHookHandler<ShellLoginRequest, HookReply>, ShellLoginHandler>();
        return services;
    }
}
