using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;

namespace ZlmHooks.Recordings;

/// <summary>on_record_ts: an HLS segment was written; catalogued like an MP4 with kind "ts", unless
/// ZlmHooks__Recordings__IndexHlsSegments is false.</summary>
public sealed class RecordTsHandler(RecordingCatalog catalog, RecordingLog log, IOptions<RecordingsOptions> options) : IHookHandler<RecordTsRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(RecordTsRequest request, HookContext context) =>
        options.Value.IndexHlsSegments
            ? await RecordingWrites.StoreAsync(catalog, log, RecordingCatalog.KindTs, request, context)
            : new HookReply { Code = 0, Msg = "success (HLS segments are not indexed)" };
}
