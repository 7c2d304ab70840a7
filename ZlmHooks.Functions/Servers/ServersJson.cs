using System.Text.Json.Serialization;

namespace ZlmHooks.Servers;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerList))]
internal sealed partial class ServersJson : JsonSerializerContext;
