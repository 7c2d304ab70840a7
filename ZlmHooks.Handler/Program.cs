using ZlmHooks.Cli;
using ZlmHooks.Hooks;
using ZlmHooks.Hosting;

namespace ZlmHooks;

/// <summary>The standalone handler (Native AOT): the hooks on Kestrel by default, the operator's admin
/// commands when one is named. In Azure it is the custom-handler deployment; here, ./run.sh and ./zlm.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [var command, ..] && AdminCommands.Handles(command))
            return await AdminCommands.RunAsync(args);
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (StartupRefusedException refused)
        {
            await Console.Error.WriteLineAsync($"ZlmHooks cannot start: {refused.Message}");
            return 3;
        }
        await app.RunAsync();
        return 0;
    }

    /// <summary>The handler app. <paramref name="configure"/> lets tests add settings and services first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, HostingEnvironment? hosting = null)
    {
        hosting ??= HostingEnvironment.FromEnvironment();
        var builder = HandlerHost.CreateBuilder(args, hosting);
        configure?.Invoke(builder);
        UnresolvedSecrets.Refuse(builder.Configuration);
        builder.AddZlmHooks();
        HandlerHost.Listen(builder, hosting);
        var app = builder.Build();
        app.UseHookKernel();           // answers in the hooks' shape, routing, then each route's credential
        app.MapZlmHooks();
        return app;
    }
}
