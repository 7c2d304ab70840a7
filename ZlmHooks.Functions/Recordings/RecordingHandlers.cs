using Azure;
using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;

namespace ZlmHooks.Recordings;

/// <summary>on_record_mp4: an MP4 file is finished. It is catalogued before the hook is answered,
/// so an answer of success means the entry is durable; a storage failure is answered 503 and
/// MediaServer retries (hook.retry) instead of the notification being lost.</summary>
public sealed class RecordMp4Handler(RecordingCatalog catalog, RecordingLog log) : IHookHandler<RecordMp4Request, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(RecordMp4Request request, CancellationToken cancellationToken) =>
        await RecordingStore.StoreAsync(catalog, log, RecordingCatalog.KindMp4, request, cancellationToken);
}

/// <summary>on_record_ts: an HLS segment was written; catalogued like an MP4 with kind "ts", unless
/// ZlmHooks__Recordings__IndexHlsSegments is false.</summary>
public sealed class RecordTsHandler(RecordingCatalog catalog, RecordingLog log, IOptions<RecordingsOptions> options) : IHookHandler<RecordTsRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(RecordTsRequest request, CancellationToken cancellationToken) =>
        options.Value.IndexHlsSegments
            ? await RecordingStore.StoreAsync(catalog, log, RecordingCatalog.KindTs, request, cancellationToken)
            : new HookReply { Code = 0, Msg = "success (HLS segments are not indexed)" };
}

internal static class RecordingStore
{
    public static async Task<HookReply> StoreAsync(RecordingCatalog catalog, RecordingLog log, string kind, RecordFileRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var where = await catalog.RecordAsync(kind, request, cancellationToken);
            log.Catalogued(kind, request.Vhost, request.App, request.Stream, where);
            return HookReply.Success;
        }
        catch (Exception e) when (e is RequestFailedException or InvalidOperationException or IOException or HttpRequestException or AggregateException)
        {
            throw new HookUnavailableException($"the recording could not be catalogued ({Storage.StorageFailure.Describe(e)}); retry later", e);
        }
    }
}

public sealed partial class RecordingLog(ILogger<RecordingLog> logger)
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "recording {Kind} {Vhost}/{App}/{Stream} catalogued at {Blob}")]
    public partial void Catalogued(string kind, string? vhost, string? app, string? stream, string blob);
}
