namespace ZlmHooks.Events;

/// <summary>Which occurrence of a notification body a call is (<see cref="EventIdentity"/>): its event id
/// and first-arrival time, the same for MediaServer's retries of it.</summary>
public sealed record EventOccurrence(string Id, DateTimeOffset Time, string Partition, string Row, int Occurrence, long? HookIndex);
