using Microsoft.Extensions.Options;

namespace ZlmHooks.Storage;

/// <summary>
/// Right after start-up, in the background, makes one point read of the rule table so the Table
/// client's pipeline is built and JIT-compiled and a connection is open before the first hook needs
/// them. Never delays start-up (the Functions host waits for the handler to answer GET /) and never
/// fails it: a storage outage here is the first hook's to report.
/// </summary>
internal sealed class StorageWarmup(Tables tables, IOptions<StorageOptions> options, ILogger<StorageWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured) return Task.CompletedTask;
        _ = Task.Run(async () =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await tables[AccessRules.RuleStore.StreamTable].GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("warmup", "warmup", cancellationToken: timeout.Token);
            }
#pragma warning disable CA1031 // best effort by design
            catch (Exception e)
#pragma warning restore CA1031
            {
                WarmupLog.Failed(logger, e.GetType().Name);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class WarmupLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "storage warm-up read failed: {Reason}")]
    public static partial void Failed(ILogger logger, string reason);
}
