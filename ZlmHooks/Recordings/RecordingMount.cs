namespace ZlmHooks.Recordings;

/// <summary>A MediaServer record folder mounted from Blob Storage (<c>ZlmHooks__Recordings__Mounts__&lt;n&gt;__*</c>).</summary>
public sealed class RecordingMount
{
    public string PathPrefix { get; set; } = "";
    public string Container { get; set; } = "";
    public string BlobPrefix { get; set; } = "";
}
