namespace ZlmHooks.Storage;

/// <summary>
/// Right after start-up, in the background, makes one point read of the first table a feature
/// declared, so the Table client's pipeline is built and JIT-compiled and a connection is open
/// before the first hook needs them. Never delays start-up (the Functions host waits for the handler
/// to answer GET /) and never fails it: a storage outage here is the first hook's to report.
/// </summary>
internal sealed partial class StorageWarmup(Tables tables, IEnumerable<StorageResource> resources, IServiceProvider services, ILogger<StorageWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (resources.FirstOrDefault(r => r.Kind == StorageResourceKind.Table)?.Name(services) is not { } table) return Task.CompletedTask;
        _ = Task.Run(async () =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await tables[table].GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("warmup", "warmup", cancellationToken: timeout.Token);
            }
#pragma warning disable CA1031 // best effort by design
            catch (Exception e)
#pragma warning restore CA1031
            {
                Failed(logger, e.GetType().Name);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "storage warm-up read failed: {Reason}")]
    private static partial void Failed(ILogger logger, string reason);
}
