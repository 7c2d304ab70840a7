using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ZlmHooks.Storage;

namespace ZlmHooks.Events;

/// <summary>
/// Gives each notification its CloudEvent id and time, the same for MediaServer's retries of it and
/// different for distinct notifications, even when their bodies are identical (an idle server's
/// keepalives, a stream unregistered twice an hour apart).
///
/// The id is SHA-256(type, source, body without hook_index, occurrence). MediaServer resends a body
/// only after a failed answer (a non-200, or no answer within hook.timeoutSec), with a new hook_index.
/// So an identical body that arrives while the previous one's answer was a failure is a retry (same
/// occurrence); the same body with the same hook_index (above 0) again is a duplicate delivery (same occurrence);
/// an identical body after a successful answer is a new notification (next occurrence). The state
/// lives in the table <c>&lt;prefix&gt;eventids</c> (shared by every instance), in memory when it is down.
/// </summary>
public sealed class EventIdentity(Tables tables, IOptions<EventsOptions> options, TimeProvider clock, ILogger<EventIdentity> logger)
{
    public const string Table = "eventids";

    private readonly ConcurrentDictionary<string, Seen> _memory = new(StringComparer.Ordinal);

    private sealed record Seen(int Occurrence, bool Acked, long? HookIndex, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, ETag ETag);

    public async Task<EventOccurrence> ResolveAsync(string server, string digest, long? hookIndex, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var partition = KeyEncoding.Encode(server);
        var seen = await ReadAsync(partition, digest, cancellationToken);
        var window = TimeSpan.FromSeconds(options.Value.RetryWindowSeconds);

        int occurrence;
        DateTimeOffset first;
        // hook_index 0 is every process's first hook (on_server_started): after a restart the same body
        // and index come again as a new notification, so index 0 never marks a duplicate delivery.
        var duplicate = hookIndex is > 0 && seen?.HookIndex == hookIndex;
        if (seen is not null && now - seen.LastSeen <= window && (!seen.Acked || duplicate))
        {
            occurrence = seen.Occurrence; // a retry after our failure, or the same delivery again
            first = seen.FirstSeen;
        }
        else
        {
            occurrence = (seen?.Occurrence ?? 0) + 1;
            first = now;
        }
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{digest}#{occurrence}")))[..32];
        return new EventOccurrence(id, first, partition, digest, occurrence, hookIndex);
    }

    /// <summary>Remembers how the notification was answered; a failed answer means the next identical
    /// body is its retry.</summary>
    public async Task RecordAsync(EventOccurrence ticket, bool acked, CancellationToken cancellationToken)
    {
        var seen = new Seen(ticket.Occurrence, acked, ticket.HookIndex, ticket.Time, clock.GetUtcNow(), default);
        _memory[ticket.Partition + "\n" + ticket.Row] = seen;
        try
        {
            var table = tables[Table];
            await table.UpsertEntityAsync(new TableEntity(ticket.Partition, ticket.Row)
            {
                ["Occurrence"] = seen.Occurrence,
                ["Acked"] = seen.Acked,
                ["HookIndex"] = seen.HookIndex,
                ["FirstSeen"] = seen.FirstSeen,
                ["LastSeen"] = seen.LastSeen,
            }, TableUpdateMode.Replace, cancellationToken);
        }
        catch (Exception e)
        {
            // In memory it is: the answer does not depend on remembering it across instances.
            EventLog.IdentityNotStored(logger, e.GetType().Name);
        }
    }

    private async Task<Seen?> ReadAsync(string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            var response = await tables[Table].GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            if (!response.HasValue) return _memory.GetValueOrDefault(partition + "\n" + row);
            var e = response.Value!;
            return new Seen(e.GetInt32("Occurrence") ?? 0, e.GetBoolean("Acked") ?? true, e.GetInt64("HookIndex"),
                e.GetDateTimeOffset("FirstSeen") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("LastSeen") ?? DateTimeOffset.MinValue, e.ETag);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            EventLog.IdentityNotStored(logger, e.Message);
            return _memory.GetValueOrDefault(partition + "\n" + row);
        }
    }
}
