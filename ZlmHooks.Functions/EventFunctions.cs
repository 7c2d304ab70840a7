using Microsoft.Azure.Functions.Worker;
using ZlmHooks.Events;

namespace ZlmHooks.Functions;

/// <summary>Events (Events/): the timer that re-publishes the event outbox, on the catalog's schedule
/// (also drained in the background; the timer is what runs it when the app sleeps between calls).</summary>
public sealed partial class EventFunctions(IServiceProvider services, ILogger<EventFunctions> logger)
{
    [Function("outbox_drain")]
    public async Task OutboxDrain([TimerTrigger("*/30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var drained = services.GetService<OutboxDrainer>() is { } drainer ? await drainer.DrainAsync(cancellationToken) : 0;
        Drained(logger, drained);
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "outbox: {Count} event(s) re-published")]
    private static partial void Drained(ILogger logger, int count);
}
