using System.Text.Json.Serialization;

namespace ZlmHooks.Hooks;

/// <summary>The answer every hook gives: MediaServer reads an integer <c>code</c> (0 = success or allow).</summary>
public record HookReply
{
    public const int Refused = -1;

    [JsonPropertyName("code")] public int Code { get; init; }
    [JsonPropertyName("msg")] public string? Msg { get; init; }

    public static HookReply Success { get; } = new() { Code = 0, Msg = "success" };

    public static HookReply Refuse(string msg) => new() { Code = Refused, Msg = msg };
}
