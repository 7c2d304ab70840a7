using ZlmHooks.Tests.Support;
using ZlmHooks.Tests.Support.Media;

namespace ZlmHooks.Tests;

/// <summary>
/// Publishers and players against the real MediaServer (../shared/zlmediakit), with ffmpeg and ffprobe
/// as the clients: what the client sees (admitted, refused) and what ZlmHooks stored. One MediaServer
/// for the class; each test uses streams of its own.
/// </summary>
[Trait("Category", "MediaServer")]
[Collection(MediaServerTests.Collection)]
public sealed class MediaServerAccessTests(MediaServerAccessTests.Rig rig) : IClassFixture<MediaServerAccessTests.Rig>
{
    private static readonly TimeSpan ClientLimit = MediaServerFixture.ClientLimit;
    private MediaServerRig S => rig.Server;

    public sealed class Rig : MediaServerFixture
    {
        public const string SigningKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm"; // 48 bytes, base64

        public const string JwtSharedKey = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTBmZWRjYmE5ODc2NTQzMjEw";

        /// <summary>The identity provider whose published keys sign the players' JWTs.</summary>
        public JwtTests.IdentityProvider Idp { get; private set; } = null!;
        public Microsoft.IdentityModel.Tokens.RsaSecurityKey IdpKey { get; } = JwtTests.Rsa("e2e-1");

        protected override async Task<MediaServerRig> StartAsync()
        {
            Idp = await JwtTests.IdentityProvider.StartAsync(IdpKey);
            return await MediaServerRig.StartAsync("zlm-e2e-access", ini => ini
                .Set("protocol", "enable_mp4", 0)
                .Set("general", "streamNoneReaderDelayMS", 60_000),
                new Dictionary<string, string?>
                {
                    ["ZlmHooks:AccessRules:SigningKeys:default"] = SigningKey,
                    ["ZlmHooks:AccessRules:Jwt:Issuer"] = JwtTests.Issuer,
                    ["ZlmHooks:AccessRules:Jwt:Audience"] = JwtTests.Audience,
                    ["ZlmHooks:AccessRules:Jwt:KeysUrl"] = Idp.Configuration,
                    ["ZlmHooks:AccessRules:Jwt:SharedKey"] = JwtSharedKey,
                });
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (Idp is not null) await Idp.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_publisher_without_an_allowing_rule_is_refused_over_rtmp_and_rtsp_and_one_with_it_goes_live()
    {
        await S.RuleAsync("--id", "pushers-ok", "--action", "publish", "--app", "live", "--stream", "ok*", "--effect", "allow");

        await using (var rtmp = MediaClient.Publish(S.Rtmp("live/nope1"), 4))
            Assert.NotEqual(0, await rtmp.WaitAsync(ClientLimit));
        await using (var rtsp = MediaClient.Publish(S.Rtsp("live/nope2"), 4))
            Assert.NotEqual(0, await rtsp.WaitAsync(ClientLimit));
        Assert.Contains(await S.App.App.Logs.MatchingAsync(l => l.Contains("on_publish __defaultVhost__/live/nope1", StringComparison.Ordinal)), l => l.Contains(": deny", StringComparison.Ordinal));

        await using var rtmpOk = MediaClient.Publish(S.Rtmp("live/ok1"), 6);
        await using var rtspOk = MediaClient.Publish(S.Rtsp("live/ok2"), 6);
        var live = await S.EventuallyAsync(S.StreamsAsync, l => l.Any(x => x.Stream == "ok1" && x.Schemas.Contains("rtmp")) && l.Any(x => x.Stream == "ok2" && x.Schemas.Contains("rtsp")),
            TimeSpan.FromSeconds(20), "ok1 and ok2 in /api/streams");
        Assert.DoesNotContain(live, x => x.Stream.StartsWith("nope", StringComparison.Ordinal));
        Assert.All(live.Where(x => x.Stream.StartsWith("ok", StringComparison.Ordinal)), x => Assert.Equal((S.Id, "live", true), (x.MediaServerId, x.App, x.Online)));
        Assert.Equal(0, await rtmpOk.WaitAsync(ClientLimit));
        Assert.Equal(0, await rtspOk.WaitAsync(ClientLimit));

        // The push ended: the registry forgets the stream once MediaServer says so.
        await S.EventuallyAsync(S.StreamsAsync, l => !l.Any(x => x.Stream is "ok1" or "ok2" && x.Online), TimeSpan.FromSeconds(20), "ok1 and ok2 gone from /api/streams");
    }

    [Fact]
    public async Task A_player_is_admitted_or_refused_over_rtmp_rtsp_http_flv_and_hls()
    {
        await S.RuleAsync("--id", "push-play", "--action", "publish", "--app", "live", "--stream", "play*", "--effect", "allow", "--options", """{"enable_hls":true}""");
        await S.RuleAsync("--id", "watch-open", "--action", "play", "--app", "live", "--stream", "playopen", "--effect", "allow");
        await using var open = MediaClient.Publish(S.Rtmp("live/playopen"), 25);
        await using var shut = MediaClient.Publish(S.Rtmp("live/playshut"), 25);
        await S.EventuallyAsync(S.StreamsAsync, l => l.Count(x => x.Stream is "playopen" or "playshut" && x.Schemas.Contains("rtmp")) == 2, TimeSpan.FromSeconds(20), "both streams live");

        foreach (var url in new[] { S.Rtmp("live/playopen"), S.Rtsp("live/playopen"), S.Http("live/playopen.live.flv") })
        {
            var (exit, codecs, error) = await MediaClient.ProbeAsync(url);
            Assert.True(exit == 0 && codecs.Contains("video") && codecs.Contains("audio"), $"{url}: exit {exit}, [{string.Join(',', codecs)}] {error}");
        }
        foreach (var url in new[] { S.Rtmp("live/playshut"), S.Rtsp("live/playshut"), S.Http("live/playshut.live.flv") })
        {
            var (exit, codecs, _) = await MediaClient.ProbeAsync(url);
            Assert.True(exit != 0 && codecs.Length == 0, $"{url} was played: exit {exit}, [{string.Join(',', codecs)}]");
        }
        var refusals = await S.App.App.Logs.MatchingAsync(l => l.Contains("on_play __defaultVhost__/live/playshut", StringComparison.Ordinal));
        Assert.All(refusals, l => Assert.Contains(": deny (code -1)", l, StringComparison.Ordinal));

        // HLS: the playlist MediaServer makes (enable_hls from the publish rule) is served to an allowed player only.
        await S.EventuallyAsync(() => MediaClient.HttpStatusAsync(S.Http("live/playopen/hls.m3u8")), status => status == 200, TimeSpan.FromSeconds(20), "the HLS playlist");
        var hls = await MediaClient.ProbeAsync(S.Http("live/playopen/hls.m3u8"));
        Assert.True(hls.Exit == 0 && hls.Codecs.Contains("video"), $"HLS: exit {hls.Exit} {hls.Error}");
        Assert.NotEqual(200, await MediaClient.HttpStatusAsync(S.Http("live/playshut/hls.m3u8")));
    }

    [Fact]
    public async Task Tokens_signed_urls_bound_or_not_and_rtsp_digest_logins_admit_the_right_player_and_no_other()
    {
        await S.RuleAsync("--id", "push-cred", "--action", "publish", "--app", "live", "--stream", "cred*", "--effect", "allow");
        await S.RuleAsync("--id", "watch-cred", "--action", "play", "--app", "live", "--stream", "cred*", "--effect", "credential", "--credentials", "token,signedurl");
        await S.RuleAsync("--id", "watch-realm", "--action", "play", "--app", "live", "--stream", "credrtsp", "--effect", "credential", "--credentials", "rtsplogin", "--realm", "e2e");
        await S.App.AdminAsync("rtsp-users", "add", "--realm", "e2e", "--user", "alice", "--password", "right-pw");
        var token = await S.App.AdminAsync("tokens", "add", "--label", "e2e-viewer", "--action", "play");
        Task<string> Sign(string stream, int ttl, params string[] more) => Azurite.AdminAsync(S.App.Prefix, new Dictionary<string, string?> { ["ZlmHooks:AccessRules:SigningKeys:default"] = Rig.SigningKey },
            ["sign", "--action", "play", "--app", "live", "--stream", stream, "--ttl", ttl.ToString(System.Globalization.CultureInfo.InvariantCulture), .. more]);
        var signed = await Sign("cred1", 300);
        var other = await Sign("cred2", 300);
        var shortLived = await Sign("cred1", 1);
        var boundHere = await Sign("cred1", 300, "--ip", "127.0.0.0/8");   // ffprobe connects from loopback
        var boundElsewhere = await Sign("cred1", 300, "--ip", "10.0.0.0/8");

        await using var cred1 = MediaClient.Publish(S.Rtmp("live/cred1"), 30);
        await using var credRtsp = MediaClient.Publish(S.Rtmp("live/credrtsp"), 30);
        await S.EventuallyAsync(S.StreamsAsync, l => l.Count(x => x.Stream is "cred1" or "credrtsp" && x.Schemas.Contains("rtsp")) == 2, TimeSpan.FromSeconds(20), "cred1 and credrtsp live");

        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/cred1?token={token}"), true);
        await MediaClient.AssertPlaysAsync(S.Http($"live/cred1.live.flv?token={token}"), true);
        await MediaClient.AssertPlaysAsync(S.Rtmp("live/cred1?token=not-a-token"), false);
        await MediaClient.AssertPlaysAsync(S.Rtmp("live/cred1"), false);
        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/cred1?{signed}"), true);
        await MediaClient.AssertPlaysAsync(S.Rtsp($"live/cred1?{signed}"), true);
        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/cred1?{other}"), false);   // signed for cred2
        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/cred1?{boundHere}"), true);
        await MediaClient.AssertPlaysAsync(S.Rtsp($"live/cred1?{boundElsewhere}"), false);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/cred1?{shortLived}"), false); // expired

        // RTSP digest: MediaServer asks on_rtsp_realm, then on_rtsp_auth for alice's HA1, and checks the digest itself.
        await MediaClient.AssertPlaysAsync(S.Rtsp("live/credrtsp", "alice:right-pw"), true);
        await MediaClient.AssertPlaysAsync(S.Rtsp("live/credrtsp", "alice:wrong-pw"), false);
        await MediaClient.AssertPlaysAsync(S.Rtsp("live/credrtsp"), false);
        Assert.NotEmpty(await S.App.App.Logs.MatchingAsync(l => l.Contains("on_rtsp_auth __defaultVhost__/live/credrtsp", StringComparison.Ordinal)));

        // No credential reaches the log.
        var log = string.Join('\n', S.App.App.Logs.Lines);
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);
        Assert.DoesNotContain("right-pw", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwts_from_the_identity_provider_or_the_shared_key_admit_publishers_and_players_and_bad_ones_do_not()
    {
        var rs256 = Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256;
        var hs256 = Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256;
        var shared = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromBase64String(Rig.JwtSharedKey));
        await S.RuleAsync("--id", "push-jwt", "--action", "publish", "--app", "live", "--stream", "jwt*", "--effect", "credential", "--credentials", "jwt");
        await S.RuleAsync("--id", "watch-jwt", "--action", "play", "--app", "live", "--stream", "jwt*", "--effect", "credential", "--credentials", "jwt,token");

        // A publisher with an HS256 token from the app server goes live; one without a JWT does not.
        var pushToken = JwtTests.Mint(shared, hs256, "publish", stream: "jwt1");
        await using (var refused = MediaClient.Publish(S.Rtmp("live/jwt1"), 3))
            Assert.NotEqual(0, await refused.WaitAsync(ClientLimit));
        await using var pusher = MediaClient.Publish(S.Rtmp($"live/jwt1?jwt={pushToken}"), 40);
        await S.EventuallyAsync(S.StreamsAsync, l => l.Any(x => x.Stream == "jwt1" && x.Schemas.Contains("rtsp")), TimeSpan.FromSeconds(20), "live/jwt1 live");

        // Players with the identity provider's RS256 tokens, in jwt= or token=, over RTMP and RTSP.
        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/jwt1?jwt={JwtTests.Mint(rig.IdpKey, rs256, "play")}"), true);
        await MediaClient.AssertPlaysAsync(S.Rtsp($"live/jwt1?token={JwtTests.Mint(rig.IdpKey, rs256, "play", stream: "jwt*")}"), true);
        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/jwt1?jwt={JwtTests.Mint(rig.IdpKey, rs256, "play", expiresIn: TimeSpan.FromMinutes(-5))}"), false);
        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/jwt1?jwt={JwtTests.Mint(rig.IdpKey, rs256, "play", audience: "another-deployment")}"), false);
        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/jwt1?jwt={JwtTests.Mint(JwtTests.Rsa("e2e-1"), rs256, "play")}"), false);
        var log = await S.App.App.Logs.MatchingAsync(l => l.Contains("on_play __defaultVhost__/live/jwt1", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("JWT has expired", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("JWT is for another audience", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("JWT signature does not match", StringComparison.Ordinal));
        Assert.DoesNotContain(S.App.App.Logs.Lines, l => l.Contains(pushToken.Split('.')[2], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_limited_use_token_plays_as_many_times_as_it_allows_then_is_refused()
    {
        await S.RuleAsync("--id", "push-once", "--action", "publish", "--app", "live", "--stream", "once*", "--effect", "allow");
        await S.RuleAsync("--id", "watch-once", "--action", "play", "--app", "live", "--stream", "once*", "--effect", "credential", "--credentials", "token");
        var twice = await S.App.AdminAsync("tokens", "add", "--label", "e2e-twice", "--action", "play", "--uses", "2");
        await using var pusher = MediaClient.Publish(S.Rtmp("live/once1"), 30);
        await S.EventuallyAsync(S.StreamsAsync, l => l.Any(x => x.Stream == "once1" && x.Schemas.Contains("rtsp")), TimeSpan.FromSeconds(20), "live/once1 live");

        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/once1?token={twice}"), true);
        await MediaClient.AssertPlaysAsync(S.Rtsp($"live/once1?token={twice}"), true);
        await MediaClient.AssertPlaysAsync(S.Rtmp($"live/once1?token={twice}"), false);
        Assert.Contains(await S.App.App.Logs.MatchingAsync(l => l.Contains("on_play __defaultVhost__/live/once1", StringComparison.Ordinal)),
            l => l.Contains("has been used 2 time(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Files_are_served_only_under_an_allowed_folder_and_dot_dot_tricks_are_refused()
    {
        var www = Path.Combine(S.Server.Folder, "www");
        Directory.CreateDirectory(Path.Combine(www, "pub"));
        Directory.CreateDirectory(Path.Combine(www, "private"));
        await File.WriteAllTextAsync(Path.Combine(www, "pub", "readme.txt"), "public\n");
        await File.WriteAllTextAsync(Path.Combine(www, "private", "secret.txt"), "private\n");
        await S.RuleAsync("--id", "files-pub", "--action", "http", "--path", "/pub/", "--effect", "allow");

        Assert.Equal(200, await MediaClient.HttpStatusAsync(S.Http("pub/readme.txt")));
        Assert.NotEqual(200, await MediaClient.HttpStatusAsync(S.Http("private/secret.txt")));
        Assert.NotEqual(200, await MediaClient.HttpStatusAsync(S.Http("pub/../private/secret.txt")));
        Assert.NotEqual(200, await MediaClient.HttpStatusAsync(S.Http("pub/%2e%2e/private/secret.txt")));
        Assert.NotEqual(200, await MediaClient.HttpStatusAsync(S.Http("pub/..%2fprivate/secret.txt")));
        Assert.Contains(await S.App.App.Logs.MatchingAsync(l => l.Contains("on_http_access", StringComparison.Ordinal)), l => l.Contains(": deny", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_answers_cookie_never_reaches_a_denied_folder_another_token_scope_or_a_folder_without_its_slash()
    {
        // Issue 29, D2 and D3, as the probe found them: MediaServer serves every URL that starts with an
        // allowed answer's path from its cookie, and finds the cookie by the URL's query when none is sent.
        var www = Path.Combine(S.Server.Folder, "www");
        foreach (var folder in new[] { "pub2/secret", "pub3/a", "pub3/b" }) Directory.CreateDirectory(Path.Combine(www, folder));
        await File.WriteAllTextAsync(Path.Combine(www, "pub2", "a.txt"), "public\n");
        await File.WriteAllTextAsync(Path.Combine(www, "pub2", "secret", "y.txt"), "secret-y\n");
        await File.WriteAllTextAsync(Path.Combine(www, "pub3", "a", "f.txt"), "token-a\n");
        await File.WriteAllTextAsync(Path.Combine(www, "pub3", "b", "g.txt"), "token-b\n");
        await S.RuleAsync("--id", "files-pub2", "--action", "http", "--path", "/pub2/", "--effect", "allow");
        await S.RuleAsync("--id", "files-pub2-secret", "--action", "http", "--path", "/pub2/secret/", "--effect", "deny");
        await S.RuleAsync("--id", "files-pub3", "--action", "http", "--path", "/pub3/", "--effect", "credential", "--credentials", "token");
        await S.App.AdminAsync("tokens", "add", "--label", "e2e-files-a", "--value", "e2e-files-token-a", "--action", "http", "--stream", "/pub3/a/");

        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(15) };
        async Task<(int Status, string Body, string? Cookie)> GetAsync(string path, string? cookie = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, S.Http(path));
            if (cookie is not null) request.Headers.Add("Cookie", cookie);
            using var response = await http.SendAsync(request);
            var set = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.First().Split(';')[0] : null;
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), set);
        }

        var allowed = await GetAsync("pub2/a.txt");
        Assert.Equal((200, "public\n"), (allowed.Status, allowed.Body));
        Assert.NotNull(allowed.Cookie);
        // The cookie, sent where it was not given for: the denied folder's file and its listing.
        var secret = await GetAsync("pub2/secret/y.txt", allowed.Cookie);
        Assert.Equal(401, secret.Status);
        Assert.DoesNotContain("secret-y", secret.Body, StringComparison.Ordinal);
        foreach (var cookie in new[] { allowed.Cookie, null })
        {
            var listing = await GetAsync("pub2/secret", cookie);
            Assert.NotEqual(200, listing.Status);
            Assert.DoesNotContain("y.txt", listing.Body, StringComparison.Ordinal);
        }

        // A token for /pub3/a/ only: its answer is not reusable, so neither its cookie nor its query opens /pub3/b/.
        var tokenFile = await GetAsync("pub3/a/f.txt?token=e2e-files-token-a");
        Assert.Equal((200, "token-a\n"), (tokenFile.Status, tokenFile.Body));
        Assert.Equal(401, (await GetAsync("pub3/b/g.txt?token=e2e-files-token-a", tokenFile.Cookie)).Status);
        Assert.Equal(401, (await GetAsync("pub3/b/g.txt?token=e2e-files-token-a")).Status);
        // And it still opens its own folder, asked again each time.
        Assert.Equal(200, (await GetAsync("pub3/a/f.txt?token=e2e-files-token-a")).Status);
        Assert.True(S.CountHooks("on_http_access") >= 6);
    }

    [Fact]
    public async Task The_debug_shell_admits_a_shell_user_with_the_right_password_only()
    {
        await S.App.AdminAsync("shell-users", "add", "--user", "operator", "--password", "shell-right-pw");

        // In: the shell's prompt. Refused: MediaServer shows ZlmHooks' reason and asks again.
        var right = await ShellLoginAsync("operator", "shell-right-pw");
        Assert.Contains(")# ", right, StringComparison.Ordinal);
        foreach (var (user, password) in new[] { ("operator", "shell-wrong-pw"), ("nobody", "shell-right-pw") })
        {
            var refused = await ShellLoginAsync(user, password);
            Assert.Contains("Auth failed", refused, StringComparison.Ordinal);
            Assert.Contains("wrong password", refused, StringComparison.Ordinal);
            Assert.DoesNotContain(")# ", refused, StringComparison.Ordinal);
        }
        var answers = await S.App.App.Logs.MatchingAsync(l => l.Contains("on_shell_login", StringComparison.Ordinal));
        Assert.Contains(answers, l => l.Contains(": allow", StringComparison.Ordinal));
        Assert.Contains(answers, l => l.Contains(": deny", StringComparison.Ordinal));
        Assert.DoesNotContain("shell-right-pw", string.Join('\n', S.App.App.Logs.Lines), StringComparison.Ordinal);
    }

    /// <summary>A telnet login to MediaServer's shell port: what it printed after the password.</summary>
    private async Task<string> ShellLoginAsync(string user, string password)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", S.Server.Ports.Shell);
        var stream = tcp.GetStream();
        var buffer = new byte[8192];
        async Task<string> ReadAsync(params string[] until)
        {
            var text = new System.Text.StringBuilder();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                while (!until.Any(u => text.ToString().Contains(u, StringComparison.Ordinal)))
                {
                    var n = await stream.ReadAsync(buffer, limit.Token);
                    if (n == 0) break;
                    text.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, n));
                }
            }
            catch (OperationCanceledException) { }
            catch (IOException) { }
            return text.ToString();
        }
        Assert.Contains("login:", await ReadAsync("login:"), StringComparison.Ordinal);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(user + "\r\n"));
        Assert.Contains("Password:", await ReadAsync("Password:"), StringComparison.Ordinal);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(password + "\r\n"));
        return await ReadAsync(")# ", "try again");
    }
}
