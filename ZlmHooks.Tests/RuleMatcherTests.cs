using ZlmHooks.AccessRules;

namespace ZlmHooks.Tests;

/// <summary>Precedence, wildcards and conditions of rule matching (pure logic, no storage).</summary>
public sealed class RuleMatcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static AccessQuery Play(string stream = "cam17", string app = "live", string vhost = "__defaultVhost__",
        string? ip = "192.0.2.10", string? schema = "rtmp", string? protocol = "rtmp", string? server = "zlm-01") =>
        new(RuleActions.Play, vhost, app, stream, server, schema, protocol, ip, "", Now);

    private static AccessRule Rule(string id, RuleEffect effect = RuleEffect.Allow, string vhost = "*", string app = "*", string stream = "*") =>
        new() { Id = id, Action = RuleActions.Play, Vhost = vhost, App = app, Stream = stream, Effect = effect };

    [Fact]
    public void Exact_beats_longer_prefix_beats_shorter_prefix_beats_any()
    {
        var rules = new[] { Rule("any", RuleEffect.Deny), Rule("c", stream: "c*"), Rule("cam1", RuleEffect.Deny, stream: "cam1*"), Rule("exact", stream: "cam17") };
        Assert.Equal("exact", RuleMatcher.Decide(rules, Play())!.Id);
        Assert.Equal("cam1", RuleMatcher.Decide(rules[..3], Play())!.Id);
        Assert.Equal("c", RuleMatcher.Decide(rules[..3], Play("cx"))!.Id);
        Assert.Equal("any", RuleMatcher.Decide(rules, Play("other"))!.Id);
    }

    [Fact]
    public void Stream_outranks_app_which_outranks_vhost()
    {
        var byApp = Rule("app", RuleEffect.Deny, app: "live", stream: "*");
        var byStream = Rule("stream", app: "*", stream: "cam17");
        var byVhost = Rule("vhost", RuleEffect.Deny, vhost: "__defaultVhost__");
        Assert.Equal("stream", RuleMatcher.Decide([byApp, byStream, byVhost], Play())!.Id);
        Assert.Equal("app", RuleMatcher.Decide([byApp, byVhost], Play())!.Id);
    }

    [Fact]
    public void A_tie_goes_to_the_stricter_effect_then_to_the_smaller_id_whatever_the_order()
    {
        var allow = Rule("a-allow", stream: "cam17");
        var credential = Rule("b-cred", RuleEffect.Credential, stream: "cam17") with { Credentials = CredentialKinds.Token };
        var deny = Rule("c-deny", RuleEffect.Deny, stream: "cam17");
        Assert.Equal("c-deny", RuleMatcher.Decide([allow, credential, deny], Play())!.Id);
        Assert.Equal("c-deny", RuleMatcher.Decide([deny, credential, allow], Play())!.Id);
        Assert.Equal("b-cred", RuleMatcher.Decide([allow, credential], Play())!.Id);
        Assert.Equal("x", RuleMatcher.Decide([Rule("y", stream: "cam17"), Rule("x", stream: "cam17")], Play())!.Id);
    }

    [Fact]
    public void A_condition_that_does_not_hold_lets_a_less_specific_rule_decide()
    {
        var lanOnly = Rule("lan", stream: "cam17") with { IpRanges = ["10.0.0.0/8"] };
        var fallback = Rule("deny-all", RuleEffect.Deny);
        Assert.Equal("deny-all", RuleMatcher.Decide([lanOnly, fallback], Play(ip: "192.0.2.10"))!.Id);
        Assert.Equal("lan", RuleMatcher.Decide([lanOnly, fallback], Play(ip: "10.1.2.3"))!.Id);
    }

    [Fact]
    public void More_conditions_and_a_server_make_a_rule_more_specific()
    {
        var plain = Rule("plain", RuleEffect.Deny, stream: "cam17");
        var onServer = Rule("server", stream: "cam17") with { MediaServerId = "zlm-01" };
        var withIp = Rule("ip", RuleEffect.Deny, stream: "cam17") with { IpRanges = ["192.0.2.0/24"] };
        Assert.Equal("server", RuleMatcher.Decide([plain, onServer, withIp], Play())!.Id);
        Assert.Equal("ip", RuleMatcher.Decide([plain, withIp], Play())!.Id);
        Assert.Equal("ip", RuleMatcher.Decide([plain, onServer, withIp], Play(server: "zlm-02"))!.Id);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.0.1", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.0.2.7", "192.0.2.7", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::5", false)]
    [InlineData("::1/128", "::1", true)]
    [InlineData("10.0.0.0/8", "not-an-ip", false)]
    [InlineData("2001:db8::/32", "10.0.0.1", false)]
    public void Client_ip_ranges_in_ipv4_and_ipv6(string range, string ip, bool inside)
    {
        Assert.Equal(inside, ClientAddress.InAny([range], ip));
    }

    [Fact]
    public void Schemas_protocols_server_and_validity_window_are_conditions()
    {
        var hlsOnly = Rule("hls") with { Schemas = ["hls", "hls.fmp4"] };
        Assert.True(RuleMatcher.Applies(hlsOnly, Play(schema: "hls", protocol: "http")));
        Assert.False(RuleMatcher.Applies(hlsOnly, Play(schema: "rtmp")));

        var rtspOnly = Rule("rtsp") with { Protocols = ["rtsp"] };
        Assert.True(RuleMatcher.Applies(rtspOnly, Play(protocol: "rtsp")));
        Assert.False(RuleMatcher.Applies(rtspOnly, Play(protocol: "http")));

        var window = Rule("window") with { NotBefore = Now.AddHours(-1), NotAfter = Now.AddHours(1) };
        Assert.True(RuleMatcher.Applies(window, Play()));
        Assert.False(RuleMatcher.Applies(window with { NotAfter = Now }, Play()));
        Assert.False(RuleMatcher.Applies(window with { NotBefore = Now.AddSeconds(1) }, Play()));

        Assert.False(RuleMatcher.Applies(Rule("s") with { MediaServerId = "zlm-02" }, Play()));
        Assert.False(RuleMatcher.Applies(Rule("p") with { Action = RuleActions.Publish }, Play()));
    }

    [Fact]
    public void Http_rules_cover_a_folder_and_everything_below_or_exactly_one_file()
    {
        var folder = new AccessRule { Id = "live", Action = RuleActions.Http, Path = "/live/", Effect = RuleEffect.Allow };
        var file = new AccessRule { Id = "file", Action = RuleActions.Http, Path = "/live/cam1/hls.m3u8", Effect = RuleEffect.Deny };
        AccessQuery Get(string path) => new(RuleActions.Http, "", "", "", null, null, "http", "10.0.0.1", "", Now, path);
        Assert.Equal("file", RuleMatcher.Decide([folder, file], Get("/live/cam1/hls.m3u8"))!.Id);
        Assert.Equal("live", RuleMatcher.Decide([folder, file], Get("/live/cam1/1.ts"))!.Id);
        Assert.Null(RuleMatcher.Decide([folder, file], Get("/record/a.mp4")));
        Assert.Equal(["/live/cam1/hls.m3u8", "/live/cam1/hls.m3u8/", "/live/cam1/", "/live/", "/"], RuleStore.HttpCandidates("/live/cam1/hls.m3u8"));
        Assert.Equal(["/live/cam1/", "/live/", "/"], RuleStore.HttpCandidates("/live/cam1/"));
        Assert.Equal(RuleStore.MaxHttpDepth + 3, RuleStore.HttpCandidates("/" + string.Concat(Enumerable.Repeat("a/", 20)) + "f").Count());
    }

    [Theory]
    [InlineData("cam*x", "'*' is allowed only at the end")]
    [InlineData("", "empty")]
    public void Bad_patterns_are_refused_before_they_are_saved(string stream, string problem)
    {
        Assert.Contains(problem, AccessRuleValidation.Problem(Rule("r", stream: stream)));
        Assert.Contains("host bits", AccessRuleValidation.Problem(Rule("r") with { IpRanges = ["10.1.2.3/8"] }));
        Assert.Contains("realm", AccessRuleValidation.Problem(Rule("r", RuleEffect.Credential) with { Credentials = CredentialKinds.RtspLogin }));
    }
}
