namespace ZlmHooks.Tests.Support.Media;

/// <summary>One MediaServer and its app for a test class (an xunit class fixture): started before the
/// class's first test, stopped after its last.</summary>
public abstract class MediaServerFixture : IAsyncLifetime
{
    /// <summary>How long a client (ffmpeg, ffprobe) may take before a test gives up on it.</summary>
    public static readonly TimeSpan ClientLimit = TimeSpan.FromSeconds(40);

    public MediaServerRig Server { get; private set; } = null!;

    protected abstract Task<MediaServerRig> StartAsync();

    public async Task InitializeAsync() => Server = await StartAsync();

    public virtual async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}
