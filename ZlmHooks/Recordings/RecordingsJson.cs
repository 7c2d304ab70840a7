using System.Text.Json.Serialization;

namespace ZlmHooks.Recordings;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(RecordingList))]
internal sealed partial class RecordingsJson : JsonSerializerContext;
