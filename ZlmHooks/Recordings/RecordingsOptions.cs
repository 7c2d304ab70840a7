namespace ZlmHooks.Recordings;

/// <summary>Where and how recordings are catalogued (<c>ZlmHooks__Recordings__*</c>).</summary>
public sealed class RecordingsOptions
{
    /// <summary>Container of the catalog entries for recordings that are not themselves in Blob Storage.</summary>
    public string Container { get; set; } = "recordings";

    /// <summary>on_record_ts (an HLS segment every few seconds per stream) is catalogued too; false
    /// acknowledges it without storing anything.</summary>
    public bool IndexHlsSegments { get; set; } = true;

    /// <summary>MediaServer record folders that are mounted from Blob Storage (e.g. with blobfuse):
    /// a file under <see cref="RecordingMount.PathPrefix"/> is the blob
    /// <see cref="RecordingMount.Container"/>/<see cref="RecordingMount.BlobPrefix"/> + the rest of the path.</summary>
    public List<RecordingMount> Mounts { get; set; } = [];

    /// <summary>Base URL of a media server's HTTP port, for playback links (<c>https://media.example.net</c>);
    /// <see cref="PublicBaseUrls"/> overrides it per mediaServerId.</summary>
    public string? PublicBaseUrl { get; set; }

    public Dictionary<string, string> PublicBaseUrls { get; set; } = new(StringComparer.Ordinal);

    public string? PlaybackBase(string? mediaServerId) =>
        mediaServerId is not null && PublicBaseUrls.TryGetValue(mediaServerId, out var url) ? url : PublicBaseUrl;
}
