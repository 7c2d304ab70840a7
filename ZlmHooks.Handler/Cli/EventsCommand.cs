using System.CommandLine;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using ZlmHooks.Events;

namespace ZlmHooks.Cli;

/// <summary><c>events peek</c>: the CloudEvents waiting in the local queue (no topic configured).</summary>
public static class EventsCommand
{
    public static Command Create(AdminServices admin)
    {
        var count = new Option<int>("--count") { Description = "How many messages to show (1-32)", DefaultValueFactory = _ => 32 };
        count.Validators.Add(r => { if (r.GetValue(count) is < 1 or > 32) r.AddError("--count must be 1-32 (a queue peek shows at most 32)"); });

        var peek = admin.Action("peek", "Show the CloudEvents waiting in the local queue (ZlmHooks__Events__QueueName), without removing them", needsStorage: true, async (p, s, o, ct) =>
        {
            var name = s.GetRequiredService<IOptions<EventsOptions>>().Value.QueueName;
            var queue = s.GetRequiredService<QueueServiceClient>().GetQueueClient(name);
            if (!await queue.ExistsAsync(ct)) { await o.WriteLineAsync($"queue {name} has no events yet"); return; }
            foreach (var message in (await queue.PeekMessagesAsync(p.GetValue(count), ct)).Value)
                await o.WriteLineAsync(message.Body.ToString());
        }, count);
        return new Command("events", "Stream events (CloudEvents)") { peek };
    }
}
