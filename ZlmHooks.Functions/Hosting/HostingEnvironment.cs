namespace ZlmHooks.Hosting;

/// <summary>Where this process runs: under the Azure Functions host (in Azure or <c>func start</c>) or on its own.</summary>
public sealed record HostingEnvironment(int? CustomHandlerPort, bool InAzure)
{
    /// <summary>The Functions host sets this port when it starts a custom handler.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public bool UnderFunctionsHost => CustomHandlerPort is not null;

    /// <summary>Only the host running in Azure enforces authLevel; <c>func start</c> does not.</summary>
    public bool HostChecksKeys => UnderFunctionsHost && InAzure;

    public static HostingEnvironment FromEnvironment() => new(
        int.TryParse(Environment.GetEnvironmentVariable(PortVariable), out var port) ? port : null,
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID")));
}
