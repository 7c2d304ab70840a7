using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ZlmHooks.Recordings;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>on_record_mp4 / on_record_ts into Blob Storage on the real Azurite: both placements,
/// metadata and index tags, retries, failures, and finding recordings again.</summary>
public sealed class RecordingCatalogTests
{
    private static readonly BlobServiceClient Service = new(Azurite.Connection);

    /// <summary>A capture's body with fields changed; the server id is made unique per test because
    /// tag queries search the whole (shared) Azurite account.</summary>
    private static JsonObject Body(string capture, string server, Action<JsonObject>? change = null)
    {
        var body = JsonNode.Parse(Capture.Named(capture).Body)!.AsObject();
        body["mediaServerId"] = server;
        change?.Invoke(body);
        return body;
    }

    private static async Task<StorageApp> StartAsync(string container, IDictionary<string, string?>? extra = null, string? connection = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ZlmHooks:Recordings:Container"] = container,
            ["ZlmHooks:Recordings:PublicBaseUrl"] = "https://media.example.net/",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return await StorageApp.StartAsync(settings, connection);
    }

    private static async Task<RawResponse> PostAsync(StorageApp s, string hook, JsonObject body) =>
        await RawHttp.SendAsync(s.App.Address, RawHttp.Build("POST", $"/index/hook/{hook}?code={RunningApp.Key}", "application/json", JsonSerializer.SerializeToUtf8Bytes(body)));

    private static string NewName(string what) => what + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_finished_mp4_becomes_one_catalog_entry_with_its_json_metadata_and_tags()
    {
        var container = NewName("rec");
        await using var s = await StartAsync(container);
        var response = await s.ReplayAsync("on_record_mp4__001.http");
        Assert.Equal((200, 0), (response.Status, response.Json.Code()));

        var blobs = Service.GetBlobContainerClient(container);
        var item = Assert.Single(await blobs.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata | BlobTraits.Tags }).ToListAsync());
        Assert.Equal("zlm-test-01/__defaultVhost__/live/hlsrec/2026-11-24/mp4-2026-11-24-03-51-14-0.mp4.json", item.Name);
        var m = item.Metadata;
        Assert.Equal("live", m["app"]);
        Assert.Equal("hlsrec", m["stream"]);
        Assert.Equal("__defaultVhost__", m["vhost"]);
        Assert.Equal("zlm-test-01", m["mediaserverid"]);
        Assert.Equal("1795492274", m["starttime"]);
        Assert.Equal("2026-11-24T03:51:14Z", m["starttimeutc"]);
        Assert.Equal(6.96, double.Parse(m["timelen"], System.Globalization.CultureInfo.InvariantCulture), 3);
        Assert.Equal("206644", m["filesize"]);
        Assert.Equal("2026-11-24-03-51-14-0.mp4", m["filename"]);
        Assert.Equal("record/live/hlsrec/2026-11-24/2026-11-24-03-51-14-0.mp4", m["url"]);
        Assert.Equal("/opt/zlmediakit/www/record/live/hlsrec/2026-11-24/2026-11-24-03-51-14-0.mp4", m["filepath"]);
        Assert.Equal("/opt/zlmediakit/www/record/live/hlsrec/", m["folder"]);

        var tags = (await blobs.GetBlobClient(item.Name).GetTagsAsync()).Value.Tags;
        Assert.True(tags.Count <= 10);
        Assert.Equal(("mp4", "hlsrec", "2026-11-24", "zlm-test-01"), (tags["zlmkind"], tags["zlmstream"], tags["zlmday"], tags["zlmserver"]));

        // The content is the hook's JSON, every field kept (unknown ones too) but hook_index and params.
        var stored = JsonNode.Parse((await blobs.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToString())!.AsObject();
        var sent = JsonNode.Parse(Capture.Named("on_record_mp4__001.http").Body)!.AsObject();
        sent.Remove("hook_index");
        sent.Remove("params");
        Assert.Equal(sent.Select(p => p.Key).Order(), stored.Select(p => p.Key).Order());
        foreach (var (key, value) in sent)
        {
            if (value!.GetValueKind() == JsonValueKind.Number) // same number; jsoncpp prints 17 digits, .NET the shortest
                Assert.Equal(value.GetValue<double>(), stored[key]!.GetValue<double>());
            else
                Assert.True(JsonNode.DeepEquals(value, stored[key]), key);
        }
    }

    [Fact]
    public async Task A_retried_or_duplicated_notification_leaves_one_entry_with_the_same_content()
    {
        var container = NewName("rec");
        await using var s = await StartAsync(container);
        var first = Body("on_record_mp4__002.http", "srv-" + container);
        Assert.Equal(0, (await PostAsync(s, "on_record_mp4", first)).Json.Code());
        var blobs = Service.GetBlobContainerClient(container);
        var name = Assert.Single(await blobs.GetBlobsAsync().ToListAsync()).Name;
        var before = (await blobs.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();

        var retry = first.DeepClone().AsObject();
        retry["hook_index"] = 4242; // MediaServer renumbers on retry
        Assert.Equal(0, (await PostAsync(s, "on_record_mp4", retry)).Json.Code());
        Assert.Equal(0, (await PostAsync(s, "on_record_mp4", first)).Json.Code());

        var after = Assert.Single(await blobs.GetBlobsAsync().ToListAsync());
        Assert.Equal(name, after.Name);
        Assert.Equal(before, (await blobs.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString());
        Assert.DoesNotContain("abc123", before); // the pusher's token=abc123 in params is not stored
    }

    [Fact]
    public async Task Non_ascii_stream_ids_round_trip_through_metadata_tags_and_the_list()
    {
        var container = NewName("rec");
        var server = "srv-" + container;
        await using var s = await StartAsync(container);
        var body = Body("on_record_mp4__003.http", server, b => { b["app"] = "直播"; b["stream"] = "大厅 摄像头/1%"; });
        Assert.Equal(0, (await PostAsync(s, "on_record_mp4", body)).Json.Code());

        var item = Assert.Single(await Service.GetBlobContainerClient(container).GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }).ToListAsync());
        Assert.All(item.Metadata.Values, v => Assert.True(v.All(c => c is >= ' ' and < '\u007f'), v));
        Assert.Equal("大厅 摄像头/1%", BlobText.FromMetadata(item.Metadata["stream"]));
        Assert.Equal("直播", BlobText.FromMetadata(item.Metadata["app"]));

        var found = await ListAsync(s, $"server={server}&stream={Uri.EscapeDataString("大厅 摄像头/1%")}");
        var recording = Assert.Single(found);
        Assert.Equal(("直播", "大厅 摄像头/1%", "catalog"), (recording.App, recording.Stream, recording.Placement));
    }

    [Fact]
    public async Task A_recording_already_in_blob_storage_gets_metadata_and_tags_merged_in_place()
    {
        var container = NewName("rec");
        var media = NewName("media");
        await using var s = await StartAsync(container, new Dictionary<string, string?>
        {
            ["ZlmHooks:Recordings:Mounts:0:PathPrefix"] = "/opt/zlmediakit/www/record/",
            ["ZlmHooks:Recordings:Mounts:0:Container"] = media,
            ["ZlmHooks:Recordings:Mounts:0:BlobPrefix"] = "zlm/",
        });
        var mediaContainer = Service.GetBlobContainerClient(media);
        await mediaContainer.CreateAsync();
        var recording = mediaContainer.GetBlobClient("zlm/live/cam3/2026-11-24/2026-11-24-03-50-37-0.mp4");
        await recording.UploadAsync(new BinaryData("not really an mp4"u8.ToArray()), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { ["owner"] = "ops" },
            Tags = new Dictionary<string, string> { ["team"] = "media" },
        });
        var server = "srv-" + container;
        Assert.Equal(0, (await PostAsync(s, "on_record_mp4", Body("on_record_mp4__004.http", server))).Json.Code());

        var properties = (await recording.GetPropertiesAsync()).Value;
        Assert.Equal("ops", properties.Metadata["owner"]);
        Assert.Equal("cam3", properties.Metadata["stream"]);
        Assert.Equal("in-place", properties.Metadata["zlmplacement"]);
        var tags = (await recording.GetTagsAsync()).Value.Tags;
        Assert.Equal(("media", "cam3", "mp4"), (tags["team"], tags["zlmstream"], tags["zlmkind"]));
        Assert.False(await Service.GetBlobContainerClient(container).ExistsAsync() &&
            await Service.GetBlobContainerClient(container).GetBlobsAsync().AnyAsync());

        var found = Assert.Single(await ListAsync(s, $"server={server}&stream=cam3"));
        Assert.Equal(($"{media}/zlm/live/cam3/2026-11-24/2026-11-24-03-50-37-0.mp4", "in-place"), (found.Blob, found.Placement));

        // Not yet uploaded to the mount: a catalog entry is written instead.
        Assert.Equal(0, (await PostAsync(s, "on_record_mp4", Body("on_record_mp4__003.http", server))).Json.Code());
        Assert.Single(await Service.GetBlobContainerClient(container).GetBlobsAsync().ToListAsync());
    }

    [Fact]
    public async Task Recordings_are_found_by_stream_and_day_and_by_server_with_playback_urls()
    {
        var container = NewName("rec");
        var server = "srv-" + container;
        await using var s = await StartAsync(container, new Dictionary<string, string?> { [$"ZlmHooks:Recordings:PublicBaseUrls:{server}"] = "https://edge-1.example.net" });
        foreach (var capture in new[] { "on_record_mp4__001.http", "on_record_mp4__002.http", "on_record_mp4__003.http", "on_record_mp4__004.http", "on_record_ts__001.http", "on_record_ts__002.http" })
        {
            var hook = capture.Split("__")[0];
            Assert.Equal(0, (await PostAsync(s, hook, Body(capture, server))).Json.Code());
        }
        // One more, a day later.
        Assert.Equal(0, (await PostAsync(s, "on_record_mp4", Body("on_record_mp4__002.http", server, b => { b["start_time"] = 1795492171 + 86400; b["file_name"] = "next-day.mp4"; }))).Json.Code());

        var cam1 = await ListAsync(s, $"server={server}&stream=cam1&from=2026-11-24&to=2026-11-24");
        var only = Assert.Single(cam1);
        Assert.Equal("https://edge-1.example.net/record/live/cam1/2026-11-24/2026-11-24-03-49-31-2.mp4", only.PlaybackUrl);
        Assert.Equal(2, (await ListAsync(s, $"server={server}&stream=cam1")).Count);
        Assert.Single(await ListAsync(s, $"server={server}&stream=cam1&from=2026-11-25"));

        var all = await ListAsync(s, $"server={server}");
        Assert.Equal(7, all.Count);
        Assert.Equal(2, all.Count(r => r.Kind == "ts"));
        Assert.Equal(5, (await ListAsync(s, $"server={server}&kind=mp4")).Count);
        Assert.Equal(all.Select(r => r.StartTime).Order(), all.Select(r => r.StartTime));

        // The admin command answers the same: the API's JSON with --json, a table for a person.
        var settings = new Dictionary<string, string?> { ["ZlmHooks:Recordings:Container"] = container };
        string[] query = ["recordings", "list", "--server", server, "--stream", "cam1", "--from", "2026-11-24", "--to", "2026-11-24"];
        var cli = await Azurite.AdminAsync(s.Prefix, settings, [.. query, "--json"]);
        var listed = JsonSerializer.Deserialize<JsonObject>(cli)!["recordings"]!.AsArray();
        Assert.Equal("cam1", Assert.Single(listed)!["stream"]!.GetValue<string>());
        var table = (await Azurite.AdminAsync(s.Prefix, settings, query)).Split('\n');
        Assert.Equal(2, table.Length);
        Assert.Matches(@"^SERVER\s+STREAM\s+KIND\s+START \(UTC\)\s+SECONDS\s+BYTES\s+FILE$", table[0]);
        Assert.Matches($@"^{server}\s+live/cam1\s+mp4\s+2026-11-24", table[1]);
    }

    [Fact]
    public async Task The_api_needs_the_admin_key_and_refuses_a_bad_day()
    {
        await using var s = await StartAsync(NewName("rec"));
        using (var anonymous = s.App.Client())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/recordings?stream=cam1")).StatusCode);
            // The function key, which MediaServer logs with every hook URL, does not open it.
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/recordings?stream=cam1&code={RunningApp.Key}")).StatusCode);
        }
        using var client = s.App.AdminClient();
        var bad = await client.GetAsync($"/api/recordings?from=24-11-2026");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("not a day", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/recordings?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Hls_segments_can_be_switched_off()
    {
        var container = NewName("rec");
        await using var s = await StartAsync(container, new Dictionary<string, string?> { ["ZlmHooks:Recordings:IndexHlsSegments"] = "false" });
        var reply = (await s.ReplayAsync("on_record_ts__001.http")).Json;
        Assert.Equal(0, reply.Code());
        // The container exists (init made it); nothing was stored in it.
        Assert.Empty(await Service.GetBlobContainerClient(container).GetBlobsAsync().ToListAsync());
    }

    [Fact]
    public async Task When_storage_fails_the_notification_is_answered_503_so_mediaserver_retries()
    {
        var dead = Azurite.TableOnly("http://127.0.0.1:1/devstoreaccount1").Replace("TableEndpoint", "BlobEndpoint", StringComparison.Ordinal);
        await using var s = await StartAsync(NewName("rec"), connection: dead);
        var response = await s.ReplayAsync("on_record_mp4__001.http");
        Assert.Equal(503, response.Status);
        Assert.Equal(-1, response.Json.Code());
        Assert.Contains("could not be catalogued", response.Json.Msg());
        Assert.DoesNotContain("   at ", response.Body);
    }

    private static async Task<List<Recording>> ListAsync(StorageApp s, string query)
    {
        using var client = s.App.AdminClient();
        var json = await client.GetStringAsync($"/api/recordings?{query}");
        return [.. JsonSerializer.Deserialize<RecordingListDto>(json)!.recordings];
    }

    private sealed record RecordingListDto(List<Recording> recordings);
}

internal static class AsyncEnumerableExtensions
{
    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    public static async Task<bool> AnyAsync<T>(this IAsyncEnumerable<T> items)
    {
        await foreach (var _ in items) return true;
        return false;
    }
}
