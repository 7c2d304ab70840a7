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
    /// <param name="file">A file's URL path on the server (a recording's <c>/record/...</c>): its URL instead of a stream's.</param>
    /// <param name="clientRange">Signed URLs only: bind them to this address or CIDR range (<c>sign --ip</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="clientRange"/> is not an address or range, or <paramref name="file"/> climbs above the root.</exception>
    public async Task<PlayUrls?> MakeAsync(string server, string? vhost, string? app, string? stream, string? file, string? clientRange, CancellationToken cancellationToken)
    {
        var entry = await servers.FindAsync(server, cancellationToken);
        var config = entry?.Config ?? new Dictionary<string, string>();
        var publicBase = recordings.Value.PlaybackBase(server)?.TrimEnd('/');
        var host = publicBase is not null && Uri.TryCreate(publicBase, UriKind.Absolute, out var b) ? b.Host : entry?.Address;
        if (string.IsNullOrEmpty(host)) return null;
        if (IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) host = $"[{ip}]";
        var httpBase = publicBase ?? $"http://{host}{Port(config, "http.port", 80)}";
        if (!string.IsNullOrEmpty(file))
        {
            // As on_http_access normalises it: a path that climbs above the root is refused there, and here.
            if (!HttpPath.TryNormalize(file, out var normalized, out var problem)) throw new ArgumentException(problem, nameof(file));
            var fileAccess = await AccessAsync(new AccessQuery(RuleActions.Http, "", "", "", server, null, null, null, null, clock.GetUtcNow(), normalized),
                "", "", AccessPolicy.Folder(normalized), "", clientRange, cancellationToken);
            var escaped = string.Join('/', normalized.Split('/').Select(Uri.EscapeDataString));
            return new PlayUrls
            {
                MediaServerId = server, HttpBase = httpBase, Access = fileAccess.Kind, Note = fileAccess.Note, ExpiresAt = fileAccess.Expires,
                File = httpBase + escaped + Query(fileAccess.Query),
            };
        }
        if (string.IsNullOrEmpty(app) || string.IsNullOrEmpty(stream))
            return new PlayUrls { MediaServerId = server, HttpBase = httpBase };

        vhost = StreamHookRequest.VhostOrDefault(vhost);
        var access = await AccessAsync(new AccessQuery(RuleActions.Play, vhost, app, stream, server, null, null, null, null, clock.GetUtcNow()),
            vhost, app, stream, vhost == StreamHookRequest.DefaultVhost ? "" : "vhost=" + Uri.EscapeDataString(vhost), clientRange, cancellationToken);
        var path = Uri.EscapeDataString(app) + "/" + Uri.EscapeDataString(stream);
        var q = Query(access.Query);
        return new PlayUrls
        {
            MediaServerId = server,
            HttpBase = httpBase,
            Access = access.Kind,
            Note = access.Note,
            ExpiresAt = access.Expires,
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

    private static string Query(string query) => query.Length == 0 ? "" : "?" + query;

    private sealed record Access(string Kind, string? Note, DateTimeOffset? Expires, string Query);

    /// <summary>What a request without a credential gets, and the query that admits it when the rule
    /// takes signed URLs (signed for what on_play or on_http_access will check: the stream, or the
    /// file's folder).</summary>
    private async Task<Access> AccessAsync(AccessQuery ask, string vhost, string app, string signedName, string query, string? clientRange, CancellationToken cancellationToken)
    {
        var decision = await policy.DecideAsync(ask, cancellationToken, countUse: false);
        if (decision.Allowed) return new("open", null, null, query);
        if (decision.Rule is { Effect: RuleEffect.Credential } rule && rule.Credentials.HasFlag(CredentialKinds.SignedUrl) && KeyId() is { } kid)
        {
            var expires = ask.Now + SignedFor;
            return new("signed",
                $"signed with key '{kid}' for rule '{rule.Id}', valid until {expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"
                    + (clientRange is null ? "" : $", for clients in {clientRange} only"),
                expires, Join(query, signer.Sign(kid, ask.Action, vhost, app, signedName, expires, clientRange)));
        }
        if (decision.Rule is { Effect: RuleEffect.Credential } credentialRule)
            return new("credential", $"rule '{credentialRule.Id}' takes {credentialRule.Credentials}: add the viewer's credential to these URLs", null, query);
        return new("denied", decision.Reason, null, query);
    }

    // "default" when it is configured (what `sign` uses), else the first key id.
    private string? KeyId() => access.Value.SigningKeys.ContainsKey("default") ? "default" : access.Value.SigningKeys.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
}
