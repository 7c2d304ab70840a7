namespace ZlmHooks.Hosting;

/// <summary>Where this process runs: under the Azure Functions host (in Azure or <c>func start</c>), as a
/// custom handler (the standalone handler, given a port) or as the .NET isolated worker; or on its own.</summary>
public sealed record HostingEnvironment(int? CustomHandlerPort, bool InAzure, bool IsolatedWorker = false)
{
    /// <summary>The Functions host sets this port when it starts a custom handler.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public bool UnderFunctionsHost => CustomHandlerPort is not null || IsolatedWorker;

    /// <summary>Only the host running in Azure enforces authLevel; <c>func start</c> does not.</summary>
    public bool HostChecksKeys => UnderFunctionsHost && InAzure;

    /// <summary>Whether the client's address is read from X-Forwarded-For: behind the host as a custom
    /// handler, whose connection is the host's own. The isolated worker's pipeline has already applied
    /// the header to the connection's address; on its own anyone could send it.</summary>
    public bool ClientFromForwardedFor => CustomHandlerPort is not null;

    public static HostingEnvironment FromEnvironment() => new(
        int.TryParse(Environment.GetEnvironmentVariable(PortVariable), out var port) ? port : null,
        InAzureNow());

    /// <summary>The isolated worker's environment: the Functions host started it.</summary>
    public static HostingEnvironment Worker() => new(null, InAzureNow(), IsolatedWorker: true);

    private static bool InAzureNow() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID"));
}
