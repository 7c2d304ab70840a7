using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

public static class AccessRulesSetup
{
    /// <summary>Access rules in Table Storage (docs/access-rules.md): who may publish, play, fetch files,
    /// log in over RTSP or to the debug shell. Without storage the access hooks answer their fallbacks.</summary>
    public static IHostApplicationBuilder AddAccessRules(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessRulesOptions>()
            .Bind(builder.Configuration.GetSection($"{ZlmHooksOptions.Section}:AccessRules"))
            .Validate(o => o.BudgetMilliseconds is > 0 and <= 9000, "ZlmHooks__AccessRules__BudgetMilliseconds must be 1-9000 (MediaServer waits hook.timeoutSec, 10 s by default).")
            .Validate(o => o.CacheSeconds >= 0 && o.GraceSeconds >= o.CacheSeconds, "ZlmHooks__AccessRules__GraceSeconds must be at least CacheSeconds.")
            .ValidateOnStart();
        services.AddHooks(AccessHooks.All);
        foreach (var api in AccessRulesApi.All)
            services.AddApiFunction(api);
        foreach (var table in new[] { RuleStore.StreamTable, RuleStore.HttpTable, StreamTokens.Table, RtspUsers.Table, ShellUsers.Table })
            services.AddStorageTable(table);
        services.AddOptions<JwtOptions>()
            .Bind(builder.Configuration.GetSection($"{ZlmHooksOptions.Section}:AccessRules:Jwt"))
            .Validate(o => string.IsNullOrWhiteSpace(o.SharedKey) || SignedUrls.Decode(o.SharedKey) is not null, "ZlmHooks__AccessRules__Jwt__SharedKey must be base64 of at least 32 bytes.")
            .Validate(o => !o.Configured || (!string.IsNullOrWhiteSpace(o.Issuer) && !string.IsNullOrWhiteSpace(o.Audience)), "JWTs need ZlmHooks__AccessRules__Jwt__Issuer and __Audience: a token from any issuer, for any audience, proves nothing.")
            .Validate(o => o.ClockSkewSeconds is >= 0 and <= 300 && o.KeysRefreshMinutes > 0 && o.KeysMaxAgeMinutes >= o.KeysRefreshMinutes, "ZlmHooks__AccessRules__Jwt__: ClockSkewSeconds 0-300, KeysRefreshMinutes > 0, KeysMaxAgeMinutes at least KeysRefreshMinutes.")
            .ValidateOnStart();
        services.AddSingleton<SignedUrls>();
        services.AddSingleton<DecisionBudget>();
        services.AddHttpClient(JwtKeys.ClientName);
        services.AddSingleton<JwtKeys>();
        services.AddSingleton<JwtCredentials>();

        if (!builder.HasStorage()) return builder;
        services.AddSingleton<RuleStore>();
        services.AddSingleton<RuleLookup>();
        services.AddSingleton<StreamTokens>();
        services.AddSingleton<RtspUsers>();
        services.AddSingleton<ShellUsers>();
        services.AddSingleton<ShellLoginThrottle>();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<HttpAccessScope>();
        services.AddSingleton<AccessLog>();
        services.AddSingleton<StreamAccess>();
        services.AddHookHandler<PublishRequest, PublishReply, PublishHandler>();
        services.AddHookHandler<PlayRequest, HookReply, PlayHandler>();
        services.AddHookHandler<HttpAccessRequest, HttpAccessReply, HttpAccessHandler>();
        services.AddHookHandler<RtspRealmRequest, RtspRealmReply, RtspRealmHandler>();
        services.AddHookHandler<RtspAuthRequest, RtspAuthReply, RtspAuthHandler>();
        services.AddHookHandler<ShellLoginRequest, HookReply, ShellLoginHandler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAccessHooks(this IEndpointRouteBuilder routes) => routes.MapHooks(AccessHooks.All);
}
