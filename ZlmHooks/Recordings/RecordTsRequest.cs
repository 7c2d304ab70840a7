namespace ZlmHooks.Recordings;

/// <summary>on_record_ts: an HLS segment was written (needs <c>hls.broadcastRecordTs=1</c>).</summary>
public sealed record RecordTsRequest : RecordFileRequest;
