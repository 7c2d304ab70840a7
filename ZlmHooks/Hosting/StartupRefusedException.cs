namespace ZlmHooks.Hosting;

/// <summary>A setting the handler must not start with. The host (ZlmHooks.Handler's Program.Main) prints the message as
/// one line and exits non-zero, so the Functions host's log shows the reason, not a stack trace.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
