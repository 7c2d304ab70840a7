using ZlmHooks.Hooks;

namespace ZlmHooks.Recordings;

/// <summary>The hooks that say a recording file is finished: catalogued in Blob Storage before they
/// are acknowledged (docs/recordings.md), and published as recording events.</summary>
public static class RecordingHooks
{
    private static readonly RecordingsHookJson Json = new(HookJson.CreateOptions());

    public static Hook<RecordMp4Request, HookReply> RecordMp4 { get; } =
        NotificationHook.Define("on_record_mp4", Json.RecordMp4Request, "An MP4 recording file is finished.", "zlmediakit.recording.mp4",
            bodyNamesNotification: true);

    public static Hook<RecordTsRequest, HookReply> RecordTs { get; } =
        NotificationHook.Define("on_record_ts", Json.RecordTsRequest, "An HLS segment is written.", "zlmediakit.recording.ts",
            bodyNamesNotification: true);

    public static IReadOnlyList<Hook> All { get; } = [RecordMp4, RecordTs];
}
