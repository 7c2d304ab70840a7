namespace ZlmHooks.Hooks;

/// <summary>Each server's current lifetime, read cheaply (cached): on the path of every notification.</summary>
public interface IServerLifetimes
{
    ValueTask<ServerLifetime> GetAsync(string mediaServerId, CancellationToken cancellationToken);
}

/// <summary>Without server health (no storage): every server's lifetime is unknown.</summary>
internal sealed class UnknownServerLifetimes : IServerLifetimes
{
    public ValueTask<ServerLifetime> GetAsync(string mediaServerId, CancellationToken cancellationToken) => ValueTask.FromResult(ServerLifetime.Unknown);
}
