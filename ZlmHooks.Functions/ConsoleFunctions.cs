using Microsoft.Azure.Functions.Worker;

namespace ZlmHooks.Functions;

/// <summary>The operator console (OperatorConsole/): its page, which holds no data, and play URLs. Each function hands its call to the endpoint of the same name
/// (<see cref="FunctionEndpoints"/>); hooks need the function key, operator endpoints are anonymous to
/// the host and check the admin key themselves.</summary>
public sealed class ConsoleFunctions(FunctionEndpoints endpoints)
{
    [Function("console")]
    public Task<IResult> Console([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*file}")] HttpRequest req) => endpoints.RunAsync("console", req);

    [Function("api_play_urls")]
    public Task<IResult> ApiPlayUrls([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/play-urls")] HttpRequest req) => endpoints.RunAsync("api_play_urls", req);
}
