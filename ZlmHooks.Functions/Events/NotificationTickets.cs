using ZlmHooks.Hooks;

namespace ZlmHooks.Events;

/// <summary>What one notification call is: its event type, source, redacted data, and the id and
/// first-arrival time <see cref="EventIdentity"/> gives it (the same for MediaServer's retries).</summary>
public sealed record NotificationTicket(EventIdentity.Ticket Identity, string Type, string Source, byte[] Data);

/// <summary>
/// Resolves a notification's ticket before its handler runs and records, after the answer, whether
/// it was answered 200: that is what tells a later identical body apart as a retry or a new
/// notification. The pipeline does both, so every outcome is recorded, whichever step failed.
/// </summary>
public sealed class NotificationTickets(EventIdentity identity, Redaction redaction)
{
    private static readonly AsyncLocal<NotificationTicket?> CurrentTicket = new();

    /// <summary>The ticket of the notification being handled on this call path, if any.</summary>
    public static NotificationTicket? Current => CurrentTicket.Value;

    public async Task<NotificationTicket?> BeginAsync(Hook hook, HookRequest request, CancellationToken cancellationToken)
    {
        if (HookEvents.TypeOf(hook.Name, request) is not { } type) return null;
        var source = HookEvents.Source(request.MediaServerId);
        var data = HookEvents.Data(hook, request, redaction);
        var ticket = await identity.ResolveAsync(request.MediaServerId ?? "unknown", HookEvents.Digest(type, source, data), request.HookIndex, cancellationToken);
        return new NotificationTicket(ticket, type, source, data);
    }

    /// <summary>Makes the ticket <see cref="Current"/> for the rest of the caller's call path. Not async on
    /// purpose: a value set inside an async method would not flow back to its caller.</summary>
    public static void Use(NotificationTicket? ticket) => CurrentTicket.Value = ticket;

    /// <summary>Never throws: it runs after the answer is decided, and must not turn it into a 500.</summary>
    public async Task EndAsync(NotificationTicket ticket, bool answered200, CancellationToken cancellationToken)
    {
        try
        {
            await identity.RecordAsync(ticket.Identity, answered200, cancellationToken);
        }
#pragma warning disable CA1031 // the answer is already decided; a failure to remember it is logged inside
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
