using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>on_shell_login: someone logs in to MediaServer's telnet debug shell.</summary>
public sealed record ShellLoginRequest : HookRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("ip")] public string? Ip { get; set; }
    [JsonPropertyName("port")] public int? Port { get; set; }
    [JsonPropertyName("user_name")] public string? UserName { get; set; }

    /// <summary>The password in clear: never logged, never stored.</summary>
    [JsonPropertyName("passwd")] public string? Passwd { get; set; }

    public override string? Validate() => Require(UserName, "user_name");

    public override string ToString() => $"ShellLoginRequest {{ MediaServerId = {MediaServerId}, UserName = {UserName}, Ip = {Ip}, Passwd = *** }}";
}
