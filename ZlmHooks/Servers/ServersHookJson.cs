using System.Text.Json.Serialization;

namespace ZlmHooks.Servers;

/// <summary>Source-generated JSON for the server hooks' bodies (read with the kernel's lenient
/// options: <see cref="ServerHooks"/>).</summary>
[JsonSerializable(typeof(ServerStartedRequest))]
[JsonSerializable(typeof(ServerKeepaliveRequest))]
[JsonSerializable(typeof(ServerExitedRequest))]
internal sealed partial class ServersHookJson : JsonSerializerContext;
