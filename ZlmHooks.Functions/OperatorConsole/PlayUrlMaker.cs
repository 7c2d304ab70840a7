using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using ZlmHooks.AccessRules;
using ZlmHooks.Hooks;
using ZlmHooks.Recordings;
using ZlmHooks.Servers;

namespace ZlmHooks.OperatorConsole;

/// <summary>
/// A stream's play URLs for the console (RTSP, RTMP, HTTP-FLV, HLS, and the fMP4 preview), made from
/// what the server told us (its address and ports at on_server_started) and signed the way an app
/// server would: the access rules are asked what a play without a credential gets, and when the
/// deciding rule takes signed URLs and a signing key is configured, each URL carries a signature
/// valid for <see cref="SignedFor"/>. Nothing is used up: a limited-use token is not involved.
/// </summary>
public sealed class PlayUrlMaker(ServerHealth servers, AccessPolicy policy, SignedUrls signer, IOptions<AccessRulesOptions> access,
    IOptions<RecordingsOptions> recordings, TimeProvider clock)
{
    public static readonly TimeSpan SignedFor = TimeSpan.FromHours(1);

    /// <summary>Null when the registry has no such server, or nothing says where it is.</summary>
    /// <param name="clientRange">Signed URLs only: bind them to this address or CIDR range (<c>sign --ip</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="clientRange"/> is not an address or range.</exception>
    public async Task<PlayUrls?> MakeAsync(string server, string? vhost, string? app, string? stream, string? clientRange, CancellationToken cancellationToken)
    {
        var entry = (await servers.ListAsync(cancellationToken)).FirstOrDefault(s => s.MediaServerId == server);
        var config = entry?.Config ?? new Dictionary<string, string>();
        var publicBase = recordings.Value.PlaybackBase(server)?.TrimEnd('/');
        var host = publicBase is not null && Uri.TryCreate(publicBase, UriKind.Absolute, out var b) ? b.Host : entry?.Address;
        if (string.IsNullOrEmpty(host)) return null;
        if (IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) host = $"[{ip}]";
        var httpBase = publicBase ?? $"http://{host}{Port(config, "http.port", 80)}";
        if (string.IsNullOrEmpty(app) || string.IsNullOrEmpty(stream))
            return new PlayUrls { MediaServerId = server, HttpBase = httpBase };

        var now = clock.GetUtcNow();
        vhost = StreamHookRequest.VhostOrDefault(vhost);
        var decision = await policy.DecideAsync(new AccessQuery(RuleActions.Play, vhost, app, stream, server, null, null, null, null, now), cancellationToken, countUse: false);
        var query = vhost == StreamHookRequest.DefaultVhost ? "" : "vhost=" + Uri.EscapeDataString(vhost);
        string accessKind;
        string? note = null;
        DateTimeOffset? expires = null;
        if (decision.Allowed)
        {
            accessKind = "open";
        }
        else if (decision.Rule is { Effect: RuleEffect.Credential } rule && rule.Credentials.HasFlag(CredentialKinds.SignedUrl) && KeyId() is { } kid)
        {
            expires = now + SignedFor;
            query = Join(query, signer.Sign(kid, RuleActions.Play, vhost, app, stream, expires.Value, clientRange));
            accessKind = "signed";
            note = $"signed with key '{kid}' for rule '{rule.Id}', valid until {expires.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"
                + (clientRange is null ? "" : $", for clients in {clientRange} only");
        }
        else if (decision.Rule is { Effect: RuleEffect.Credential } credentialRule)
        {
            accessKind = "credential";
            note = $"rule '{credentialRule.Id}' takes {credentialRule.Credentials}: add the viewer's credential to these URLs";
        }
        else
        {
            accessKind = "denied";
            note = decision.Reason;
        }

        var path = Uri.EscapeDataString(app) + "/" + Uri.EscapeDataString(stream);
        var q = query.Length == 0 ? "" : "?" + query;
        return new PlayUrls
        {
            MediaServerId = server,
            HttpBase = httpBase,
            Access = accessKind,
            Note = note,
            ExpiresAt = expires,
            Preview = $"{httpBase}/{path}.live.mp4{q}",
            Flv = $"{httpBase}/{path}.live.flv{q}",
            Hls = $"{httpBase}/{path}/hls.m3u8{q}",
            Rtsp = $"rtsp://{host}{Port(config, "rtsp.port", 554)}/{path}{q}",
            Rtmp = $"rtmp://{host}{Port(config, "rtmp.port", 1935)}/{path}{q}",
        };
    }

    // The default port is left out of the URL, as players write it.
    private static string Port(IReadOnlyDictionary<string, string> config, string key, int standard) =>
        config.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 && port != standard
            ? ":" + port.ToString(CultureInfo.InvariantCulture)
            : "";

    private static string Join(string a, string b) => a.Length == 0 ? b : a + "&" + b;

    // "default" when it is configured (what `sign` uses), else the first key id.
    private string? KeyId() => access.Value.SigningKeys.ContainsKey("default") ? "default" : access.Value.SigningKeys.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
}
