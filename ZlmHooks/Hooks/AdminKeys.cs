using Microsoft.Extensions.Options;

namespace ZlmHooks.Hooks;

/// <summary>
/// The admin credential for <c>/api/*</c>, apart from the function key: MediaServer writes every hook
/// URL, <c>?code=</c> and all, into its log, so the key a MediaServer holds must not open the operator's
/// API. Presented as <c>Authorization: Bearer &lt;key&gt;</c>, never in a URL. The handler checks it
/// in Azure too (the API's functions are anonymous to the host, which knows nothing of this key).
/// </summary>
public sealed class AdminKeys
{
    public const string Setting = "ZlmHooks__AdminKeys";

    private readonly KeyRing _keys;

    public AdminKeys(IOptions<ZlmHooksOptions> options)
    {
        _keys = new KeyRing(options.Value.AdminKeys);
        Open = _keys.IsEmpty && options.Value.DevelopmentMode;
        if (_keys.Overlaps(new KeyRing(options.Value.FunctionKeys)))
            throw new InvalidOperationException(
                $"An admin key ({Setting}) is also a function key (ZlmHooks__FunctionKeys): MediaServer logs its hook URLs with their key, so that key must not open the admin API. Use a different admin key.");
    }

    /// <summary>No admin key configured: the API is closed, except in development mode, where it is open.</summary>
    public bool Configured => !_keys.IsEmpty;

    public bool Open { get; }

    public bool IsValid(string? presented) => Open || _keys.Contains(presented);

    /// <summary>The bearer token of the Authorization header, if any.</summary>
    public static string? Presented(HttpRequest request)
    {
        var value = request.Headers.Authorization.ToString();
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : null;
    }
}
