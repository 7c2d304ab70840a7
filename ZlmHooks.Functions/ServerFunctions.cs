using Microsoft.Azure.Functions.Worker;

namespace ZlmHooks.Functions;

/// <summary>Which MediaServers are up (Servers/). Each function hands its call to the endpoint of the same name
/// (<see cref="FunctionEndpoints"/>); hooks need the function key, operator endpoints are anonymous to
/// the host and check the admin key themselves.</summary>
public sealed class ServerFunctions(FunctionEndpoints endpoints)
{
    [Function("on_server_started")]
    public Task<IResult> OnServerStarted([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_server_started")] HttpRequest req) => endpoints.RunAsync("on_server_started", req);

    [Function("on_server_keepalive")]
    public Task<IResult> OnServerKeepalive([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_server_keepalive")] HttpRequest req) => endpoints.RunAsync("on_server_keepalive", req);

    [Function("on_server_exited")]
    public Task<IResult> OnServerExited([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_server_exited")] HttpRequest req) => endpoints.RunAsync("on_server_exited", req);

    [Function("api_servers")]
    public Task<IResult> ApiServers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/servers")] HttpRequest req) => endpoints.RunAsync("api_servers", req);
}
