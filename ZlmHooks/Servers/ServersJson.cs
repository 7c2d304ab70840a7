using System.Text.Json.Serialization;

namespace ZlmHooks.Servers;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerList))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ServersJson : JsonSerializerContext;
