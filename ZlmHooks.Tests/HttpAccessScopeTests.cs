using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlmHooks.AccessRules;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Issue 29, D2 and D3: what an allowed on_http_access answer lets MediaServer reuse. MediaServer
/// serves every URL that starts with the answered path from its cookie for `second` seconds, so the path
/// must cover only what the rules, the token or the signed URL decide alike. On Azurite.</summary>
public sealed class HttpAccessScopeTests
{
    private const string SigningKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm";

    private static object Get(string path, string @params = "", bool? isDir = null) => new
    {
        path, file_path = "/opt/zlmediakit/www" + path, is_dir = isDir ?? path.EndsWith('/'), @params, ip = "127.0.0.1", id = "9-20", port = 58172,
        mediaServerId = "zlm-test-01", hook_index = 1,
    };

    private static (int Code, string Path, int Second) Answer(JsonElement reply) =>
        (reply.Code(), reply.GetProperty("path").GetString()!, reply.GetProperty("second").GetInt32());

    [Fact]
    public async Task A_folder_answer_never_covers_a_deeper_rule_and_a_folder_without_its_slash_is_that_folder()
    {
        await using var s = await StorageApp.StartAsync();
        await s.AdminAsync("rules", "add", "--id", "pub2", "--action", "http", "--path", "/pub2/", "--effect", "allow", "--cache-seconds", "300");
        await s.AdminAsync("rules", "add", "--id", "pub2-secret", "--action", "http", "--path", "/pub2/secret/", "--effect", "deny");

        // /pub2/ holds a deeper rule: the answer covers the file only (no URL under it has a rule).
        Assert.Equal((0, "/pub2/a.txt", 300), Answer(await s.PostAsync("on_http_access", Get("/pub2/a.txt"))));
        // A folder with no rule below it: the folder, as before.
        Assert.Equal((0, "/pub2/open/", 300), Answer(await s.PostAsync("on_http_access", Get("/pub2/open/b.txt"))));
        // D3: the denied folder asked for without its slash, as MediaServer does for `curl /pub2/secret`.
        Assert.Equal(-1, (await s.PostAsync("on_http_access", Get("/pub2/secret", isDir: true))).Code());
        // Even when MediaServer does not say it is a folder: a folder rule covers its own name.
        Assert.Equal(-1, (await s.PostAsync("on_http_access", Get("/pub2/secret", isDir: false))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_http_access", Get("/pub2/secret/y.txt"))).Code());
        // A rule for one file below: the folder is not reusable, and neither is that file's own name
        // (its answer would reach "/pub2/open/b.txt.bak" too), so MediaServer asks each time.
        await s.AdminAsync("rules", "add", "--id", "one-file", "--action", "http", "--path", "/pub2/open/b.txt", "--effect", "allow");
        s.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((0, "/pub2/open/c.txt", 300), Answer(await s.PostAsync("on_http_access", Get("/pub2/open/c.txt"))));
        Assert.Equal(0, Answer(await s.PostAsync("on_http_access", Get("/pub2/open/b.txt"))).Second);
    }

    [Fact]
    public async Task A_token_or_signed_url_answer_never_reaches_past_its_own_scope()
    {
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:AccessRules:SigningKeys:default"] = SigningKey });
        await s.AdminAsync("rules", "add", "--id", "pub3", "--action", "http", "--path", "/pub3/", "--effect", "credential", "--credentials", "token,signedurl");
        await s.AdminAsync("tokens", "add", "--label", "one-folder", "--value", "tok-one-folder", "--action", "http", "--stream", "/pub3/a/");
        await s.AdminAsync("tokens", "add", "--label", "a-prefix", "--value", "tok-a-prefix", "--action", "http", "--stream", "/pub3/a*");
        s.Clock.Advance(TimeSpan.FromMinutes(1));

        // A token for exactly /pub3/a/: any path answered would reach /pub3/a/<sub-folder>/ or, as
        // before, /pub3/b/: not reusable at all.
        var exact = Answer(await s.PostAsync("on_http_access", Get("/pub3/a/f.txt", "token=tok-one-folder")));
        Assert.Equal((0, 0), (exact.Code, exact.Second));
        Assert.Equal(-1, (await s.PostAsync("on_http_access", Get("/pub3/b/g.txt", "token=tok-one-folder"))).Code());
        Assert.Equal(-1, (await s.PostAsync("on_http_access", Get("/pub3/a/sub/g.txt", "token=tok-one-folder"))).Code());
        // A token for every folder starting /pub3/a: its folder is reusable (everything below starts so).
        Assert.Equal((0, "/pub3/a/", 600), Answer(await s.PostAsync("on_http_access", Get("/pub3/a/f.txt", "token=tok-a-prefix"))));

        // A signed URL signs one folder: not reusable either.
        var sign = s.App.Services.GetRequiredService<SignedUrls>().Sign("default", "http", "", "", "/pub3/a/", s.Clock.GetUtcNow().AddMinutes(30));
        var signed = Answer(await s.PostAsync("on_http_access", Get("/pub3/a/f.txt", sign)));
        Assert.Equal((0, 0), (signed.Code, signed.Second));
        Assert.Equal(-1, (await s.PostAsync("on_http_access", Get("/pub3/a/sub/f.txt", sign))).Code());
    }

    [Fact]
    public async Task An_answer_is_reused_no_longer_than_a_rule_on_the_way_keeps_its_meaning()
    {
        await using var s = await StorageApp.StartAsync();
        var now = s.Clock.GetUtcNow();
        await s.AdminAsync("rules", "add", "--id", "pub5", "--action", "http", "--path", "/pub5/", "--effect", "allow", "--cache-seconds", "600",
            "--not-after", now.AddSeconds(100).ToString("O"));
        var reply = Answer(await s.PostAsync("on_http_access", Get("/pub5/x.txt")));
        Assert.Equal((0, "/pub5/"), (reply.Code, reply.Path));
        Assert.InRange(reply.Second, 90, 100);
    }

    [Theory]
    [InlineData(null, "/pub/", true)]
    [InlineData("*", "/pub/", true)]
    [InlineData("/pub/*", "/pub/a/", true)]
    [InlineData("/pub/a*", "/pub/", false)]
    [InlineData("/pub/a*", "/pub/a/x.txt", true)]
    [InlineData("/pub/a/", "/pub/a/", false)]
    [InlineData("/pub/a/", "/pub/a/x.txt", false)]
    public void A_credential_covers_a_reused_path_only_when_everything_starting_with_it_is_in_its_scope(string? credential, string scope, bool covers) =>
        Assert.Equal(covers, HttpAccessScope.CredentialCovers(credential, scope));
}
