using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using ZlmHooks.AccessRules;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>on_http_access, RTSP digest (on_rtsp_realm + on_rtsp_auth) and on_shell_login on real Azurite.</summary>
public sealed class HttpRtspShellTests
{
    private static object Get(string path, string @params = "", string ip = "127.0.0.1") => new
    {
        path, file_path = "/opt/zlmediakit/www" + path, is_dir = path.EndsWith('/'), @params, ip, id = "9-20", port = 58172,
        mediaServerId = "zlm-test-01", hook_index = 1, header_Host = "x",
    };

    [Fact]
    public async Task Http_access_answers_err_path_and_second_from_the_most_specific_path_rule()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "live", "--action", "http", "--path", "/live/", "--effect", "allow", "--cache-seconds", "120");
        await s.AdminAsync("rules", "add", "--id", "private", "--action", "http", "--path", "/live/private/", "--effect", "deny");

        var allowed = await s.PostAsync("on_http_access", Get("/live/cam1/hls.m3u8"));
        Assert.Equal((0, "", "/live/cam1/", 120), (allowed.Code(), allowed.GetProperty("err").GetString(), allowed.GetProperty("path").GetString(), allowed.GetProperty("second").GetInt32()));

        var denied = await s.PostAsync("on_http_access", Get("/live/private/a.ts"));
        Assert.Equal(-1, denied.Code());
        Assert.Contains("'private'", denied.GetProperty("err").GetString());
        Assert.Equal(0, denied.GetProperty("second").GetInt32());

        var elsewhere = await s.PostAsync("on_http_access", Get("/record/x.mp4"));
        Assert.Equal(-1, elsewhere.Code());
        Assert.NotEqual("", elsewhere.GetProperty("err").GetString());

        // The real capture: GET /hello.txt with token=file1, allowed by a token rule on "/".
        await s.AdminAsync("rules", "add", "--id", "files", "--action", "http", "--path", "/", "--effect", "credential", "--credentials", "token");
        await s.AdminAsync("tokens", "add", "--label", "file-token", "--value", "file1", "--action", "http", "--expires-in-days", "0.001");
        s.Clock.Advance(TimeSpan.FromSeconds(10));
        var capture = (await s.ReplayAsync("on_http_access__001.http")).Json;
        Assert.Equal(0, capture.Code());
        // "/" holds other rules below it, so only the file itself is reusable.
        Assert.Equal("/hello.txt", capture.GetProperty("path").GetString());
        // Cached no longer than the token lives (0.001 day = 86 s from when the command ran, about
        // 10 s of it gone on the app's clock), not the default 600 s.
        Assert.InRange(capture.GetProperty("second").GetInt32(), 60, 86);
    }

    [Fact]
    public async Task Http_access_reads_at_most_the_file_and_its_bounded_folders()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "root", "--action", "http", "--path", "/", "--effect", "allow");
        s.Requests.Reset();
        var deep = "/" + string.Concat(Enumerable.Repeat("d/", 30)) + "f.ts";
        Assert.Equal(0, (await s.PostAsync("on_http_access", Get(deep))).Code());
        // The file, the file as a folder, the enclosing folders; then one range read of the rules below
        // the folder, to know what MediaServer may reuse the answer for.
        Assert.Equal(RuleStore.MaxHttpDepth + 4, s.Requests.Reads);
    }

    [Fact]
    public async Task Rtsp_realm_is_given_only_for_streams_whose_rule_asks_for_rtsp_login_and_auth_returns_ha1()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "realm1", "--action", "play", "--app", "live", "--stream", "realm1", "--effect", "credential",
            "--credentials", "rtsplogin,token", "--realm", "zlm_test_realm");
        await s.AdminAsync("rtsp-users", "add", "--realm", "zlm_test_realm", "--user", "test", "--password", "s3cret-pw");

        Assert.Equal("zlm_test_realm", (await s.ReplayAsync("on_rtsp_realm__002.http")).Json.GetProperty("realm").GetString());
        Assert.Equal("", (await s.ReplayAsync("on_rtsp_realm__001.http")).Json.GetProperty("realm").GetString()); // cam1: on_play decides

        var auth = (await s.ReplayAsync("on_rtsp_auth__001.http")).Json;
        Assert.Equal(0, auth.Code());
        Assert.True(auth.GetProperty("encrypted").GetBoolean());
        var expected = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("test:zlm_test_realm:s3cret-pw")));
        Assert.Equal(expected, auth.GetProperty("passwd").GetString());

        // Stored as HA1 only; the password is nowhere in the table or the log.
        var row = Assert.Single(new TableClient(Azurite.Connection, s.Prefix + RtspUsers.Table).Query<TableEntity>());
        Assert.Equal(expected, row.GetString("Ha1"));
        Assert.DoesNotContain("s3cret-pw", string.Join("|", row.Select(kv => kv.Value?.ToString())));
        Assert.DoesNotContain(expected, string.Join('\n', s.App.Logs.Lines));

        // A player with a valid token skips the RTSP login; on_play then admits it by token.
        await s.AdminAsync("tokens", "add", "--label", "viewer", "--value", "tok-viewer");
        s.Clock.Advance(TimeSpan.FromMinutes(1));
        var withToken = await s.PostAsync("on_rtsp_realm", StorageApp.Play("realm1", "token=tok-viewer", schema: "rtsp", protocol: "rtsp"));
        Assert.Equal("", withToken.GetProperty("realm").GetString());
        // An RTMP player of that stream without a token: the rule's RTSP login cannot apply.
        var rtmp = await s.PostAsync("on_play", StorageApp.Play("realm1"));
        Assert.Equal(-1, rtmp.Code());
        Assert.Contains("RTSP login (realm zlm_test_realm)", rtmp.Msg());
    }

    [Fact]
    public async Task Rtsp_auth_refuses_basic_auth_unknown_users_and_other_realms()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rtsp-users", "add", "--realm", "r1", "--user", "test", "--password", "pw");
        object Auth(string realm, string user, bool basic) => new
        {
            app = "live", stream = "realm1", vhost = "__defaultVhost__", schema = "rtsp", protocol = "rtsp", @params = "", ip = "127.0.0.1",
            realm, user_name = user, must_no_encrypt = basic, mediaServerId = "zlm-test-01", hook_index = 3,
        };
        var basic = await s.PostAsync("on_rtsp_auth", Auth("r1", "test", basic: true));
        Assert.Equal(-1, basic.Code());
        Assert.Contains("Basic auth needs a plain password", basic.Msg());
        Assert.Equal("", basic.GetProperty("passwd").GetString());
        Assert.Contains("no RTSP user 'nobody'", (await s.PostAsync("on_rtsp_auth", Auth("r1", "nobody", false))).Msg());
        Assert.Equal(-1, (await s.PostAsync("on_rtsp_auth", Auth("r2", "test", false))).Code());
        Assert.Equal(0, (await s.PostAsync("on_rtsp_auth", Auth("r1", "test", false))).Code());
    }

    [Fact]
    public async Task Shell_login_is_denied_unless_the_user_is_in_the_table_with_that_password()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:CacheSeconds"] = "0" });
        Assert.Equal(-1, (await s.ReplayAsync("on_shell_login__001.http")).Json.Code());

        await s.AdminAsync("shell-users", "add", "--user", "admin", "--password", "pass123");
        Assert.Equal(0, (await s.ReplayAsync("on_shell_login__001.http")).Json.Code());
        var wrong = await s.PostAsync("on_shell_login", new { user_name = "admin", passwd = "pass124", ip = "127.0.0.1", mediaServerId = "zlm-test-01" });
        Assert.Equal(-1, wrong.Code());
        Assert.Equal("admin", await s.AdminAsync("shell-users", "list"));

        var row = Assert.Single(new TableClient(Azurite.Connection, s.Prefix + ShellUsers.Table).Query<TableEntity>());
        Assert.Equal(16, row.GetBinary("Salt")!.Length);
        Assert.Equal(ShellUsers.Iterations, row.GetInt32("Iterations"));
        var hash = Rfc2898DeriveBytes.Pbkdf2("pass123"u8.ToArray(), row.GetBinary("Salt")!, ShellUsers.Iterations, HashAlgorithmName.SHA256, 32);
        Assert.Equal(hash, row.GetBinary("Hash"));
        Assert.DoesNotContain("pass123", string.Join('\n', s.App.Logs.Lines));

        await s.AdminAsync("shell-users", "remove", "--user", "admin");
        Assert.Equal(-1, (await s.ReplayAsync("on_shell_login__001.http")).Json.Code());
    }
}
