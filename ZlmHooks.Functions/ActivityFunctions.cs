using Microsoft.Azure.Functions.Worker;

namespace ZlmHooks.Functions;

/// <summary>Refusals and events kept for the operator (RecentActivity/). Each function hands its call to the endpoint of the same name
/// (<see cref="FunctionEndpoints"/>); hooks need the function key, operator endpoints are anonymous to
/// the host and check the admin key themselves.</summary>
public sealed class ActivityFunctions(FunctionEndpoints endpoints)
{
    [Function("api_activity")]
    public Task<IResult> ApiActivity([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/activity")] HttpRequest req) => endpoints.RunAsync("api_activity", req);
}
