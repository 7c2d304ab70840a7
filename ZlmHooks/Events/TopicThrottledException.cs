namespace ZlmHooks.Events;

/// <summary>Thrown instead of publishing when the topic's limit (or a <c>Retry-After</c>) says not now:
/// the event goes to the outbox, whose drain waits for its turn.</summary>
public sealed class TopicThrottledException : Exception
{
    public TopicThrottledException() : base("the topic's publish limit is reached") { }
    public TopicThrottledException(string message) : base(message) { }
    public TopicThrottledException(string message, Exception inner) : base(message, inner) { }
}
