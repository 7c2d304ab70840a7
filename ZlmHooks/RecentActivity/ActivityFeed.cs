using System.Globalization;
using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.RecentActivity;

/// <summary>
/// The operator's activity feed (the console's Activity view, <c>GET /api/activity</c>): a step after
/// every hook that keeps the calls its <see cref="Hook.Activity"/> names in the table
/// <c>&lt;prefix&gt;activity</c>, one partition per UTC day, newest first within it, for
/// <see cref="ActivityOptions.RetentionDays"/> days. Like the audit events, the call only drops the entry into a
/// bounded in-memory queue and answers; a background loop writes up to 100 at a time. So no answer
/// waits on this table, and when it is down or the queue full, entries are dropped and counted in the
/// log: the decision itself is in the hook's log line.
/// </summary>
public sealed class ActivityFeed(Tables tables, IOptions<ActivityOptions> options, TimeProvider clock, ILogger<ActivityFeed> logger) : BackgroundService, IHookFilter
{
    public const string Table = "activity";
    public const int MaxLimit = 500;

    private readonly Channel<ActivityEntry> _queue = Channel.CreateBounded<ActivityEntry>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private long _dropped;

    private int RetentionDays => options.Value.RetentionDays;

    public bool AppliesTo(Hook hook) => options.Value.Enabled;

    public async ValueTask<HookReply> InvokeAsync(HookContext context, HookNext rest)
    {
        HookReply reply;
        try
        {
            reply = await rest(context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The feed is served to operators (/api/activity): words, never a .NET type name; the log has the rest.
            Add(context, "failed", e is HookUnavailableException ? e.Message : "failed: an unexpected error (the handler's log has it)");
            throw;
        }
        var activity = context.Hook.Activity;
        if (reply.Code == 0)
        {
            if (activity == HookActivity.Every)
                Add(context, context.Hook.Kind == HookKind.Auth ? "allowed" : "event", context.Reason ?? Detail(context));
        }
        else if (activity != HookActivity.Failures || context.Hook.Kind != HookKind.Auth)
        {
            Add(context, context.Hook.Kind == HookKind.Auth ? "refused" : "failed", context.Reason ?? reply.Msg);
        }
        return reply;
    }

    // A registration says which way it went; nothing else in a notification's body is short enough.
    private static string? Detail(HookContext context) =>
        context.Hook.Kind == HookKind.Notification && context.Payload["regist"] is { } regist && regist.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
            ? regist.GetValue<bool>() ? "registered" : "unregistered"
            : null;

    private void Add(HookContext context, string outcome, string? reason)
    {
        var request = context.Request;
        var address = request as IStreamAddress;
        var entry = new ActivityEntry
        {
            At = context.ReceivedAt,
            Hook = context.Hook.Name,
            Outcome = outcome,
            MediaServerId = Short(request.MediaServerId),
            Vhost = Short(address?.Vhost),
            App = Short(address?.App),
            Stream = Short(address?.Stream),
            Schema = Short((request as StreamHookRequest)?.Schema),
            Client = Short(context.ClientIp ?? (request as ClientStreamHookRequest)?.Ip),
            Rule = Short(context.RuleId),
            Reason = reason is { Length: > 500 } ? reason[..500] + "..." : reason,
        };
        if (!_queue.Writer.TryWrite(entry)) Interlocked.Increment(ref _dropped);
    }

    // Whatever a sender put there, bounded: a table property holds 64 KiB, a line of the feed far less.
    private static string? Short(string? value) => value is { Length: > 200 } ? value[..200] : value;

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ActivityEntry>(100);
        var prunedOn = "";
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < 100 && _queue.Reader.TryRead(out var e)) batch.Add(e);
            await WriteAsync(batch, stoppingToken);
            batch.Clear();
            if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
                ActivityLog.NotKept(logger, (int)Math.Min(dropped, int.MaxValue), "the queue was full");
            var today = Day(clock.GetUtcNow());
            if (today != prunedOn)
            {
                prunedOn = today;
                await PruneAsync(stoppingToken);
            }
        }
    }

    private async Task WriteAsync(List<ActivityEntry> batch, CancellationToken cancellationToken)
    {
        foreach (var day in batch.GroupBy(e => Day(e.At)))
        {
            var actions = day.Select(e => new TableTransactionAction(TableTransactionActionType.Add, Row(day.Key, e))).ToList();
            try
            {
                await tables[Table].SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ActivityLog.NotKept(logger, actions.Count, e is RequestFailedException r ? $"storage answered {r.Status} {r.ErrorCode}" : e.GetType().Name);
            }
        }
    }

    private TableEntity Row(string day, ActivityEntry e) => new(day, RowKey(e.At))
    {
        ["At"] = e.At,
        ["Hook"] = e.Hook,
        ["Outcome"] = e.Outcome,
        ["MediaServerId"] = e.MediaServerId,
        ["Vhost"] = e.Vhost,
        ["App"] = e.App,
        ["Stream"] = e.Stream,
        ["Schema"] = e.Schema,
        ["Client"] = e.Client,
        ["Rule"] = e.Rule,
        ["Reason"] = e.Reason,
    };

    // Newest first within a day; within one tick, this instance's later entry first, and the instance's
    // own random part keeps two instances' entries of one tick apart.
    private string RowKey(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-"
        + (uint.MaxValue - unchecked((uint)Interlocked.Increment(ref _sequence))).ToString("D10", CultureInfo.InvariantCulture) + "-" + _instance;

    private long _sequence;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..6];

    /// <summary>The newest entries, today first, then each day before within the retention.</summary>
    /// <param name="refusals">Only refusals and failures.</param>
    public async Task<List<ActivityEntry>> ListAsync(int limit, bool refusals, string? server, string? app, string? stream, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        var list = new List<ActivityEntry>(Math.Min(limit, 100));
        var conditions = new List<string>();
        if (refusals) conditions.Add("(Outcome eq 'refused' or Outcome eq 'failed')");
        if (server is not null) conditions.Add(TableClient.CreateQueryFilter($"MediaServerId eq {server}"));
        if (app is not null) conditions.Add(TableClient.CreateQueryFilter($"App eq {app}"));
        if (stream is not null) conditions.Add(TableClient.CreateQueryFilter($"Stream eq {stream}"));
        var now = clock.GetUtcNow();
        try
        {
            for (var d = 0; d <= RetentionDays && list.Count < limit; d++)
            {
                var filter = string.Join(" and ", conditions.Prepend(TableClient.CreateQueryFilter($"PartitionKey eq {Day(now.AddDays(-d))}")));
                await foreach (var row in tables[Table].QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken))
                {
                    list.Add(Entry(row));
                    if (list.Count >= limit) break;
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404) { }
        return list;
    }

    private static ActivityEntry Entry(TableEntity row) => new()
    {
        At = row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        Hook = row.GetString("Hook") ?? "",
        Outcome = row.GetString("Outcome") ?? "",
        MediaServerId = row.GetString("MediaServerId"),
        Vhost = row.GetString("Vhost"),
        App = row.GetString("App"),
        Stream = row.GetString("Stream"),
        Schema = row.GetString("Schema"),
        Client = row.GetString("Client"),
        Rule = row.GetString("Rule"),
        Reason = row.GetString("Reason"),
    };

    /// <summary>Removes the days past the retention: their partitions, read by key only.</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var before = Day(clock.GetUtcNow().AddDays(-RetentionDays));
        try
        {
            var table = tables[Table];
            var old = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey lt {before}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
            var doomed = new List<TableEntity>(100);
            await foreach (var row in old)
            {
                if (doomed.Count == 100 || (doomed.Count > 0 && doomed[0].PartitionKey != row.PartitionKey))
                {
                    await table.SubmitTransactionAsync(doomed.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
                    doomed.Clear();
                }
                doomed.Add(row);
            }
            if (doomed.Count > 0)
                await table.SubmitTransactionAsync(doomed.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever storage's failure looks like (the SDK's retries end in an AggregateException): an
            // unhandled one here would stop the host, and with it every hook.
            ActivityLog.NotPruned(logger, before, e.GetType().Name);
        }
    }
}
