namespace ZlmHooks.Servers;

internal static partial class ServersLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "hook onboarding of {Server}: {Detail}")]
    public static partial void Onboarding(ILogger logger, string server, string detail);
}
