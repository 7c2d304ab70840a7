using System.Text.Json.Serialization;

namespace ZlmHooks.OperatorConsole;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlayUrls))]
internal sealed partial class ConsoleJson : JsonSerializerContext;
