using System.Text.Json.Serialization;
using ZlmHooks.AccessRules;
using ZlmHooks.Recordings;
using ZlmHooks.Servers;
using ZlmHooks.Streams;

namespace ZlmHooks.Hooks;

/// <summary>Source-generated JSON for every hook payload: no reflection, fast start, AOT-safe.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = [typeof(LenientStringConverter), typeof(LenientInt64Converter), typeof(LenientInt32Converter),
                  typeof(LenientDoubleConverter), typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(HookReply))]
[JsonSerializable(typeof(PublishRequest))]
[JsonSerializable(typeof(PublishReply))]
[JsonSerializable(typeof(PlayRequest))]
[JsonSerializable(typeof(HttpAccessRequest))]
[JsonSerializable(typeof(HttpAccessReply))]
[JsonSerializable(typeof(RtspRealmRequest))]
[JsonSerializable(typeof(RtspRealmReply))]
[JsonSerializable(typeof(RtspAuthRequest))]
[JsonSerializable(typeof(RtspAuthReply))]
[JsonSerializable(typeof(ShellLoginRequest))]
[JsonSerializable(typeof(StreamChangedRequest))]
[JsonSerializable(typeof(StreamNoneReaderRequest))]
[JsonSerializable(typeof(StreamNoneReaderReply))]
[JsonSerializable(typeof(StreamNotFoundRequest))]
[JsonSerializable(typeof(StreamNotFoundReply))]
[JsonSerializable(typeof(FlowReportRequest))]
[JsonSerializable(typeof(RecordMp4Request))]
[JsonSerializable(typeof(RecordTsRequest))]
[JsonSerializable(typeof(ServerStartedRequest))]
[JsonSerializable(typeof(ServerKeepaliveRequest))]
[JsonSerializable(typeof(ServerExitedRequest))]
[JsonSerializable(typeof(SendRtpStoppedRequest))]
[JsonSerializable(typeof(RtpServerTimeoutRequest))]
public sealed partial class HookJson : JsonSerializerContext;
