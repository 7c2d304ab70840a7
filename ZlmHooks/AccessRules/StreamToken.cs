namespace ZlmHooks.AccessRules;

/// <summary>A static token as stored: never the token itself, only its SHA-256 digest.</summary>
/// <param name="Uses">For a limited-use token, how many plays and publishes it admits (with
/// <paramref name="PerIp"/>: how many client addresses); null: no limit.</param>
/// <param name="Used">How many it has admitted (addresses, with <paramref name="PerIp"/>).</param>
public sealed record StreamToken(string Digest, string Label, DateTimeOffset? ExpiresAt, string Action, string Vhost, string App, string Stream,
    int? Uses = null, int Used = 0, bool PerIp = false)
{
    public bool Covers(string action, string vhost, string app, string stream) =>
        (Action == Pattern.Any || Action == action) &&
        Pattern.Matches(Vhost, vhost) && Pattern.Matches(App, app) && Pattern.Matches(Stream, stream);
}
