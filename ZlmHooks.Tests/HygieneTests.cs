using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>
/// Issue 29, items D5-D7, each as the request that showed it, on the real app with Azurite and an
/// Event Grid that keeps what it is sent: a secret after an SRT URL's '#' and a token in a recording's
/// relative url are found in no row, blob, event, API answer or log line; a signed URL is accepted only
/// as it was signed; the admin API describes a body it cannot read without .NET's words.
/// </summary>
public sealed class HygieneTests : IAsyncLifetime
{
    private const string SigningKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm";
    private readonly string _container = "hyg" + Guid.NewGuid().ToString("N")[..12];
    private StorageApp _s = null!;
    private FakeEventGrid _grid = null!;

    public async Task InitializeAsync()
    {
        _grid = await FakeEventGrid.StartAsync();
        _s = await StorageApp.StartAsync(new Dictionary<string, string?>
        {
            ["ZlmHooks:Events:TopicEndpoint"] = _grid.Endpoint.ToString(),
            ["ZlmHooks:Events:TopicKey"] = FakeEventGrid.Key,
            ["ZlmHooks:Events:PublishTimeoutMilliseconds"] = "5000",
            ["ZlmHooks:Recordings:Container"] = _container,
            ["ZlmHooks:AccessRules:SigningKeys:default"] = SigningKey,
            ["ZlmHooks:AccessRules:CacheSeconds"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        await _grid.DisposeAsync();
    }

    private static JsonObject Body(string capture, Action<JsonObject> change)
    {
        var body = JsonNode.Parse(Capture.Named(capture).Body)!.AsObject();
        change(body);
        return body;
    }

    private Task<RawResponse> SendAsync(string hook, JsonObject body) =>
        RawHttp.SendAsync(_s.App.Address, RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", "application/json", JsonSerializer.SerializeToUtf8Bytes(body)));

    private async Task<string> GetAsync(string path)
    {
        using var client = _s.App.AdminClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task D5_an_srt_passphrase_or_session_after_the_streamid_hash_is_kept_nowhere()
    {
        const string origin = "srt://192.0.2.8:9000?streamid=#!::r=live/d5srt,m=request,s=Sess1onD5&passphrase=Pa55phraseD5&pbkeylen=16";
        var body = Body("on_stream_changed__001.http", b => { b["stream"] = "d5srt"; b["originUrl"] = origin; });
        Assert.Equal(200, (await SendAsync("on_stream_changed", body)).Status);

        var served = JsonDocument.Parse(await GetAsync("/api/streams")).RootElement.GetProperty("streams").EnumerateArray()
            .Single(x => x.GetProperty("stream").GetString() == "d5srt").GetProperty("originUrl").GetString();
        // What an operator needs stays readable: the host, the stream, the mode, the key length.
        Assert.Equal("srt://192.0.2.8:9000?streamid=#!::r=live/d5srt,m=request,s=[redacted]&passphrase=[redacted]&pbkeylen=16", served);
        var stored = await Azurite.TableTextAsync(_s.Prefix + "streams");
        var published = await _grid.WaitForAsync(e => e.GetRawText().Contains("192.0.2.8:9000", StringComparison.Ordinal));
        foreach (var text in new[] { stored, published.GetRawText(), await GetAsync("/api/streams"), string.Join('\n', _s.App.Logs.Lines) })
        {
            Assert.DoesNotContain("Pa55phraseD5", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Sess1onD5", text, StringComparison.Ordinal);
        }
        Assert.Contains("r=live/d5srt", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task D6_a_token_in_a_recordings_relative_url_is_kept_nowhere()
    {
        const string file = "2026-11-24-03-49-31-2.mp4";
        var body = Body("on_record_mp4__002.http", b =>
        {
            b["stream"] = "d6rel";
            b["mediaServerId"] = "srv-" + _container;
            b["url"] = $"record/live/d6rel/2026-11-24/{file}?token=T0kenD6url&channel=1";
            b["file_name"] = file + "?token=T0kenD6name";
            b["file_path"] = $"/opt/zlmediakit/www/record/live/d6rel/2026-11-24/{file}?sign=T0kenD6path";
            b["folder"] = "/opt/zlmediakit/www/record/live/d6rel/?key=T0kenD6folder";
        });
        var reply = await SendAsync("on_record_mp4", body);
        Assert.Equal((200, 0), (reply.Status, reply.Json.Code()));

        var text = new StringBuilder();
        var blobs = new BlobContainerClient(Azurite.Connection, _container);
        var items = await blobs.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata | BlobTraits.Tags }).ToListAsync();
        var item = Assert.Single(items);
        text.AppendLine(item.Name).AppendLine(string.Join(';', item.Metadata)).AppendLine(string.Join(';', item.Tags ?? new Dictionary<string, string>()))
            .AppendLine((await blobs.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToString());
        var recordings = await GetAsync("/api/recordings?stream=d6rel");
        var published = await _grid.WaitForAsync(e => e.GetRawText().Contains("d6rel", StringComparison.Ordinal));
        text.AppendLine(recordings).AppendLine(published.GetRawText()).AppendLine(string.Join('\n', _s.App.Logs.Lines));

        foreach (var secret in new[] { "T0kenD6url", "T0kenD6name", "T0kenD6path", "T0kenD6folder" })
            Assert.DoesNotContain(secret, text.ToString(), StringComparison.Ordinal);
        // Ordinary values are left as they were: the path, the file's name, the other parameters.
        var listed = JsonDocument.Parse(recordings).RootElement.GetProperty("recordings").EnumerateArray().Single();
        Assert.Equal($"record/live/d6rel/2026-11-24/{file}?token=[redacted]&channel=1", listed.GetProperty("url").GetString());
        Assert.Equal(file + "?token=[redacted]", listed.GetProperty("fileName").GetString());
        Assert.Equal($"/opt/zlmediakit/www/record/live/d6rel/2026-11-24/{file}?sign=[redacted]", listed.GetProperty("filePath").GetString());
        Assert.EndsWith($"/mp4-{file}?token=[redacted].json", item.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task D7_a_signed_url_is_accepted_only_as_it_was_signed()
    {
        await _s.AdminAsync("rules", "add", "--id", "d7", "--action", "play", "--app", "d7", "--effect", "credential", "--credentials", "signedurl");
        var query = await Azurite.AdminAsync(_s.Prefix, new Dictionary<string, string?> { ["ZlmHooks:AccessRules:SigningKeys:default"] = SigningKey },
            "sign", "--kid", "default", "--action", "play", "--app", "d7", "--stream", "cam1", "--ttl", "3600");
        Assert.Equal(0, (await _s.PostAsync("on_play", StorageApp.Play("cam1", query, app: "d7"))).Code());

        foreach (var other in new[] { query.Replace("expires=", "expires=0", StringComparison.Ordinal), query + "%3D", query + "=" })
        {
            var reply = await _s.PostAsync("on_play", StorageApp.Play("cam1", other, app: "d7"));
            Assert.Equal(-1, reply.Code());
            Assert.Contains("signature does not match", reply.Msg(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"id":"h1","action":"play","effect":"maybe"}""")]
    [InlineData("""{"id":"h1","action":"play","effect":"allow","app":["live"]}""")]
    [InlineData("""{"id":"h1","action":"play","effect":"allow","id":"h2"}""")]
    [InlineData("""{"id":"h1",""")]
    public async Task A_rule_body_the_api_cannot_read_is_described_without_dotnet_words(string body)
    {
        using var client = _s.App.AdminClient();
        using var response = await client.PutAsync("/api/rules/h1", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var msg = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("msg").GetString()!;
        Assert.StartsWith("the body is not the JSON this call takes", msg, StringComparison.Ordinal);
        foreach (var word in new[] { "ZlmHooks.", "System.", "LineNumber", "BytePositionInLine", "Path:" })
            Assert.DoesNotContain(word, msg, StringComparison.Ordinal);
    }
}
