using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Streams;

/// <summary>
/// A media server's REST API (<c>GET &lt;ApiBase&gt;/index/api/&lt;name&gt;?secret=...</c>), as on-demand
/// pull and fleet onboarding call it: the server's address and <c>api.secret</c> from
/// <see cref="RegistryOptions.MediaServers"/>, a time limit of <see cref="RegistryOptions.PullTimeoutMilliseconds"/>,
/// and ZLMediaKit's <c>{"code":0,"msg":...}</c> answer read. The URL carries the secret: a failure is
/// described by its kind only, never by the URL.
/// </summary>
public sealed class MediaServerRest(IHttpClientFactory clients, IOptions<RegistryOptions> options)
{
    public const string ClientName = "zlm-api";

    /// <summary>What the API answered (<paramref name="Code"/>, <paramref name="Msg"/>, its
    /// <paramref name="Data"/> if any), or why there is no answer (<paramref name="Failure"/>, in words
    /// safe to log).</summary>
    public sealed record Answer(int Code, string Msg, string? Failure, JsonElement? Data = null)
    {
        public bool Succeeded => Failure is null && Code == 0;
    }

    public int TimeoutMilliseconds => options.Value.PullTimeoutMilliseconds;

    /// <summary>The server's REST API, if the settings name one.</summary>
    public MediaServerApi? For(string server) =>
        options.Value.MediaServers.TryGetValue(server, out var api) && !string.IsNullOrEmpty(api.ApiBase) ? api : null;

    /// <param name="cancellationToken">The caller's; the time limit applies on top of it.</param>
    public async Task<Answer> CallAsync(MediaServerApi api, string name, IDictionary<string, string?> query, CancellationToken cancellationToken)
    {
        var url = QueryHelpers.AddQueryString(api.ApiBase.TrimEnd('/') + "/index/api/" + name,
            new Dictionary<string, string?>(query, StringComparer.Ordinal) { ["secret"] = api.Secret });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeoutMilliseconds);
        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.GetAsync(url, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode) return new(-1, "", $"{name} answered HTTP {(int)response.StatusCode}");
            using var json = JsonDocument.Parse(body);
            var code = json.RootElement.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : -1;
            var msg = json.RootElement.TryGetProperty("msg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
            return new(code, msg, null, json.RootElement.TryGetProperty("data", out var data) ? data.Clone() : null);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            // In the operator's words: this text reaches the API and the console, never a .NET type name.
            return new(-1, "", e switch
            {
                OperationCanceledException => $"{name} did not answer in {TimeoutMilliseconds} ms",
                JsonException => $"{name} answered something that is not JSON",
                _ => $"{name} could not be reached",
            });
        }
    }
}
