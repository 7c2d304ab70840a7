namespace ZlmHooks.Tests.Support;

/// <summary>A test of the isolated worker as it ships: ./test.sh publishes it once (ReadyToRun,
/// infra/publish-worker.sh) and names the folder in <see cref="Variable"/>. Without that the test is
/// reported as skipped, saying why, instead of publishing for a minute and a half on its own.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PublishedWorkerFactAttribute : FactAttribute
{
    public const string Variable = "ZLMHOOKS_PUBLISHED_WORKER";

    public PublishedWorkerFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"needs the published isolated worker: run ./test.sh, or set {Variable} to an infra/publish-worker.sh output";
    }
}
