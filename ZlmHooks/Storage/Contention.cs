namespace ZlmHooks.Storage;

/// <summary>Waits before an optimistic-concurrency retry: a little longer each time and jittered, so
/// writers racing for one row spread out instead of colliding again at once.</summary>
public static class Contention
{
    public static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 + Math.Min(attempt, 10) * 4)), cancellationToken);
}
