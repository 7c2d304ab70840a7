using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;

namespace ZlmHooks.Events;

/// <summary>
/// Publish and play decisions as audit events (<c>zlmediakit.access.{publish|play}.{allowed|denied}</c>),
/// when <see cref="EventsOptions.AuditDecisions"/> is on: a step after every hook with an
/// <see cref="Hook.AuditAction"/>. The auth hook only drops the event into a
/// bounded in-memory queue and answers; a background loop publishes. So an auth answer never waits
/// on Event Grid, and when the queue is full an audit event is dropped (and counted in the log), never
/// the decision delayed. Best effort by design: the decision itself is in the access log.
/// </summary>
public sealed class AuditEvents(IEventSink sink, IOptions<EventsOptions> options, TimeProvider clock,
    ILogger<AuditEvents> logger) : BackgroundService, IHookFilter
{
    private readonly Channel<byte[]> _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public bool AppliesTo(Hook hook) => options.Value.AuditDecisions && hook.AuditAction is not null;

    public async ValueTask<HookReply> InvokeAsync(HookContext context, HookNext rest)
    {
        var reply = await rest(context);
        var action = context.Hook.AuditAction!;
        var request = context.Request;
        var type = HookEvents.AuditType(action, reply.Code == 0);
        var data = HookEvents.Data(context);
        var source = HookEvents.Source(request.MediaServerId);
        // Each decision is its own event: the digest includes hook_index and the decision.
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{HookEvents.Digest(type, source, data)}#{request.HookIndex}#{reply.Code}")))[..32];
        var e = new StreamEvent(id, source, type, HookEvents.Subject(request), clock.GetUtcNow(), data, HookEvents.Partition(request));
        if (!_queue.Writer.TryWrite(e.Encode())) EventLog.AuditDropped(logger, type);
        return reply;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<byte[]>(100);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < 100 && _queue.Reader.TryRead(out var e)) batch.Add(e);
            try
            {
                await sink.PublishWhenAllowedAsync(batch, stoppingToken); // its turn under the topic's limit
            }
            catch (Exception x) when (x is not OperationCanceledException)
            {
                EventLog.AuditDropped(logger, $"{batch.Count} audit event(s): {x.GetType().Name}");
            }
            batch.Clear();
        }
    }
}
