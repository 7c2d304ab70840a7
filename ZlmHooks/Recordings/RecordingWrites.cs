using Azure;
using ZlmHooks.Hooks;

namespace ZlmHooks.Recordings;

/// <summary>Catalogues one file before the hook is answered: a storage failure is answered 503 and
/// MediaServer retries (hook.retry) instead of the notification being lost.</summary>
internal static class RecordingWrites
{
    public static async Task<HookReply> StoreAsync(RecordingCatalog catalog, RecordingLog log, string kind, RecordFileRequest request, HookContext context)
    {
        try
        {
            var where = await catalog.RecordAsync(kind, request, context.Payload, context.Aborted);
            log.Catalogued(kind, request.Vhost, request.App, request.Stream, where);
            return HookReply.Success;
        }
        catch (Exception e) when (e is RequestFailedException or InvalidOperationException or IOException or HttpRequestException or AggregateException)
        {
            throw new HookUnavailableException($"the recording could not be catalogued ({Storage.StorageFailure.Describe(e)}); retry later", e);
        }
    }
}
