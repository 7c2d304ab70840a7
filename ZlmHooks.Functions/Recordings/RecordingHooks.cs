using ZlmHooks.Hooks;

namespace ZlmHooks.Recordings;

/// <summary>The hooks that say a recording file is finished: catalogued in Blob Storage before they
/// are acknowledged (docs/recordings.md), and published as recording events.</summary>
public static class RecordingHooks
{
    private static readonly RecordingsHookJson Json = new(HookJson.CreateOptions());

    public static Hook<RecordMp4Request, HookReply> RecordMp4 { get; } = new("on_record_mp4", HookKind.Notification, Json.RecordMp4Request, Json.HookReply)
    {
        Summary = "An MP4 recording file is finished.",
        Event = _ => "zlmediakit.recording.mp4",
        Fallback = (_, _) => HookReply.Success,
    };

    public static Hook<RecordTsRequest, HookReply> RecordTs { get; } = new("on_record_ts", HookKind.Notification, Json.RecordTsRequest, Json.HookReply)
    {
        Summary = "An HLS segment is written.",
        Event = _ => "zlmediakit.recording.ts",
        Fallback = (_, _) => HookReply.Success,
    };

    public static IReadOnlyList<Hook> All { get; } = [RecordMp4, RecordTs];
}
