using System.Text.Json.Serialization;
using ZlmHooks.Hooks;

namespace ZlmHooks.AccessRules;

/// <summary>
/// on_http_access: someone requests a file or folder from MediaServer's HTTP server (HLS segments
/// included). There is no vhost/app/stream; the request headers arrive as <c>header.*</c> keys.
/// </summary>
public sealed record HttpAccessRequest : HookRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("ip")] public string? Ip { get; set; }
    [JsonPropertyName("port")] public int? Port { get; set; }
    [JsonPropertyName("params")] public string? Params { get; set; }

    /// <summary>The URL path asked for, e.g. <c>/live/cam1/hls.m3u8</c>.</summary>
    [JsonPropertyName("path")] public string? Path { get; set; }

    /// <summary>Where that is on the server's disk.</summary>
    [JsonPropertyName("file_path")] public string? FilePath { get; set; }
    [JsonPropertyName("is_dir")] public bool? IsDir { get; set; }

    /// <summary>The HTTP request headers (the <c>header.*</c> keys) by name.</summary>
    [JsonIgnore]
    public IEnumerable<KeyValuePair<string, string>> Headers =>
        Extra is null
            ? []
            : Extra.Where(kv => kv.Key.StartsWith("header.", StringComparison.Ordinal) && kv.Value.ValueKind == System.Text.Json.JsonValueKind.String)
                   .Select(kv => KeyValuePair.Create(kv.Key["header.".Length..], kv.Value.GetString()!));

    public override string? Validate() => Require(Path, "path");
}
