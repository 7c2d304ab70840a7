using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.Recordings;

/// <summary>A finished recording file: where it is, when it starts, how long and how big.</summary>
public abstract record RecordFileRequest : StreamHookRequest
{
    [JsonPropertyName("file_name")] public string? FileName { get; set; }
    [JsonPropertyName("file_path")] public string? FilePath { get; set; }
    [JsonPropertyName("file_size")] public long? FileSize { get; set; }
    [JsonPropertyName("folder")] public string? Folder { get; set; }

    /// <summary>Unix seconds when the file's media starts.</summary>
    [JsonPropertyName("start_time")] public long? StartTime { get; set; }

    /// <summary>Seconds of media in the file.</summary>
    [JsonPropertyName("time_len")] public double? TimeLen { get; set; }

    /// <summary>The path below MediaServer's HTTP root that serves the file.</summary>
    [JsonPropertyName("url")] public string? Url { get; set; }

    public override string? Validate() => base.Validate() ?? Require(FilePath, "file_path");
}
