using ZlmHooks.Hooks;

namespace ZlmHooks.Recordings;

/// <summary>on_record_mp4: an MP4 file is finished. It is catalogued before the hook is answered,
/// so an answer of success means the entry is durable.</summary>
public sealed class RecordMp4Handler(RecordingCatalog catalog, RecordingLog log) : IHookHandler<RecordMp4Request, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(RecordMp4Request request, HookContext context) =>
        await RecordingWrites.StoreAsync(catalog, log, RecordingCatalog.KindMp4, request, context);
}
