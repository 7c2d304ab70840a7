using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ZlmHooks.Tests.Support;
using ZlmHooks.Tests.Support.Media;

namespace ZlmHooks.Tests;

/// <summary>MediaServer's own retry of a slow hook, against ZlmHooks: a relay in front of
/// on_record_mp4 holds each file's first call past <c>hook.timeoutSec</c>, so MediaServer gives up,
/// retries (a new <c>hook_index</c>), and the held call arrives after the retry. Its own MediaServer:
/// this class shortens the hook timeout.</summary>
[Trait("Category", "MediaServer")]
[Collection(MediaServerTests.Collection)]
public sealed class MediaServerRetryTests
{
    [Fact]
    public async Task A_recording_retried_by_mediaserver_after_a_slow_first_answer_is_catalogued_once()
    {
        Uri? target = null;
        var seen = new ConcurrentDictionary<string, int>();
        var (relay, relayAddress) = await LoopbackServer.StartAsync(app => app.MapPost("/index/hook/on_record_mp4", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var file = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("file_name").GetString()!;
            // The first call for a file is held past MediaServer's 3 s timeout, then delivered anyway.
            if (seen.AddOrUpdate(file, 1, (_, n) => n + 1) == 1) await Task.Delay(TimeSpan.FromSeconds(6));
            using var client = new HttpClient();
            using var response = await client.PostAsync(new Uri(target!, "/index/hook/on_record_mp4" + http.Request.QueryString),
                new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            http.Response.StatusCode = (int)response.StatusCode;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(await response.Content.ReadAsStringAsync());
        }));
        await using var _ = relay;

        await using var s = await MediaServerRig.StartAsync("zlm-e2e-retry", ini =>
        {
            var direct = new Uri(ini.Get("hook", "on_record_mp4")!);
            target = new Uri(direct.GetLeftPart(UriPartial.Authority));
            ini.Set("hook", "on_record_mp4", new Uri(relayAddress, direct.PathAndQuery))
               .Set("hook", "timeoutSec", 3).Set("hook", "retry", 1).Set("hook", "retry_delay", 1)
               .Set("protocol", "enable_mp4", 0);
        });
        await s.RuleAsync("--id", "push-retry", "--action", "publish", "--app", "live", "--stream", "retry1", "--effect", "allow", "--options", """{"enable_mp4":true,"mp4_max_second":2}""");
        await using (var pusher = MediaClient.Publish(s.Rtmp("live/retry1"), 5))
            Assert.Equal(0, await pusher.WaitAsync(TimeSpan.FromSeconds(40)));

        // Every file reached the app at least twice (the retry, then the held first call).
        await s.WaitForAsync(() => !seen.IsEmpty && seen.Values.All(n => n >= 2), TimeSpan.FromSeconds(30), "each file's retry and its held first call");
        await s.WaitForAsync(() => s.App.App.Logs.Lines.Count(l => l.Contains("on_record_mp4 __defaultVhost__/live/retry1", StringComparison.Ordinal)) >= 2 * seen.Count,
            TimeSpan.FromSeconds(15), "the app answering both calls of each file");
        var files = (await s.RecordingsAsync("retry1")).Where(f => f.Kind == "mp4").ToList();
        Assert.Equal(seen.Keys.Order(StringComparer.Ordinal), files.Select(f => f.FileName!.Split('/')[^1]).Order(StringComparer.Ordinal));
        var events = (await s.EventsAsync()).Where(e => e.Contains("zlmediakit.recording.mp4", StringComparison.Ordinal)).ToList();
        var ids = events.Select(e => System.Text.Json.JsonDocument.Parse(e).RootElement.GetProperty("id").GetString()).ToList();
        // Each file's event under one id, however many times it was delivered.
        Assert.True(seen.Count == ids.Distinct().Count(), string.Join("\n", events));
    }
}
