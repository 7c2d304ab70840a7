using Azure.Core;
using Azure.Core.Pipeline;

namespace ZlmHooks.Storage;

/// <summary>The publisher client's retry (one quick retry, as before) except for a throttled answer:
/// a 429 or 503 is returned at once, so its <c>Retry-After</c> closes the topic (Events/TopicLimiter.cs)
/// instead of the SDK waiting it out on a hook's path and then publishing past the limit.</summary>
public sealed class NoThrottleRetry() : RetryPolicy(maxRetries: 1)
{
    private static bool Throttled(HttpMessage message) => message.HasResponse && message.Response.Status is 429 or 503;

    protected override bool ShouldRetry(HttpMessage message, Exception? exception) => !Throttled(message) && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        Throttled(message) ? ValueTask.FromResult(false) : base.ShouldRetryAsync(message, exception);
}
