using System.Text.Json.Serialization;

namespace ZlmHooks.Recordings;

/// <summary>Source-generated JSON for the recording hooks' bodies (read with the kernel's lenient
/// options: <see cref="RecordingHooks"/>).</summary>
[JsonSerializable(typeof(RecordMp4Request))]
[JsonSerializable(typeof(RecordTsRequest))]
internal sealed partial class RecordingsHookJson : JsonSerializerContext;
