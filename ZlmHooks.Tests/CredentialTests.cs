using Azure.Data.Tables;
using ZlmHooks.AccessRules;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Tokens and signed URLs carried in the client's URL (<c>params</c>), on real Azurite.</summary>
public sealed class CredentialTests
{
    private const string KeyOne = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm"; // 48 bytes, base64
    private const string KeyTwo = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTBmZWRjYmE5ODc2NTQzMjEw";

    private static Dictionary<string, string?> Keys(params (string Kid, string Key)[] keys) =>
        keys.ToDictionary(k => $"ZlmHooks:AccessRules:SigningKeys:{k.Kid}", k => (string?)k.Key);

    private static Task TokenRule(StorageApp s, string stream = "cam*") =>
        s.AdminAsync("rules", "add", "--id", "cams", "--action", "play", "--app", "live", "--stream", stream, "--effect", "credential", "--credentials", "token,signedurl");

    [Fact]
    public async Task A_token_is_printed_once_stored_only_as_its_digest_and_admits_the_player()
    {
        await using var s = await StorageApp.StartAsync();
        await TokenRule(s);
        var token = await s.AdminAsync("tokens", "add", "--label", "alice", "--expires-in-days", "1");
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);

        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={token}"))).Code());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", $"a=1&token={Uri.EscapeDataString(token)}&b=2"))).Code());
        var none = await s.PostAsync("on_play", StorageApp.Play("cam1"));
        Assert.Equal(-1, none.Code());
        Assert.Contains("requires a credential: token or signed URL", none.Msg());
        Assert.Contains("unknown token", (await s.PostAsync("on_play", StorageApp.Play("cam1", "token=guess"))).Msg());

        // The table holds the SHA-256 digest as the row key and never the token.
        var rows = new TableClient(Azurite.Connection, s.Prefix + StreamTokens.Table).Query<TableEntity>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), row.RowKey);
        Assert.DoesNotContain(token, string.Join("|", row.Select(kv => kv.Value?.ToString())));
        var listed = await s.AdminAsync("tokens", "list");
        Assert.Contains("alice", listed);
        Assert.DoesNotContain(token, listed);
        Assert.DoesNotContain(token, string.Join('\n', s.App.Logs.Lines));
    }

    [Fact]
    public async Task An_expired_token_or_one_for_another_stream_is_refused_and_removal_takes_effect()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:CacheSeconds"] = "0" });
        await TokenRule(s);
        var shortLived = await s.AdminAsync("tokens", "add", "--label", "short", "--expires-in-days", "0.5");
        var cam2Only = await s.AdminAsync("tokens", "add", "--label", "cam2", "--stream", "cam2", "--action", "play");
        var publishOnly = await s.AdminAsync("tokens", "add", "--label", "pusher", "--action", "publish");

        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={shortLived}"))).Code());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam2", $"token={cam2Only}"))).Code());
        Assert.Contains("does not cover", (await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={cam2Only}"))).Msg());
        Assert.Contains("does not cover", (await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={publishOnly}"))).Msg());

        s.Clock.Advance(TimeSpan.FromDays(1));
        var expired = await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={shortLived}"));
        Assert.Equal(-1, expired.Code());
        Assert.Contains("token 'short' has expired", expired.Msg());

        Assert.Equal("removed 1 token(s)", await s.AdminAsync("tokens", "remove", "--label", "cam2"));
        Assert.Contains("unknown token", (await s.PostAsync("on_play", StorageApp.Play("cam2", $"token={cam2Only}"))).Msg());
    }

    [Fact]
    public async Task A_signed_url_bound_to_a_client_range_admits_only_clients_in_it_and_the_range_cannot_be_changed_or_dropped()
    {
        var keys = Keys(("k1", KeyOne));
        await using var s = await StorageApp.StartAsync(keys);
        await TokenRule(s);
        Task<string> Sign(string ip) => Azurite.AdminAsync(s.Prefix, keys, "sign", "--kid", "k1", "--action", "play", "--app", "live", "--stream", "cam1", "--ttl", "3600", "--ip", ip);
        var lan = await Sign("10.1.2.0/24");
        Assert.Matches("^expires=[0-9]+&kid=k1&ip=10.1.2.0%2F24&sign=[A-Za-z0-9_-]{43}$", lan);
        var one = await Sign("2001:db8::7");

        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", lan, ip: "10.1.2.77"))).Code());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", lan, ip: "::ffff:10.1.2.5"))).Code());
        var elsewhere = await s.PostAsync("on_play", StorageApp.Play("cam1", lan, ip: "10.1.3.1"));
        Assert.Equal(-1, elsewhere.Code());
        Assert.Contains("signed URL is bound to other client addresses", elsewhere.Msg());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", one, ip: "2001:db8::7"))).Code());
        Assert.Contains("bound to other client", (await s.PostAsync("on_play", StorageApp.Play("cam1", one, ip: "2001:db8::8"))).Msg());
        Assert.Contains("bound to other client", (await s.PostAsync("on_play", StorageApp.Play("cam1", one, ip: "not-an-address"))).Msg());

        // The range is signed: widened or left out, the signature no longer matches.
        var widened = lan.Replace("ip=10.1.2.0%2F24", "ip=0.0.0.0%2F0", StringComparison.Ordinal);
        Assert.Contains("signature does not match", (await s.PostAsync("on_play", StorageApp.Play("cam1", widened, ip: "10.9.9.9"))).Msg());
        var dropped = lan.Replace("&ip=10.1.2.0%2F24", "", StringComparison.Ordinal);
        Assert.Contains("signature does not match", (await s.PostAsync("on_play", StorageApp.Play("cam1", dropped, ip: "10.9.9.9"))).Msg());

        // A range with host bits set, or not a range at all, is refused when signing.
        var bad = await Assert.ThrowsAnyAsync<Exception>(() => Sign("10.1.2.3/8"));
        Assert.Contains("not an address or a CIDR range", bad.Message);
    }

    [Fact]
    public async Task A_limited_use_token_admits_its_number_of_plays_and_two_players_racing_for_the_last_use_cannot_both_win()
    {
        await using var s = await StorageApp.StartAsync();
        await TokenRule(s);
        var twice = await s.AdminAsync("tokens", "add", "--label", "twice", "--action", "play", "--uses", "2");
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={twice}"))).Code());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={twice}", ip: "10.0.0.9"))).Code());
        var third = await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={twice}"));
        Assert.Equal(-1, third.Code());
        Assert.Contains("token 'twice' has been used 2 time(s)", third.Msg());
        Assert.Contains("used 2 of 2", await s.AdminAsync("tokens", "list"));

        // Eight players at once for one use: the ETag lets exactly one count it.
        var once = await s.AdminAsync("tokens", "add", "--label", "once", "--action", "play", "--uses", "1");
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => s.PostAsync("on_play", StorageApp.Play("cam1", $"token={once}", ip: $"10.0.1.{i + 1}"))));
        Assert.Single(answers, a => a.Code() == 0);
        Assert.All(answers.Where(a => a.Code() != 0), a => Assert.Contains("has been used 1 time(s)", a.Msg()));

        // A limited-use token does not open files: a fetch is not a play it could count.
        await s.AdminAsync("rules", "add", "--id", "files", "--action", "http", "--path", "/live/", "--effect", "credential", "--credentials", "token");
        var any = await s.AdminAsync("tokens", "add", "--label", "any", "--uses", "5");
        var fetch = await s.PostAsync("on_http_access", new { mediaServerId = "zlm-test-01", hook_index = 1, id = "1-2", ip = "10.0.0.1", port = 5000, @params = $"token={any}", path = "/live/cam1/hls.m3u8", is_dir = false, header = new Dictionary<string, string>() });
        Assert.NotEqual(0, fetch.Code());
        Assert.Contains("limited-use and does not open files", fetch.Text());
    }

    [Fact]
    public async Task A_per_ip_token_counts_client_addresses_so_a_viewer_reconnecting_does_not_use_it_up()
    {
        await using var s = await StorageApp.StartAsync();
        await TokenRule(s);
        var two = await s.AdminAsync("tokens", "add", "--label", "two-viewers", "--action", "play", "--uses", "2", "--per-ip");
        foreach (var ip in new[] { "10.0.0.1", "10.0.0.1", "::ffff:10.0.0.1", "10.0.0.2", "10.0.0.2" })
            Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={two}", ip: ip))).Code());
        var third = await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={two}", ip: "10.0.0.3"));
        Assert.Contains("has been used from 2 client addresses", third.Msg());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", $"token={two}", ip: "10.0.0.1"))).Code());
        Assert.Contains("used 2 of 2 addresses", await s.AdminAsync("tokens", "list"));

        // The addresses are kept as digests, not as text.
        var rows = await Azurite.TableTextAsync(s.Prefix + StreamTokens.Table);
        Assert.DoesNotContain("10.0.0.1", rows);
        Assert.DoesNotContain(two, rows);
    }

    [Fact]
    public async Task A_signed_url_admits_until_it_expires_and_any_tampering_is_refused()
    {
        var keys = Keys(("k1", KeyOne));
        await using var s = await StorageApp.StartAsync(keys);
        await TokenRule(s);
        var query = await Azurite.AdminAsync(s.Prefix, keys, "sign", "--kid", "k1", "--action", "play", "--app", "live", "--stream", "cam1", "--ttl", "3600");
        Assert.Matches("^expires=[0-9]+&kid=k1&sign=[A-Za-z0-9_-]{43}$", query);

        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", query))).Code());
        Assert.Contains("signature does not match", (await s.PostAsync("on_play", StorageApp.Play("cam2", query))).Msg());
        await s.AdminAsync("rules", "add", "--id", "live2", "--action", "play", "--app", "live2", "--stream", "*", "--effect", "credential", "--credentials", "signedurl");
        s.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Contains("signature does not match", (await s.PostAsync("on_play", StorageApp.Play("cam1", query, app: "live2"))).Msg());
        var later = System.Text.RegularExpressions.Regex.Replace(query, "expires=([0-9]+)", m => $"expires={long.Parse(m.Groups[1].Value) + 86400}");
        Assert.Contains("signature does not match", (await s.PostAsync("on_play", StorageApp.Play("cam1", later))).Msg());
        // Change a character in the middle of the signature (the last one may carry only padding bits).
        var at = query.IndexOf("sign=", StringComparison.Ordinal) + 5 + 10;
        var flipped = query[..at] + (query[at] == 'A' ? 'Q' : 'A') + query[(at + 1)..];
        Assert.Contains("signature does not match", (await s.PostAsync("on_play", StorageApp.Play("cam1", flipped))).Msg());
        Assert.Contains("signature does not match", (await s.PostAsync("on_play", StorageApp.Play("cam1", query.Replace("sign=", "sign=x", StringComparison.Ordinal)))).Msg());

        s.Clock.Advance(TimeSpan.FromSeconds(3591));
        Assert.Contains("signed URL has expired", (await s.PostAsync("on_play", StorageApp.Play("cam1", query))).Msg());

        // A signature for play does not let anyone publish.
        await s.AdminAsync("rules", "add", "--id", "push", "--action", "publish", "--app", "live", "--stream", "*", "--effect", "credential", "--credentials", "signedurl");
        s.Clock.Advance(TimeSpan.FromSeconds(-3601));
        var publish = await s.PostAsync("on_publish", StorageApp.Play("cam1", query));
        Assert.Equal(-1, publish.Code());
        Assert.DoesNotContain("sign=", string.Join('\n', s.App.Logs.Lines));
    }

    [Fact]
    public async Task Keys_rotate_by_id_old_urls_stop_when_their_key_is_removed()
    {
        var both = Keys(("k1", KeyOne), ("k2", KeyTwo));
        await using var s = await StorageApp.StartAsync(both);
        await TokenRule(s);
        var oldUrl = await Azurite.AdminAsync(s.Prefix, both, "sign", "--kid", "k1", "--action", "play", "--app", "live", "--stream", "cam1");
        var newUrl = await Azurite.AdminAsync(s.Prefix, both, "sign", "--kid", "k2", "--action", "play", "--app", "live", "--stream", "cam1");
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", oldUrl))).Code());
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", newUrl))).Code());

        await using var rotated = await StorageApp.StartAsync(Keys(("k2", KeyTwo)), prefix: s.Prefix);
        Assert.Contains("unknown key", (await rotated.PostAsync("on_play", StorageApp.Play("cam1", oldUrl))).Msg());
        Assert.Equal(0, (await rotated.PostAsync("on_play", StorageApp.Play("cam1", newUrl))).Code());

        // A URL claiming k2 but signed with k1 is refused.
        Assert.Contains("signature does not match", (await rotated.PostAsync("on_play", StorageApp.Play("cam1", oldUrl.Replace("kid=k1", "kid=k2", StringComparison.Ordinal)))).Msg());
    }

    [Fact]
    public async Task The_documented_signing_recipe_matches_what_the_handler_checks()
    {
        // docs/access-rules.md: sign = base64url(HMAC-SHA256(key, "play\n__defaultVhost__\nlive\ncam1\n<expires>"))
        var keys = Keys(("default", KeyOne));
        await using var s = await StorageApp.StartAsync(keys);
        await TokenRule(s);
        var expires = s.Clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Convert.FromBase64String(KeyOne),
            System.Text.Encoding.UTF8.GetBytes($"play\n__defaultVhost__\nlive\ncam1\n{expires}"));
        var sign = Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(0, (await s.PostAsync("on_play", StorageApp.Play("cam1", $"expires={expires}&sign={sign}"))).Code());
    }
}
