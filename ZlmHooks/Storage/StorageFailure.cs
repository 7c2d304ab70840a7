using Azure;

namespace ZlmHooks.Storage;

/// <summary>A storage failure in words safe to send back to MediaServer (no URLs, no keys).</summary>
public static class StorageFailure
{
    public static string Describe(Exception e) => e switch
    {
        RequestFailedException { Status: > 0 } r => $"storage answered {r.Status} {r.ErrorCode}",
        RequestFailedException or HttpRequestException or IOException => "storage could not be reached",
        AggregateException a when a.InnerException is not null => Describe(a.InnerException),
        _ => "storage failed",
    };
}
