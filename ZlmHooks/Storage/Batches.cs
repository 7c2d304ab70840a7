using System.Collections.Concurrent;

namespace ZlmHooks.Storage;

/// <summary>
/// Per-key queues whose items are handled a batch at a time by one runner: the caller that finds a
/// key's queue idle starts it, and it takes what has gathered, handles it, and goes on until the
/// queue is empty. Nobody waits for the runner itself, only for their own item (its handler
/// completes each item). A key has at most one runner at a time, so its batches are handled one
/// after the other, in order. Used for one row's edits (<see cref="RowWriter"/>) and one partition's
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
        while (true)
        {
            var lane = _lanes.GetOrAdd(key, _ => new Lane());
            bool lead;
            lock (lane)
            {
                // Its runner found it empty and retired it between our lookup and this lock: a lane
                // started here would run beside the key's next one, and the same key (one row) would be
                // handled twice at once. Take the key's current lane instead.
                if (lane.Retired) continue;
                lane.Waiting.Add(item);
                lead = !lane.Running;
                lane.Running = true;
            }
            if (lead) _ = RunAsync(key, lane, take, handle);
            return;
        }
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
                    lane.Retired = true;
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

        /// <summary>Out of the dictionary: never used again (an item added to it would start a second
        /// runner for its key).</summary>
        public bool Retired;
    }
}
