using System.Text.Json.Serialization;

namespace ZlmHooks.Streams;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StreamList))]
[JsonSerializable(typeof(LiveMediaList))]
[JsonSerializable(typeof(Dictionary<string, SchemaState>))]
[JsonSerializable(typeof(List<TrackSummary>))]
internal sealed partial class StreamsJson : JsonSerializerContext;
