using System.Text;
using System.Text.Json.Nodes;
using OpenQA.Selenium;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>
/// The operator console (docs/console.md) in a real browser: headless Debian Chromium clicking through
/// the page served by the handler, against the real app on Azurite, fed with the captured MediaServer
/// requests. The screenshots in docs/console.md come from <see cref="Every_view_renders_real_data_at_desktop_and_phone_width"/>.
/// </summary>
public sealed class ConsoleTests : IClassFixture<ConsoleTests.Chromium>
{
    /// <summary>One browser for the class: starting Chromium costs about a second; each test has its own app.</summary>
    public sealed class Chromium : IDisposable
    {
        public Browser Browser { get; } = new();

        public void Dispose() => Browser.Dispose();
    }

    private readonly Browser _b;

    public ConsoleTests(Chromium chromium)
    {
        _b = chromium.Browser;
        _b.Page.Manage().Window.Size = new System.Drawing.Size(1280, 900);
        // A fresh tab state: no admin key left from the test before.
        _b.Open(new Uri("about:blank"));
    }

    private static Task<StorageApp> StartAsync() =>
        StorageApp.StartAsync(new Dictionary<string, string?>
        {
            ["ZlmHooks:AccessRules:CacheSeconds"] = "0",
            ["ZlmHooks:AccessRules:SigningKeys:default"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        });

    /// <summary>A captured request, as MediaServer sent it, with fields changed (another server, another stream).</summary>
    internal static async Task SendAsync(StorageApp s, string capture, Action<JsonObject>? edit = null)
    {
        var c = Capture.Named(capture);
        var body = JsonNode.Parse(c.Body)!.AsObject();
        edit?.Invoke(body);
        var response = await RawHttp.SendAsync(s.App.Address, c.WithKeyAndBody(RunningApp.Key, Encoding.UTF8.GetBytes(body.ToJsonString())));
        Assert.True(response.Status == 200, $"{capture}: HTTP {response.Status}");
    }

    private void SignIn(StorageApp s)
    {
        _b.SignIn(s.App.Address, RunningApp.AdminKey);
        _b.WaitUntil(() => _b.Has("#servers-table"), "the Servers view after signing in");
    }

    [Fact]
    public async Task A_wrong_admin_key_shows_a_login_error_and_no_data()
    {
        await using var s = await StartAsync();
        await SendAsync(s, "on_server_started__001.http");
        foreach (var key in new[] { "not-the-admin-key", RunningApp.Key })   // the hook key that MediaServer logs opens nothing either
        {
            _b.SignIn(s.App.Address, key);
            var error = _b.Wait("#login-error");
            Assert.Contains("Sign-in failed", error.Text, StringComparison.Ordinal);
            Assert.Contains("admin key", error.Text, StringComparison.Ordinal);
            Assert.False(_b.Has("#servers-table"));
            Assert.False(_b.Has("#nav"));
            Assert.DoesNotContain("zlm-test-01", _b.Body(), StringComparison.Ordinal);
            Assert.Null(_b.Script("return sessionStorage.getItem('zlmhooks.adminKey')"));
        }
        // And the right one shows the server.
        SignIn(s);
        Assert.Contains("zlm-test-01", _b.Wait("#servers-table").Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_added_in_the_page_allows_on_play_and_removing_it_denies_again()
    {
        await using var s = await StartAsync();
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("cam1"))).Code());
        SignIn(s);
        _b.Show("access", "Access");

        // The CLI's validation, word for word, and nothing saved.
        _b.Type("#rule-id", "viewers");
        _b.Type("#rule-app", "live");
        _b.Type("#rule-stream", "cam1");
        _b.Choose("#rule-effect", "Credential");
        _b.Click("#rule-save");
        Assert.Contains("effect credential needs at least one credential kind", _b.Wait("#rule-error").Text, StringComparison.Ordinal);
        Assert.Empty(_b.All("#rules-table tr[data-rule]"));

        _b.Choose("#rule-effect", "Allow");
        _b.Click("#rule-save");
        _b.WaitUntil(() => _b.Has("#rules-table tr[data-rule='viewers']"), "the saved rule in the list");
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1"))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("cam2"))).Code());

        // "What would happen" names the rule, before and after.
        _b.Type("#decide-app", "live");
        _b.Type("#decide-stream", "cam1");
        _b.Click("#decide-run");
        _b.WaitUntil(() => _b.Wait("#decide-result").Text.Contains("allowed", StringComparison.Ordinal), "the decision");
        Assert.Contains("viewers", _b.Wait("#decide-result").Text, StringComparison.Ordinal);

        // Edit: the form takes the rule, a change is saved over it.
        _b.Click("#rules-table tr[data-rule='viewers'] button.edit");
        Assert.Equal("viewers", _b.Wait("#rule-id").GetAttribute("value"));
        _b.Type("#rule-stream", "cam*");
        _b.Click("#rule-save");
        _b.WaitUntil(() => _b.All("#rules-table tr[data-rule='viewers']").Any(r => r.Text.Contains("live/cam*", StringComparison.Ordinal)), "the edited rule");
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam2"))).Code());

        // Remove asks once more, then the hooks refuse again.
        _b.Click("#rules-table tr[data-rule='viewers'] button.danger");
        _b.Click("#rules-table tr[data-rule='viewers'] button.confirm");
        _b.WaitUntil(() => !_b.Has("#rules-table tr[data-rule='viewers']"), "the rule gone from the list");
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("cam1"))).Code());
    }

    [Fact]
    public async Task A_replayed_stream_appears_in_live_streams_with_play_urls_signed_as_its_rule_requires()
    {
        await using var s = await StartAsync();
        await SendAsync(s, "on_server_started__001.http");
        foreach (var n in new[] { "021", "022", "023" }) await SendAsync(s, $"on_stream_changed__{n}.http");
        await s.AdminAsync("rules", "add", "--id", "signed", "--action", "play", "--app", "live", "--stream", "cam3", "--effect", "credential", "--credentials", "signedurl");
        SignIn(s);
        _b.Show("streams", "Live streams");
        var row = _b.Wait("#streams-table tr[data-stream='zlm-test-01/live/cam3']");
        Assert.Contains("fmp4, hls, rtmp", row.Text, StringComparison.Ordinal);
        Assert.Contains("rtmp_push", row.Text, StringComparison.Ordinal);
        Assert.Matches(@"H264 \d+×\d+", row.Text);

        row.FindElement(By.CssSelector("button.preview")).Click();
        var rtsp = _b.Wait("#url-rtsp").GetAttribute("value")!;
        // From the server's own config (rtsp.port) and the address it called from; signed for the rule.
        Assert.StartsWith("rtsp://127.0.0.1", rtsp, StringComparison.Ordinal);
        Assert.Contains("/live/cam3?", rtsp, StringComparison.Ordinal);
        Assert.Contains("sign=", rtsp, StringComparison.Ordinal);
        Assert.Contains("signed", _b.Wait("#stream-panel").Text, StringComparison.Ordinal);
        var preview = _b.Wait("#preview-video").GetAttribute("src")!;
        Assert.Contains("/live/cam3.live.mp4?", preview, StringComparison.Ordinal);
        // The signature is the one the hooks accept.
        var query = new Uri(rtsp).Query.TrimStart('?');
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam3", query, schema: "rtsp", protocol: "rtsp"))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("cam3"))).Code());
        foreach (var id in new[] { "#url-rtmp", "#url-httpflv", "#url-hls" })
            Assert.Contains("sign=", _b.Wait(id).GetAttribute("value"), StringComparison.Ordinal);

        // Signed again for one viewer's range: accepted from it, refused from anywhere else.
        _b.Type("#bind-ip", "203.0.113.0/24");
        _b.Click("#bind-apply");
        _b.WaitUntil(() => _b.Wait("#stream-panel").Text.Contains("203.0.113.0/24", StringComparison.Ordinal), "the URLs bound to the range");
        var bound = new Uri(_b.Wait("#url-rtmp").GetAttribute("value")!).Query.TrimStart('?');
        Assert.NotEqual(query, bound);
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam3", bound, ip: "203.0.113.50"))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("cam3", bound, ip: "198.51.100.50"))).Code());
    }

    [Fact]
    public async Task A_replayed_recording_appears_in_recordings_with_totals_and_a_player()
    {
        await using var s = await StartAsync();
        // The recordings container is shared by every test on this Azurite: a server of this test's own.
        var server = "srv-console-" + Guid.NewGuid().ToString("N")[..8];
        void Mine(JsonObject body) => body["mediaServerId"] = server;
        await SendAsync(s, "on_server_started__001.http", Mine);
        await SendAsync(s, "on_record_mp4__003.http", Mine);
        await SendAsync(s, "on_record_mp4__004.http", Mine);
        SignIn(s);
        _b.Show("recordings?server=" + server, "Recordings");
        _b.WaitUntil(() => _b.All("#recordings-table tr[data-recording]").Count == 2, "two recordings");
        var totals = _b.Wait($"#recording-totals tr[data-totals='{server}/live/cam3']").Text;
        Assert.Contains(" 1 ", totals, StringComparison.Ordinal);
        Assert.Contains("267.3 KiB", totals, StringComparison.Ordinal);   // 273678 bytes

        // Filtered by stream and day, in the page.
        _b.Type("#rec-stream", "cam2");
        // A date field's typing order follows the browser's locale; its value does not.
        _b.Script("arguments[0].value = '2026-11-24'", _b.Wait("#rec-day"));
        _b.Click("#rec-apply");
        _b.WaitUntil(() => _b.All("#recordings-table tr[data-recording]").Count == 1, "the filtered list");
        Assert.Contains("cam2", _b.Wait("#recordings-table tr[data-recording]").Text, StringComparison.Ordinal);
        Assert.Contains("day=2026-11-24", _b.Page.Url, StringComparison.Ordinal);

        _b.Click("#recordings-table button.play");
        var src = _b.Wait("#recording-video").GetAttribute("src")!;
        Assert.StartsWith("http://127.0.0.1", src, StringComparison.Ordinal);
        Assert.EndsWith("/record/live/cam2/2026-11-24/2026-11-24-03-49-52-0.mp4", src, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_are_shown_once_users_are_kept_without_passwords_and_refusals_show_in_activity()
    {
        await using var s = await StartAsync();
        await s.AdminAsync("rules", "add", "--id", "viewers", "--action", "play", "--app", "live", "--effect", "credential", "--credentials", "token");
        SignIn(s);
        _b.Show("access", "Access");
        _b.Type("#token-label", "lobby");
        _b.Type("#token-uses", "2");
        _b.Click("#token-add");
        var token = _b.Wait("#token-value").GetAttribute("value")!;
        Assert.True(token.Length >= 20, token);
        Assert.Contains("lobby", _b.Wait("#tokens-table").Text, StringComparison.Ordinal);
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", "token=" + token))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play("cam1", "token=wrong", ip: "198.51.100.7"))).Code());

        _b.Type("#rtsp-user-form-realm", "cams");
        _b.Type("#rtsp-user-form-user", "alice");
        _b.Type("#rtsp-user-form-password", "s3cret-rtsp");
        _b.Page.FindElement(By.CssSelector("#rtsp-user-form button[type=submit]")).Click();
        _b.WaitUntil(() => _b.Has("#rtsp-users-table tr[data-user='cams/alice']"), "the RTSP user");
        _b.Type("#shell-user-form-user", "ops");
        _b.Type("#shell-user-form-password", "s3cret-shell");
        _b.Page.FindElement(By.CssSelector("#shell-user-form button[type=submit]")).Click();
        _b.WaitUntil(() => _b.Has("#shell-users-table tr[data-user='ops']"), "the shell user");

        // Reloaded: the token is gone from the page, the use is counted, no password is anywhere.
        _b.Page.Navigate().Refresh();
        _b.WaitUntil(() => _b.Has("#tokens-table") && !_b.Has("main[aria-busy]"), "the Access view again");
        var page = _b.Page.PageSource;
        Assert.DoesNotContain(token, page, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", page, StringComparison.Ordinal);
        Assert.Contains("1 of 2", _b.Wait("#tokens-table tr[data-token='lobby']").Text, StringComparison.Ordinal);

        _b.Show("activity?refusals=1", "Activity");
        _b.WaitUntil(() =>
        {
            if (_b.All("#activity-table tr[data-outcome='refused']").Any(r => r.Text.Contains("198.51.100.7", StringComparison.Ordinal))) return true;
            _b.Click("#activity-refresh");
            return false;
        }, "the refusal in the activity feed");
        var refusal = _b.All("#activity-table tr[data-outcome='refused']").First(r => r.Text.Contains("198.51.100.7", StringComparison.Ordinal)).Text;
        Assert.Contains("on_play", refusal, StringComparison.Ordinal);
        Assert.Contains("live/cam1", refusal, StringComparison.Ordinal);
        Assert.Contains("viewers", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(token, _b.Page.PageSource, StringComparison.Ordinal);
        // Only refusals: the allowed play is not listed.
        Assert.Empty(_b.All("#activity-table tr[data-outcome='allowed']"));
    }

    [Fact]
    public async Task A_watched_view_refreshes_itself_when_asked_and_not_while_a_preview_plays()
    {
        await using var s = await StartAsync();
        await SendAsync(s, "on_server_started__001.http");
        SignIn(s);
        _b.Show("streams", "Live streams");
        Assert.Empty(_b.All("#streams-table tr[data-stream]"));
        _b.Click("#auto-refresh");
        foreach (var n in new[] { "011", "012", "013" }) await SendAsync(s, $"on_stream_changed__{n}.http");
        // No click, no navigation: the view draws itself again within its 5 s.
        _b.WaitUntil(() => _b.Has("#streams-table tr[data-stream='zlm-test-01/live/cam2']"), "the new stream without a click", seconds: 15);

        // With a preview open it stays as it is (the video keeps playing).
        _b.Click("#streams-table tr[data-stream='zlm-test-01/live/cam2'] button.preview");
        _b.Wait("#preview-video");
        foreach (var n in new[] { "021", "022", "023" }) await SendAsync(s, $"on_stream_changed__{n}.http");
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.True(_b.Has("#preview-video"));
        Assert.False(_b.Has("#streams-table tr[data-stream='zlm-test-01/live/cam3']"));
    }

    [Fact]
    public async Task The_views_are_reached_by_keyboard_alone()
    {
        await using var s = await StartAsync();
        _b.Open(new Uri(s.App.Address, "/console"));
        var key = _b.Wait("#admin-key");
        Assert.Equal(key, _b.Page.SwitchTo().ActiveElement());    // the key field has the focus
        key.SendKeys(RunningApp.AdminKey + Keys.Enter);
        _b.WaitUntil(() => _b.Has("#servers-table"), "the Servers view");
        // Tab from the top of the page to the Access link, Enter opens it.
        _b.Page.FindElement(By.TagName("body")).Click();
        string? focused = null;
        for (var i = 0; i < 12 && focused != "Access"; i++)
        {
            _b.Page.SwitchTo().ActiveElement().SendKeys(Keys.Tab);
            focused = _b.Page.SwitchTo().ActiveElement().Text;
        }
        Assert.Equal("Access", focused);
        _b.Page.SwitchTo().ActiveElement().SendKeys(Keys.Enter);
        _b.WaitUntil(() => _b.Has("#rules-table"), "the Access view");
        Assert.Equal("page", _b.Wait("#nav a[data-view='access']").GetAttribute("aria-current"));
    }

    /// <summary>Where the screenshots go: <c>ZLMHOOKS_SCREENSHOTS</c> (docs/console to refresh the ones in
    /// docs/console.md), else a folder of the test run's own.</summary>
    private static string ScreenshotFolder() =>
        Environment.GetEnvironmentVariable("ZLMHOOKS_SCREENSHOTS") is { Length: > 0 } folder
            ? Path.GetFullPath(folder, Repo.Root)
            : Directory.CreateTempSubdirectory("zlmhooks-console-").FullName;

    /// <summary>A fleet as the captures show it: four servers (two online, one missing its keepalives,
    /// one exited), streams from the captured pushes on the live ones, recordings, rules, tokens, a
    /// user, a publish and refusals.</summary>
    private static async Task SeedAsync(StorageApp s)
    {
        s.Clock.Advance(TimeSpan.FromHours(-5));
        await SendAsync(s, "on_server_started__001.http", b => b["mediaServerId"] = "edge-bj-02");
        s.Clock.Advance(TimeSpan.FromHours(4));
        await SendAsync(s, "on_server_started__001.http", b => b["mediaServerId"] = "edge-gz-03");
        await SendAsync(s, "on_server_started__001.http", b => b["mediaServerId"] = "edge-sh-01");
        s.Clock.Advance(TimeSpan.FromMinutes(20));
        await SendAsync(s, "on_server_exited__001.http", b => b["mediaServerId"] = "edge-sh-01");
        s.Clock.Advance(TimeSpan.FromMinutes(38));
        await SendAsync(s, "on_server_started__001.http");
        s.Clock.Advance(TimeSpan.FromMinutes(2));
        await SendAsync(s, "on_server_keepalive__001.http");
        await SendAsync(s, "on_server_keepalive__001.http", b => b["mediaServerId"] = "edge-bj-02");
        var streams = new (string Server, string[] Changes)[]
        {
            ("edge-bj-02", ["021", "022", "023"]),             // cam3
            ("edge-bj-02", ["011", "012", "013"]),             // cam2
            ("edge-bj-02", ["006", "007", "008"]),             // realm1 (an RTSP push)
            ("zlm-test-01", ["001", "002", "003"]),            // hlsrec
            ("zlm-test-01", ["016", "017", "018"]),            // slow1
        };
        foreach (var (server, changes) in streams)
            foreach (var n in changes)
                await SendAsync(s, $"on_stream_changed__{n}.http", b => b["mediaServerId"] = server);
        foreach (var n in new[] { "001", "002", "003", "004" })
            // Recordings are listed account-wide (mounted containers too): a server id no other test uses.
            await SendAsync(s, $"on_record_mp4__{n}.http", b => b["mediaServerId"] = "edge-bj-02");
        await s.AdminAsync("rules", "add", "--id", "pushers", "--action", "publish", "--app", "live", "--effect", "allow", "--ip", "10.0.0.0/8,127.0.0.1/32", "--label", "studio encoders");
        await s.AdminAsync("rules", "add", "--id", "viewers", "--action", "play", "--app", "live", "--effect", "credential", "--credentials", "token,signedurl,jwt");
        await s.AdminAsync("rules", "add", "--id", "cam-login", "--action", "play", "--app", "live", "--stream", "realm1", "--effect", "credential", "--credentials", "rtsplogin", "--realm", "cams");
        await s.AdminAsync("rules", "add", "--id", "recordings", "--action", "http", "--path", "/record/", "--effect", "allow", "--ip", "10.0.0.0/8");
        await s.AdminAsync("tokens", "add", "--label", "lobby-screens", "--action", "play", "--stream", "cam*", "--expires-in-days", "30");
        await s.AdminAsync("tokens", "add", "--label", "ppv-0142", "--action", "play", "--stream", "cam3", "--uses", "3", "--per-ip");
        await s.AdminAsync("rtsp-users", "add", "--realm", "cams", "--user", "nvr01", "--password", "screenshot-only-password");
        await SendAsync(s, "on_publish__001.http");
        foreach (var (stream, ip) in new[] { ("cam3", "198.51.100.23"), ("cam2", "203.0.113.40"), ("realm1", "192.0.2.77") })
            Assert.Equal(-1, (await s.PostAsync("on_play", StorageApp.Play(stream, "token=guess", ip: ip))).Code());
        await SendAsync(s, "on_stream_changed__024.http");
    }

    [Fact]
    public async Task Every_view_renders_real_data_at_desktop_and_phone_width()
    {
        await using var s = await StartAsync();
        await SeedAsync(s);
        var folder = ScreenshotFolder();
        SignIn(s);

        _b.Show("servers", "Servers");
        var servers = _b.Wait("#servers-table").Text;
        Assert.Contains("● online", _b.Wait("#servers-table tr[data-server='zlm-test-01']").Text, StringComparison.Ordinal);
        Assert.Contains("○ exited", _b.Wait("#servers-table tr[data-server='edge-sh-01']").Text, StringComparison.Ordinal);
        Assert.Contains("● online", _b.Wait("#servers-table tr[data-server='edge-bj-02']").Text, StringComparison.Ordinal);
        Assert.Contains("◐ missed keepalives", _b.Wait("#servers-table tr[data-server='edge-gz-03']").Text, StringComparison.Ordinal);
        Assert.Contains("ZLMediaKit(git hash:", servers, StringComparison.Ordinal);
        _b.Screenshot(Path.Combine(folder, "servers.png"));

        _b.Show("streams", "Live streams");
        _b.WaitUntil(() => _b.All("#streams-table tr[data-stream]").Count == 5, "the live streams");
        _b.Click("#streams-table tr[data-stream='edge-bj-02/live/cam2'] button.preview");
        _b.Wait("#url-rtmp");
        _b.Screenshot(Path.Combine(folder, "streams.png"));

        _b.Show("recordings?server=edge-bj-02", "Recordings");
        _b.WaitUntil(() => _b.All("#recordings-table tr[data-recording]").Count == 4, "the recordings");
        _b.Screenshot(Path.Combine(folder, "recordings.png"));

        _b.Show("access", "Access");
        _b.WaitUntil(() => _b.All("#rules-table tr[data-rule]").Count == 4, "the rules");
        _b.Type("#decide-app", "live");
        _b.Type("#decide-stream", "cam3");
        _b.Type("#decide-ip", "203.0.113.5");
        _b.Click("#decide-run");
        _b.WaitUntil(() => _b.Wait("#decide-result").Text.Contains("viewers", StringComparison.Ordinal), "the decision");
        Assert.DoesNotContain("screenshot-only-password", _b.Page.PageSource, StringComparison.Ordinal);
        _b.Screenshot(Path.Combine(folder, "access.png"));

        _b.Show("activity", "Activity");
        _b.WaitUntil(() =>
        {
            if (_b.All("#activity-table tr[data-outcome='refused']").Count >= 3) return true;
            _b.Click("#activity-refresh");
            return false;
        }, "the refusals in the activity feed");
        _b.Screenshot(Path.Combine(folder, "activity.png"));

        // Every view as axe-core reads it (WCAG 2.1 A and AA): labels, names, contrast, structure.
        foreach (var (route, heading) in new[] { ("servers", "Servers"), ("streams", "Live streams"), ("recordings?server=edge-bj-02", "Recordings"), ("access", "Access"), ("activity", "Activity") })
        {
            _b.Show(route, heading);
            var violations = _b.AccessibilityViolations();
            Assert.True(violations.Count == 0, $"{heading}: {string.Join("; ", violations)}");
        }
        // The check sees what it should: an image without a text alternative, planted, is one.
        _b.Script("document.querySelector('main').append(Object.assign(document.createElement('img'), { src: 'data:,' }))");
        Assert.Contains(_b.AccessibilityViolations(), v => v.StartsWith("image-alt", StringComparison.Ordinal));

        // Phone width: every view fits (tables scroll inside their own box), and stays usable.
        _b.Page.Manage().Window.Size = new System.Drawing.Size(390, 844);
        foreach (var (route, heading) in new[] { ("servers", "Servers"), ("streams", "Live streams"), ("recordings", "Recordings"), ("access", "Access"), ("activity", "Activity") })
        {
            _b.Show(route, heading);
            var overflow = Convert.ToInt64(_b.Script("return document.documentElement.scrollWidth - document.documentElement.clientWidth"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(overflow <= 0, $"{heading} is {overflow} px wider than a phone's screen");
        }
        _b.Show("streams", "Live streams");
        _b.Click("#streams-table tr[data-stream='edge-bj-02/live/cam3'] button.preview");
        _b.Wait("#url-rtsp");
        _b.Screenshot(Path.Combine(folder, "phone-streams.png"), width: 390);

        foreach (var name in new[] { "servers", "streams", "recordings", "access", "activity", "phone-streams" })
        {
            var png = await File.ReadAllBytesAsync(Path.Combine(folder, name + ".png"));
            Assert.True(png.Length > 10_000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', $"{name}.png is not a screenshot");
        }
    }

    [Fact]
    public async Task The_page_is_served_from_the_binary_with_a_strict_policy_and_no_key_needed()
    {
        await using var s = await StartAsync();
        using var client = s.App.Client();
        foreach (var (path, type) in new[] { ("/console", "text/html"), ("/console/", "text/html"), ("/console/console.js", "text/javascript"), ("/console/console.css", "text/css") })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith(type, response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
            Assert.Equal(System.Net.HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/console/nothing.js")).StatusCode);
        // The page's data is not: the API behind it still needs the admin key.
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/servers")).StatusCode);
        // No inline script or style for the policy to have to allow.
        var html = await client.GetStringAsync("/console");
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        // Its icon is in the page, allowed by the policy, so a browser asks for no /favicon.ico (which,
        // like any unknown path, would be refused and logged as a 401 on every page load).
        Assert.Matches("<link rel=\"icon\" href=\"data:image/svg\\+xml,[^\"]+\">", html);
        Assert.Contains("img-src 'self' data:", ZlmHooks.OperatorConsole.ConsoleFiles.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_the_console_asks_for_no_favicon_and_logs_no_refusal()
    {
        await using var s = await StartAsync();
        SignIn(s);
        _b.Open(new Uri(s.App.Address, "/console"));
        _b.WaitUntil(() => _b.Has("#servers-table") || _b.Has("form"), "the console page");
        await Task.Delay(500);
        Assert.DoesNotContain(s.App.Logs.Lines, l => l.Contains("favicon", StringComparison.OrdinalIgnoreCase) || l.Contains("HTTP 401", StringComparison.Ordinal));
    }
}
