using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ZlmHooks.Storage;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>
/// Row edits of one partition that are ready at once go out as one entity-group transaction
/// (<c>Storage/GroupCommit</c>), on real Azurite: fewer round trips than rows, every edit kept, and a
/// row another instance wrote meanwhile is redone on its own without losing its neighbours' edits.
/// </summary>
public sealed class GroupCommitTests
{
    /// <summary>Every request the table client sends: method and path.</summary>
    private sealed class Requests : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<string> _sent = new();

        public List<string> Sent => [.. _sent];

        public void Clear() => _sent.Clear();

        public override void OnSendingRequest(HttpMessage message) =>
            _sent.Enqueue($"{message.Request.Method} {Uri.UnescapeDataString(message.Request.Uri.Path)}");
    }

    private static (TableClient Table, Requests Requests, RowWriter Writer) Instance(string table)
    {
        var requests = new Requests();
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var writer = new RowWriter(new RowCache(TimeProvider.System, Options.Create(new StorageOptions())));
        return (new TableClient(Azurite.Connection, table, options), requests, writer);
    }

    /// <summary>Appends <paramref name="mark"/> to the row's "Marks" column.</summary>
    private static Task<bool> MarkAsync(RowWriter writer, TableClient table, string row, string mark) =>
        writer.EditAsync(table, "server-a", row, () => new TableEntity("server-a", row) { ["Marks"] = "" }, r =>
        {
            r["Marks"] = r.GetString("Marks") + mark + ";";
            return true;
        });

    private static async Task<Dictionary<string, string>> MarksAsync(TableClient table) =>
        await table.QueryAsync<TableEntity>().ToDictionaryAsync(r => r.RowKey, r => r.GetString("Marks"));

    [Fact]
    public async Task Rows_of_one_partition_written_at_once_share_transactions_and_keep_every_edit()
    {
        var name = Azurite.NewPrefix() + "rows";
        var (table, requests, writer) = Instance(name);
        await table.CreateAsync();
        var rows = Enumerable.Range(0, 60).Select(i => $"cam{i:D2}").ToList();

        requests.Clear();
        Assert.All(await Task.WhenAll(rows.Select(r => MarkAsync(writer, table, r, "first"))), Assert.True);
        var created = requests.Sent;
        requests.Clear();
        Assert.All(await Task.WhenAll(rows.Select(r => MarkAsync(writer, table, r, "second"))), Assert.True);
        var edited = requests.Sent;

        var marks = await MarksAsync(table);
        Assert.Equal(rows, marks.Keys.Order());
        Assert.All(marks.Values, m => Assert.Equal("first;second;", m));
        // The first write goes alone; the writes ready meanwhile wait for it and go together (at most
        // 100 a transaction). New rows become ready one read at a time, so how many share a
        // transaction depends on timing; in the second round all are ready at once (cached), so 60
        // rows cost a couple of requests, and nothing is read: the transactions returned each row's
        // new version.
        Assert.Equal(60, created.Count(r => r.StartsWith("GET", StringComparison.Ordinal))); // a new row is looked for once
        Assert.True(created.Count(r => r.StartsWith("POST", StringComparison.Ordinal)) < rows.Count, string.Join(", ", created));
        Assert.True(edited.Count <= 4, string.Join(", ", edited));
        Assert.Contains(created, r => r.EndsWith("/$batch", StringComparison.Ordinal));
        Assert.Contains(edited, r => r.EndsWith("/$batch", StringComparison.Ordinal));
        Assert.DoesNotContain(edited, r => r.StartsWith("GET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_row_written_by_another_instance_is_redone_alone_and_its_neighbours_are_kept()
    {
        var name = Azurite.NewPrefix() + "rows";
        var (a, aRequests, aWriter) = Instance(name);
        var (b, _, bWriter) = Instance(name);
        await a.CreateAsync();
        var rows = Enumerable.Range(0, 10).Select(i => $"cam{i}").ToList();
        await Task.WhenAll(rows.Select(r => MarkAsync(aWriter, a, r, "a1")));

        // The other instance writes cam5: this instance's cached version of it is now stale.
        Assert.True(await MarkAsync(bWriter, b, "cam5", "b"));

        aRequests.Clear();
        Assert.All(await Task.WhenAll(rows.Select(r => MarkAsync(aWriter, a, r, "a2"))), Assert.True);
        var sent = aRequests.Sent;

        var marks = await MarksAsync(a);
        Assert.Equal("a1;b;a2;", marks["cam5"]);
        Assert.All(rows.Where(r => r != "cam5"), r => Assert.Equal("a1;a2;", marks[r]));
        // The transaction holding cam5 was refused as a whole; its rows were written one by one and
        // only cam5 was read again.
        Assert.Contains(sent, r => r.EndsWith("/$batch", StringComparison.Ordinal));
        var read = Assert.Single(sent, r => r.StartsWith("GET", StringComparison.Ordinal));
        Assert.Contains("cam5", read, StringComparison.Ordinal);
    }
}
