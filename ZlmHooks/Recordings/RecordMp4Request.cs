namespace ZlmHooks.Recordings;

/// <summary>on_record_mp4: an MP4 recording segment was closed (<c>mp4_max_second</c> or stream end).</summary>
public sealed record RecordMp4Request : RecordFileRequest;
