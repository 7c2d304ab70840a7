namespace ZlmHooks.Events;

/// <summary>Where stream events go (<c>ZlmHooks__Events__*</c>).</summary>
public sealed class EventsOptions
{
    /// <summary>The Event Grid custom topic endpoint (deployment output topicEndpoint). Empty: events go
    /// to the storage queue <see cref="QueueName"/> instead (local development).</summary>
    public string? TopicEndpoint { get; set; }

    /// <summary>Topic access key, for local and test use; without it the app authenticates with Entra ID
    /// (the shared credential, role EventGrid Data Sender).</summary>
    public string? TopicKey { get; set; }

    /// <summary>The Azurite/Storage queue that stands in for Event Grid when no topic is configured.</summary>
    public string QueueName { get; set; } = "zlm-events";

    /// <summary>How long one publish may take before the event goes to the outbox instead.</summary>
    public int PublishTimeoutMilliseconds { get; set; } = 3000;

    /// <summary>How long a notification body is remembered to recognise MediaServer's retries of it.</summary>
    public int RetryWindowSeconds { get; set; } = 600;

    /// <summary>How old an instance's copy of a server's retry markers may be before it is read again.
    /// Keep it below MediaServer's <c>hook.retry_delay</c> (3 s): a retry must find its marker.</summary>
    public int RetryMarkerFreshMilliseconds { get; set; } = 500;

    /// <summary>How often the outbox is re-published (the timer function does the same under the host).</summary>
    public int OutboxIntervalSeconds { get; set; } = 15;

    /// <summary>The topic's ingress limit in events per second (Event Grid: 5,000 per custom topic): never
    /// exceeded in any second; past it events go to the outbox and the drain publishes them at the limit.</summary>
    public int TopicEventsPerSecond { get; set; } = 5000;

    /// <summary>The topic's ingress limit in bytes per second (Event Grid: 5 MB per custom topic).</summary>
    public int TopicBytesPerSecond { get; set; } = 5_000_000;

    /// <summary>Publish publish/play decisions as audit events (off the auth path).</summary>
    public bool AuditDecisions { get; set; }
}
