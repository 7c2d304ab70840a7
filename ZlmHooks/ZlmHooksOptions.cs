namespace ZlmHooks;

/// <summary>
/// Every setting the handler reads, under <c>ZlmHooks</c> (app setting / env var <c>ZlmHooks__Name</c>).
/// README.md and local.settings.sample.json describe each one.
/// </summary>
public sealed class ZlmHooksOptions
{
    public const string Section = "ZlmHooks";

    /// <summary>Where to listen when not run by the Functions host (which sets FUNCTIONS_CUSTOMHANDLER_PORT).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:7071";

    /// <summary>Keys a caller must present as <c>?code=</c> or <c>x-functions-key</c>, separated by ';'
    /// so a key can be rotated without downtime.</summary>
    public string? FunctionKeys { get; set; }

    /// <summary>Keys that open the admin API (<c>Authorization: Bearer</c>), separated by ';'. Never a
    /// function key: MediaServer logs hook URLs with theirs.</summary>
    public string? AdminKeys { get; set; }

    /// <summary>Must be set explicitly to run without a function key, or to let auth hooks allow by default.</summary>
    public bool DevelopmentMode { get; set; }

    /// <summary>What auth hooks answer when nothing else decides: Deny, or Allow (DevelopmentMode only).</summary>
    public AuthDefault AuthDefault { get; set; } = AuthDefault.Deny;

    /// <summary>on_stream_none_reader when no rule decides. ZLMediaKit keeps a stream when the hook
    /// is not answered, so false is its own default.</summary>
    public bool CloseIdleStreams { get; set; }

    /// <summary>Largest hook body accepted. on_server_started (the whole config) is about 7 KiB.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long a notification may take before it is answered 503 (MediaServer retries it,
    /// and the retry keeps its event id): below MediaServer's <c>hook.timeoutSec</c> (10 s by default),
    /// so slow storage never holds a call past the point where MediaServer has given up on it.</summary>
    public int NotificationBudgetMilliseconds { get; set; } = 8000;

    /// <summary>Whether an auth hook that nothing decides admits the client: only with both settings.</summary>
    public bool AllowsByDefault => AuthDefault == AuthDefault.Allow && DevelopmentMode;
}
