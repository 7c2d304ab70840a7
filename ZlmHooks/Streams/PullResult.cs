namespace ZlmHooks.Streams;

/// <summary>What asking a media server to pull a stream came to.</summary>
public sealed record PullResult(bool Started, string Detail);
