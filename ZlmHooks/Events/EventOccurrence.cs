namespace ZlmHooks.Events;

/// <summary>Which notification a call is (<see cref="EventIdentity"/>): its event id and first-arrival
/// time, the same for MediaServer's retries of it; <paramref name="Retry"/> when a failed attempt's
/// marker said so. <paramref name="Partition"/> and <paramref name="Row"/> address its marker.</summary>
public sealed record EventOccurrence(string Id, DateTimeOffset Time, string Partition, string Row, bool Retry, long? HookIndex);
