using System.Text.Json.Serialization;

namespace ZlmHooks.AccessRules;

/// <summary>Source-generated JSON for the access hooks' bodies and replies (read with the kernel's
/// lenient options: <see cref="AccessHooks"/>).</summary>
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
[JsonSerializable(typeof(Hooks.HookReply))]
internal sealed partial class AccessHookJson : JsonSerializerContext;
