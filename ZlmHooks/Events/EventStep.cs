using ZlmHooks.Hooks;

namespace ZlmHooks.Events;

/// <summary>
/// The notification → event step around every hook that has an event type: before the handler, the
/// call's occurrence (<see cref="EventIdentity"/>: the event id, and for a retry the time its first
/// attempt arrived, which the handler orders by); while the handler works, the event made durable,
/// and the hook answered only when both are done. When neither Event Grid nor the outbox takes it
/// the hook is answered 503 and MediaServer retries with the same event id: a failed answer (and the
/// answered retry) is recorded, which is what tells a later identical body apart as a retry or a
/// new notification.
/// </summary>
public sealed class EventStep(EventIdentity identity, EventPublisher publisher) : IHookFilter
{
    public bool AppliesTo(Hook hook) => hook.PublishesEvents;

    public async ValueTask<HookReply> InvokeAsync(HookContext context, HookNext rest)
    {
        var request = context.Request;
        var type = context.Hook.EventType(request)!; // AppliesTo: only hooks that publish events

        var source = HookEvents.Source(request.MediaServerId);
        var data = HookEvents.Data(context);
        var occurrence = await identity.ResolveAsync(request.MediaServerId ?? "unknown", HookEvents.Digest(type, source, data), request.HookIndex,
            context.Hook.BodyNamesNotification, context.Aborted);
        context.ReceivedAt = occurrence.Time;
        var answered = false;
        // The event does not depend on the handler's answer: it is published while the handler works.
        // If the handler then fails, MediaServer retries and the retry's event has the same id.
        var e = new StreamEvent(occurrence.Id, source, type, HookEvents.Subject(request), occurrence.Time, data, HookEvents.Partition(request));
        var durable = publisher.MakeDurableAsync(e, context.Aborted);
        try
        {
            HookReply reply;
            try
            {
                reply = await rest(context);
            }
            finally
            {
                await ((Task)durable).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            if (!await durable)
                throw new HookUnavailableException("the event could be neither published nor kept in the outbox; retry later");
            answered = true;
            return reply;
        }
        finally
        {
            await identity.RecordAsync(occurrence, answered, CancellationToken.None);
        }
    }
}
