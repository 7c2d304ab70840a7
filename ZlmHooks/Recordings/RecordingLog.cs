namespace ZlmHooks.Recordings;

/// <summary>What the catalog logs beside the hook call's own line.</summary>
public sealed partial class RecordingLog(ILogger<RecordingLog> logger)
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "recording {Kind} {Vhost}/{App}/{Stream} catalogued at {Blob}")]
    public partial void Catalogued(string kind, string? vhost, string? app, string? stream, string blob);
}
