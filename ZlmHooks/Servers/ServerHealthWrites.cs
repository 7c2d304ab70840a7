using Azure;
using ZlmHooks.Hooks;

namespace ZlmHooks.Servers;

/// <summary>A health write that storage could not take is answered 503, so MediaServer retries it.</summary>
internal static class ServerHealthWrites
{
    public static async Task<HookReply> RunAsync(Func<Task> write)
    {
        try
        {
            await write();
            return HookReply.Success;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException or IOException)
        {
            throw new HookUnavailableException($"server health could not be recorded ({Storage.StorageFailure.Describe(e)}); retry later", e);
        }
    }
}
