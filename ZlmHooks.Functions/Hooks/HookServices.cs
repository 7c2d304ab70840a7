using Microsoft.Extensions.Options;

namespace ZlmHooks.Hooks;

/// <summary>What every hook call needs from the container, resolved once per app rather than per call.</summary>
public sealed class HookServices(IOptions<ZlmHooksOptions> options, HookLog log, IEnumerable<IHookObserver> observers, IServiceProvider services)
{
    public ZlmHooksOptions Options { get; } = options.Value;
    public HookLog Log { get; } = log;
    public IHookObserver[] Observers { get; } = [.. observers];
    public Events.NotificationTickets? Tickets { get; } = services.GetService<Events.NotificationTickets>();
}
