using Azure.Data.Tables;

namespace ZlmHooks.Bench;

/// <summary>The rules the scenarios need.</summary>
internal static class Seed
{
    /// <summary>The tables, container and queue the handler will use (<c>init</c>, with the handler's own
    /// settings), and the rules the scenarios need, written with the admin command the operator uses.</summary>
    public static async Task RulesAsync(IReadOnlyDictionary<string, string> handlerSettings)
    {
        var settings = handlerSettings.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => (string?)kv.Value);
        string[][] commands =
        [
            ["init"],
            ["rules", "add", "--id", "cam1", "--action", "play", "--app", "live", "--stream", "cam1", "--effect", "allow"],
            ["rules", "add", "--id", "push", "--action", "publish", "--app", "live", "--stream", "*", "--effect", "allow",
                "--options", """{"enable_mp4":true,"mp4_max_second":600,"enable_hls":true,"enable_rtsp":false}"""],
        ];
        foreach (var command in commands)
            if (await ZlmHooks.Cli.AdminCommands.RunAsync(command, TextWriter.Null, settings) != 0)
                throw new InvalidOperationException("seeding failed: " + string.Join(' ', command));
    }

    /// <summary>Many exact play rules for other streams of the same app and vhost (the partition the
    /// measured lookup reads), in batches of 100 (one partition per transaction).</summary>
    public static async Task ManyRulesAsync(string storage, string prefix, int count)
    {
        var table = new TableClient(storage, prefix + "rules");
        Phase.Step("adding rules to Azurite", count);
        await Parallel.ForEachAsync(Enumerable.Range(0, (count + 99) / 100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
        {
            var actions = Enumerable.Range(batch * 100, Math.Min(100, count - batch * 100)).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity("play|*", $"live|bench{i:D6}")
                {
                    ["Rules0"] = $$"""[{"id":"bench{{i}}","action":"play","vhost":"*","app":"live","stream":"bench{{i:D6}}","effect":"Allow"}]""",
                    ["Count"] = 1,
                })).ToList();
            await table.SubmitTransactionAsync(actions, ct);
            Phase.Count(actions.Count);
        });
    }
}
