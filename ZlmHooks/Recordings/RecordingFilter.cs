namespace ZlmHooks.Recordings;

/// <summary>Which recordings to list; every filter is optional, days are yyyy-MM-dd (UTC).</summary>
public sealed record RecordingFilter(string? Server, string? Vhost, string? App, string? Stream, string? From, string? To, string? Kind, int Limit = 100);
