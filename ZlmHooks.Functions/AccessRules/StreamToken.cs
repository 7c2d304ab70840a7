namespace ZlmHooks.AccessRules;

/// <summary>A static token as stored: never the token itself, only its SHA-256 digest.</summary>
public sealed record StreamToken(string Digest, string Label, DateTimeOffset? ExpiresAt, string Action, string Vhost, string App, string Stream)
{
    public bool Covers(string action, string vhost, string app, string stream) =>
        (Action == Pattern.Any || Action == action) &&
        Pattern.Matches(Vhost, vhost) && Pattern.Matches(App, app) && Pattern.Matches(Stream, stream);
}
