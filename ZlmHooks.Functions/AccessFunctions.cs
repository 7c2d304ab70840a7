using Microsoft.Azure.Functions.Worker;

namespace ZlmHooks.Functions;

/// <summary>Who may publish, play, fetch files and log in (AccessRules/), and the rules' operator API. Each function hands its call to the endpoint of the same name
/// (<see cref="FunctionEndpoints"/>); hooks need the function key, operator endpoints are anonymous to
/// the host and check the admin key themselves.</summary>
public sealed class AccessFunctions(FunctionEndpoints endpoints)
{
    [Function("on_publish")]
    public Task<IResult> OnPublish([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_publish")] HttpRequest req) => endpoints.RunAsync("on_publish", req);

    [Function("on_play")]
    public Task<IResult> OnPlay([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_play")] HttpRequest req) => endpoints.RunAsync("on_play", req);

    [Function("on_http_access")]
    public Task<IResult> OnHttpAccess([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_http_access")] HttpRequest req) => endpoints.RunAsync("on_http_access", req);

    [Function("on_rtsp_realm")]
    public Task<IResult> OnRtspRealm([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_rtsp_realm")] HttpRequest req) => endpoints.RunAsync("on_rtsp_realm", req);

    [Function("on_rtsp_auth")]
    public Task<IResult> OnRtspAuth([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_rtsp_auth")] HttpRequest req) => endpoints.RunAsync("on_rtsp_auth", req);

    [Function("on_shell_login")]
    public Task<IResult> OnShellLogin([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_shell_login")] HttpRequest req) => endpoints.RunAsync("on_shell_login", req);

    [Function("api_rules")]
    public Task<IResult> ApiRules([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rules")] HttpRequest req) => endpoints.RunAsync("api_rules", req);

    [Function("api_rules_save")]
    public Task<IResult> ApiRulesSave([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/rules/{id}")] HttpRequest req) => endpoints.RunAsync("api_rules_save", req);

    [Function("api_rules_remove")]
    public Task<IResult> ApiRulesRemove([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/rules/{id}")] HttpRequest req) => endpoints.RunAsync("api_rules_remove", req);

    [Function("api_decide")]
    public Task<IResult> ApiDecide([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/decide")] HttpRequest req) => endpoints.RunAsync("api_decide", req);

    [Function("api_tokens")]
    public Task<IResult> ApiTokens([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tokens")] HttpRequest req) => endpoints.RunAsync("api_tokens", req);

    [Function("api_tokens_add")]
    public Task<IResult> ApiTokensAdd([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tokens")] HttpRequest req) => endpoints.RunAsync("api_tokens_add", req);

    [Function("api_tokens_remove")]
    public Task<IResult> ApiTokensRemove([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/tokens/{label}")] HttpRequest req) => endpoints.RunAsync("api_tokens_remove", req);

    [Function("api_rtsp_users")]
    public Task<IResult> ApiRtspUsers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rtsp-users")] HttpRequest req) => endpoints.RunAsync("api_rtsp_users", req);

    [Function("api_rtsp_users_save")]
    public Task<IResult> ApiRtspUsersSave([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/rtsp-users/{realm}/{user}")] HttpRequest req) => endpoints.RunAsync("api_rtsp_users_save", req);

    [Function("api_rtsp_users_remove")]
    public Task<IResult> ApiRtspUsersRemove([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/rtsp-users/{realm}/{user}")] HttpRequest req) => endpoints.RunAsync("api_rtsp_users_remove", req);

    [Function("api_shell_users")]
    public Task<IResult> ApiShellUsers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shell-users")] HttpRequest req) => endpoints.RunAsync("api_shell_users", req);

    [Function("api_shell_users_save")]
    public Task<IResult> ApiShellUsersSave([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/shell-users/{user}")] HttpRequest req) => endpoints.RunAsync("api_shell_users_save", req);

    [Function("api_shell_users_remove")]
    public Task<IResult> ApiShellUsersRemove([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/shell-users/{user}")] HttpRequest req) => endpoints.RunAsync("api_shell_users_remove", req);
}
