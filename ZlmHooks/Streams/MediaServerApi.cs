namespace ZlmHooks.Streams;

/// <summary>One media server's REST API: where it is and its <c>api.secret</c>.</summary>
public sealed class MediaServerApi
{
    public string ApiBase { get; set; } = "";
    public string Secret { get; set; } = "";
}
