namespace ZlmHooks.Tests.Support.FunctionsHost;

/// <summary>How <see cref="FunctionsTestHost"/> behaves; every wait it makes is bounded by one of these.</summary>
public sealed class FunctionsTestHostOptions
{
    /// <summary>True: like the host in Azure, an HTTP function whose authLevel is not anonymous needs
    /// <see cref="FunctionKey"/> in <c>?code=</c> or <c>x-functions-key</c> (else 401, empty body). False: like
    /// <c>func start</c>, which checks no key whatever the level.</summary>
    public bool CheckKeys { get; init; } = true;

    /// <summary>The one key the front door accepts (it stands for every function key, host key and master key).</summary>
    public string FunctionKey { get; init; } = "test-function-key";

    /// <summary>Each start step (connect, init, index, load) must finish within this, or StartAsync fails
    /// with the worker's captured output.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one invocation (InvocationResponse and the proxied HTTP response) may take.</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The WorkerTerminate grace period; the worker is killed if it has not exited by then.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>One binding of a loaded function, as the worker indexed it (from its raw binding JSON).</summary>
public sealed record FunctionBinding(
    string Name,
    string Type,
    string Direction,
    string? AuthLevel,
    IReadOnlyList<string> Methods,
    string? Route,
    string? Schedule,
    string RawJson);

/// <summary>A function the worker reported and loaded.</summary>
public sealed record FunctionInfo(
    string FunctionId,
    string Name,
    string EntryPoint,
    string ScriptFile,
    IReadOnlyList<FunctionBinding> Bindings)
{
    /// <summary>The trigger binding (type ending in "Trigger"), if any.</summary>
    public FunctionBinding? Trigger => Bindings.FirstOrDefault(b => b.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
}

public enum InvocationStatus
{
    Success,
    Failure,
    Cancelled,

    /// <summary>No InvocationResponse within <see cref="FunctionsTestHostOptions.InvocationTimeout"/>.</summary>
    NoResponse,
}

/// <summary>How one invocation ended: the InvocationResponse's status and exception message, and for an
/// HTTP function the status code the front door answered.</summary>
public sealed record InvocationOutcome(
    string InvocationId,
    string FunctionName,
    InvocationStatus Status,
    string? ExceptionMessage,
    int? HttpStatusCode);
