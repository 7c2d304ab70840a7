using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

/// <summary>
/// Access rules in Table Storage (docs/access-rules.md). On the hook path every lookup is a point
/// read: four for a publish or play decision (exact and pattern rows, for the vhost and for any
/// vhost), at most <see cref="MaxHttpDepth"/> + 3 for an HTTP path (and one range read of the rules
/// below the folder an allowed answer would cover). Listing and editing, which query whole tables,
/// are for the admin API and the admin commands only.
/// </summary>
public sealed class RuleStore(Tables tables, CachedReads reads, IOptions<AccessRulesOptions> options)
{
    public const string StreamTable = "rules";
    public const string HttpTable = "httprules";
    public const string HttpPartition = "http";

    /// <summary>The row of a partition that holds its rules with a prefix or '*' app or stream.</summary>
    public const string PatternRow = "~patterns";

    /// <summary>HTTP rules are looked up for the file and at most this many enclosing folders.</summary>
    public const int MaxHttpDepth = 8;

    private const int ChunkChars = 30_000;
    private const int MaxChunks = 15; // 15 x 30,000 UTF-16 characters stays under the 1 MiB entity limit

    /// <summary>The rules that could apply to a publish or play of vhost/app/stream.</summary>
    public async Task<IReadOnlyList<AccessRule>> StreamRulesAsync(string action, string vhost, string app, string stream, CancellationToken cancellationToken)
    {
        var table = tables[StreamTable];
        var exact = KeyEncoding.Join(app, stream);
        var forVhost = Partition(action, vhost);
        var forAny = Partition(action, Pattern.Any);
        var rows = await Task.WhenAll(
            ReadAsync(table, forVhost, exact, cancellationToken).AsTask(),
            ReadAsync(table, forVhost, PatternRow, cancellationToken).AsTask(),
            ReadAsync(table, forAny, exact, cancellationToken).AsTask(),
            ReadAsync(table, forAny, PatternRow, cancellationToken).AsTask());
        return Concat(rows);
    }

    /// <summary>The same rules when all four rows are fresh in the cache: the hot path of a warm
    /// decision, with no task, timer or read.</summary>
    public bool TryCachedStreamRules(string action, string vhost, string app, string stream, out List<AccessRule> rules)
    {
        var fresh = options.Value.FreshFor;
        var key = new StreamRulesKey(action, vhost, app, stream);
        if (reads.TryGetCombined(key, fresh, out rules)) return true;
        var table = tables[StreamTable];
        var exact = KeyEncoding.Join(app, stream);
        var forVhost = Partition(action, vhost);
        var forAny = Partition(action, Pattern.Any);
        if (reads.TryGetFresh<IReadOnlyList<AccessRule>>(table, forVhost, exact, fresh, out var a, out var at1)
            && reads.TryGetFresh<IReadOnlyList<AccessRule>>(table, forVhost, PatternRow, fresh, out var b, out var at2)
            && reads.TryGetFresh<IReadOnlyList<AccessRule>>(table, forAny, exact, fresh, out var c, out var at3)
            && reads.TryGetFresh<IReadOnlyList<AccessRule>>(table, forAny, PatternRow, fresh, out var d, out var at4))
        {
            rules = Concat([a, b, c, d]);
            // The combination lives as long as its oldest row would: it can be no staler than they are.
            reads.SetCombined(key, rules, new[] { at1, at2, at3, at4 }.Min(), fresh);
            return true;
        }
        rules = [];
        return false;
    }

    private readonly record struct StreamRulesKey(string Action, string Vhost, string App, string Stream);

    /// <summary>The rules for a URL path: the file itself and each enclosing folder up to the root.</summary>
    public async Task<IReadOnlyList<AccessRule>> HttpRulesAsync(string path, CancellationToken cancellationToken)
    {
        var table = tables[HttpTable];
        var rows = await Task.WhenAll(HttpCandidates(path).Select(p => ReadAsync(table, HttpPartition, KeyEncoding.Encode(p), cancellationToken).AsTask()));
        return Concat(rows);
    }

    /// <summary>"/live/cam1/hls.m3u8" → itself, "/live/cam1/hls.m3u8/" (a folder asked for without its
    /// slash), "/live/cam1/", "/live/", "/" (bounded depth).</summary>
    public static IEnumerable<string> HttpCandidates(string path)
    {
        if (!path.StartsWith('/')) path = "/" + path;
        yield return path;
        if (!path.EndsWith('/')) yield return path + "/";
        var folders = new List<string>();
        for (var i = path.IndexOf('/', StringComparison.Ordinal); i >= 0 && folders.Count <= MaxHttpDepth; i = path.IndexOf('/', i + 1))
            folders.Add(path[..(i + 1)]);
        foreach (var folder in Enumerable.Reverse(folders))
            if (folder != path) yield return folder;
    }

    /// <summary>The HTTP rules whose path starts with <paramref name="prefix"/> (the folder or file an
    /// on_http_access answer would let MediaServer reuse): one range read of the http partition, not a
    /// scan, cached as long as a point read. At most <paramref name="limit"/> rows are read: past that
    /// the caller treats the prefix as holding other rules.</summary>
    public async Task<(IReadOnlyList<AccessRule> Rules, bool Complete)> HttpRulesUnderAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        var key = new HttpRulesUnderKey(prefix);
        if (reads.TryGetCombined<(IReadOnlyList<AccessRule>, bool)>(key, options.Value.FreshFor, out var cached)) return cached;
        var encoded = KeyEncoding.Encode(prefix);
        // A long path's key keeps only its beginning (KeyEncoding.Bounded): look from what every key keeps,
        // then match the whole path each rule holds.
        var from = encoded[..Math.Min(encoded.Length, KeyEncoding.MaxLength - 65)];
        var to = from[..^1] + (char)(from[^1] + 1);
        var readAt = reads.Now;
        var found = new List<AccessRule>();
        var rows = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {HttpPartition} and RowKey ge {from} and RowKey lt {to}");
        await foreach (var entity in tables[HttpTable].QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken))
        {
            if (++rows > limit) break;
            found.AddRange(RulesOf(entity).Where(r => r.Path is not null && r.Path.StartsWith(prefix, StringComparison.Ordinal)));
        }
        var result = ((IReadOnlyList<AccessRule>)found, rows <= limit);
        reads.SetCombined(key, result, readAt, options.Value.FreshFor);
        return result;
    }

    private readonly record struct HttpRulesUnderKey(string Prefix);

    public static string Partition(string action, string vhost) => action + KeyEncoding.Separator + KeyEncoding.Encode(vhost);

    /// <summary>Where a rule is kept: its partition and row.</summary>
    public static (string Table, string PartitionKey, string RowKey) Location(AccessRule rule) =>
        rule.Action == RuleActions.Http
            ? (HttpTable, HttpPartition, KeyEncoding.Encode(rule.Path!))
            : (StreamTable, Partition(rule.Action, rule.Vhost),
               Pattern.IsExact(rule.App) && Pattern.IsExact(rule.Stream) ? KeyEncoding.Join(rule.App, rule.Stream) : PatternRow);

    private ValueTask<IReadOnlyList<AccessRule>> ReadAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        reads.GetAsync(table, partitionKey, rowKey, RulesOf, options.Value.FreshFor, options.Value.Grace, cancellationToken);

    private static List<AccessRule> Concat(IReadOnlyList<AccessRule>[] rows)
    {
        var count = rows.Sum(r => r.Count);
        var all = new List<AccessRule>(count);
        foreach (var row in rows) all.AddRange(row);
        return all;
    }

    internal static IReadOnlyList<AccessRule> RulesOf(TableEntity? entity)
    {
        if (entity is null) return [];
        var json = new StringBuilder();
        for (var i = 0; i < MaxChunks && entity.GetString($"Rules{i}") is { } chunk; i++)
            json.Append(chunk);
        return json.Length == 0 ? [] : JsonSerializer.Deserialize(json.ToString(), AccessRulesJson.Default.ListAccessRule) ?? [];
    }

    private static void WriteRules(TableEntity entity, List<AccessRule> rules)
    {
        var json = JsonSerializer.Serialize(rules, AccessRulesJson.Default.ListAccessRule);
        var chunks = json.Chunk(ChunkChars).Select(c => new string(c)).ToArray();
        if (chunks.Length > MaxChunks)
            throw new InvalidOperationException($"too many rules in one row ({json.Length} characters of JSON); split them by app or stream");
        for (var i = 0; i < MaxChunks; i++)
        {
            if (i < chunks.Length) entity[$"Rules{i}"] = chunks[i];
            else entity.Remove($"Rules{i}");
        }
        entity["Count"] = rules.Count;
    }

    // ----- admin side: whole-table reads and optimistic-concurrency writes -----

    /// <summary>Adds a rule, or replaces the rule with the same id (wherever it was kept).</summary>
    public async Task SaveAsync(AccessRule rule, CancellationToken cancellationToken = default)
    {
        if (AccessRuleValidation.Problem(rule) is { } problem)
            throw new ArgumentException(problem, nameof(rule));
        var (tableName, partitionKey, rowKey) = Location(rule);
        foreach (var existing in await ListAsync(cancellationToken))
            if (existing.Id == rule.Id && Location(existing) != (tableName, partitionKey, rowKey))
                await RemoveAsync(existing.Id, cancellationToken);
        await EditRowAsync(tables[tableName], partitionKey, rowKey, rules =>
        {
            rules.RemoveAll(r => r.Id == rule.Id);
            rules.Add(rule);
            return true;
        }, cancellationToken);
        reads.Clear();
    }

    /// <summary>Removes the rule with this id; false when there is none.</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        var removed = false;
        foreach (var name in new[] { StreamTable, HttpTable })
        {
            var table = tables[name];
            await foreach (var row in table.AllRowsAsync(cancellationToken: cancellationToken))
                if (RulesOf(row).Any(r => r.Id == id))
                    removed |= await EditRowAsync(table, row.PartitionKey, row.RowKey, rules => rules.RemoveAll(r => r.Id == id) > 0, cancellationToken);
        }
        reads.Clear();
        return removed;
    }

    public async Task<List<AccessRule>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<AccessRule>();
        foreach (var name in new[] { StreamTable, HttpTable })
            await foreach (var row in tables[name].AllRowsAsync(cancellationToken: cancellationToken))
                all.AddRange(RulesOf(row));
        return [.. all.OrderBy(r => r.Action, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>Edits the rule list of one row; a row left without rules is deleted.</summary>
    private static Task<bool> EditRowAsync(TableClient table, string partitionKey, string rowKey, Func<List<AccessRule>, bool> edit, CancellationToken cancellationToken) =>
        table.EditRowAsync(partitionKey, rowKey, () => new TableEntity(partitionKey, rowKey), (row, existed) =>
        {
            var rules = RulesOf(existed ? row : null).ToList();
            if (!edit(rules)) return RowEdit.Unchanged;
            if (rules.Count == 0) return RowEdit.Delete;
            WriteRules(row, rules);
            return RowEdit.Save;
        }, cancellationToken);

}
