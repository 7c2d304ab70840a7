namespace ZlmHooks.Streams;

/// <summary>The stream registry, server health and on-demand pull (<c>ZlmHooks__Registry__*</c>).</summary>
public sealed class RegistryOptions
{
    /// <summary>A server is "missing" after this many keepalive intervals without one.</summary>
    public double MissedKeepalives { get; set; } = 3;

    /// <summary>hook.alive_interval assumed until a server's on_server_started says (config.ini's 10).</summary>
    public double DefaultAliveInterval { get; set; } = 10;

    /// <summary>How long after a new instance of a stream registers an unregister without a stamp is
    /// taken as the previous instance's (docs/registry.md, rule 2).</summary>
    public double UnregisterSettleSeconds { get; set; } = 3;

    /// <summary>The longest on_stream_not_found waits for a media server's addStreamProxy answer.</summary>
    public int PullTimeoutMilliseconds { get; set; } = 2000;

    /// <summary>Fleet onboarding: a server that starts with only <c>hook.on_server_started</c> set gets the
    /// rest of its [hook] section through its REST API (needs its ApiBase and Secret below).</summary>
    public bool ConfigureHooks { get; set; }

    /// <summary>Each media server's REST API, by mediaServerId: <c>ZlmHooks__Registry__MediaServers__&lt;id&gt;__ApiBase</c>
    /// (http://10.0.0.5:80) and <c>__Secret</c> (its api.secret; a Key Vault reference in Azure).</summary>
    public Dictionary<string, MediaServerApi> MediaServers { get; set; } = new(StringComparer.Ordinal);
}
