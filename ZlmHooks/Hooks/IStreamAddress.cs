namespace ZlmHooks.Hooks;

/// <summary>A media stream's address as MediaServer names it: vhost/app/stream.</summary>
public interface IStreamAddress
{
    string? Vhost { get; }
    string? App { get; }
    string? Stream { get; }
}
