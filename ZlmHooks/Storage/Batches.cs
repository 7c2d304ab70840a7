using System.Collections.Concurrent;

namespace ZlmHooks.Storage;

/// <summary>
/// Per-key queues whose items are handled a batch at a time by one runner: the caller that finds a
/// key's queue idle starts it, and it takes what has gathered, handles it, and goes on until the
/// queue is empty. Nobody waits for the runner itself, only for their own item (its handler
/// completes each item). Used for one row's edits (<see cref="RowWriter"/>) and one partition's
/// writes (<see cref="GroupCommit"/>).
/// </summary>
internal sealed class Batches<TKey, TItem> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lane> _lanes = new();

    /// <param name="take">Moves the next batch out of the waiting items, in order (called under the queue's lock).</param>
    /// <param name="handle">Handles a batch and completes its items, without throwing; returns the items to
    /// handle again first (or null).</param>
    public void Add(TKey key, TItem item, Func<List<TItem>, List<TItem>> take, Func<List<TItem>, Task<List<TItem>?>> handle)
    {
        var lane = _lanes.GetOrAdd(key, _ => new Lane());
        bool lead;
        lock (lane)
        {
            lane.Waiting.Add(item);
            lead = !lane.Running;
            lane.Running = true;
        }
        if (lead) _ = RunAsync(key, lane, take, handle);
    }

    private async Task RunAsync(TKey key, Lane lane, Func<List<TItem>, List<TItem>> take, Func<List<TItem>, Task<List<TItem>?>> handle)
    {
        while (true)
        {
            List<TItem> batch;
            lock (lane)
            {
                if (lane.Waiting.Count == 0)
                {
                    lane.Running = false;
                    _lanes.TryRemove(new KeyValuePair<TKey, Lane>(key, lane));
                    return;
                }
                batch = take(lane.Waiting);
            }
            if (await handle(batch) is { Count: > 0 } again)
                lock (lane) lane.Waiting.InsertRange(0, again);
        }
    }

    private sealed class Lane
    {
        public readonly List<TItem> Waiting = [];
        public bool Running;
    }
}
