namespace ZlmHooks.Events;

/// <summary>One event waiting in the outbox: its row, and the CloudEvent JSON to publish.</summary>
public sealed record OutboxEntry(string Partition, string Row, byte[] Event);
