using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

/// <summary>
/// The access rules' admin API (<c>/api/rules</c>, <c>/api/tokens</c>, <c>/api/rtsp-users</c>,
/// <c>/api/shell-users</c>, <c>/api/decide</c>): what the CLI's rules, tokens and users commands do,
/// through the same stores and the same validation, behind the admin key (docs/admin-api.md). A
/// new token is shown once; passwords go in, never out; a pull rule's source URL comes out with its
/// password redacted.
/// </summary>
public static class AccessRulesApi
{
    public static readonly ApiFunction Rules = new("api_rules", "api/rules", "get", "Every access rule.");
    public static readonly ApiFunction SaveRule = new("api_rules_save", "api/rules/{id}", "put", "Add a rule, or replace the rule with this id.");
    public static readonly ApiFunction RemoveRule = new("api_rules_remove", "api/rules/{id}", "delete", "Remove a rule.");
    public static readonly ApiFunction Decide = new("api_decide", "api/decide", "post", "What the hooks would answer a play, publish or file request, and which rule decides.");
    public static readonly ApiFunction Tokens = new("api_tokens", "api/tokens", "get", "Every token: label, scope, expiry and uses; never the token.");
    public static readonly ApiFunction AddToken = new("api_tokens_add", "api/tokens", "post", "Create a token; the answer is the only time it is shown.");
    public static readonly ApiFunction RemoveToken = new("api_tokens_remove", "api/tokens/{label}", "delete", "Remove every token with this label.");
    public static readonly ApiFunction RtspUsers = new("api_rtsp_users", "api/rtsp-users", "get", "RTSP users by realm; never their passwords.");
    public static readonly ApiFunction SaveRtspUser = new("api_rtsp_users_save", "api/rtsp-users/{realm}/{user}", "put", "Add an RTSP user, or set the user's password.");
    public static readonly ApiFunction RemoveRtspUser = new("api_rtsp_users_remove", "api/rtsp-users/{realm}/{user}", "delete", "Remove an RTSP user.");
    public static readonly ApiFunction ShellUsers = new("api_shell_users", "api/shell-users", "get", "Debug-shell users; never their passwords.");
    public static readonly ApiFunction SaveShellUser = new("api_shell_users_save", "api/shell-users/{user}", "put", "Add a debug-shell user, or set the user's password.");
    public static readonly ApiFunction RemoveShellUser = new("api_shell_users_remove", "api/shell-users/{user}", "delete", "Remove a debug-shell user.");

    public static readonly ApiFunction[] All = [Rules, SaveRule, RemoveRule, Decide, Tokens, AddToken, RemoveToken, RtspUsers, SaveRtspUser, RemoveRtspUser, ShellUsers, SaveShellUser, RemoveShellUser];

    private const int MaxBody = 64 * 1024;

    public static OperatorApi MapAccessApi(this OperatorApi api) => api
        .Map(Rules, Run(async (http, ct) =>
        {
            var rules = await Service<RuleStore>(http).ListAsync(ct);
            await OkAsync(http, new RuleList([.. rules.Select(r => r.SourceUrl is null ? r : r with { SourceUrl = Redaction.Url(r.SourceUrl) })]), AccessApiJson.Api.RuleList);
        }))
        .Map(SaveRule, Run(async (http, ct) =>
        {
            if (await BodyAsync(http, AccessApiJson.Api.AccessRule) is not { } sent) return;
            // A body read by the source generator leaves what it does not name at null, not at the
            // property's default: the patterns default as the CLI's options do.
            var rule = sent with
            {
                Id = sent.Id ?? "", Action = sent.Action ?? "",
                Vhost = sent.Vhost ?? Pattern.Any, App = sent.App ?? Pattern.Any, Stream = sent.Stream ?? Pattern.Any,
            };
            var id = Route(http, "id");
            if (rule.Id != id) throw new ArgumentException($"the rule's id '{rule.Id}' is not the one in the path ('{id}')");
            if (rule.SourceUrl?.Contains(Redaction.Redacted, StringComparison.Ordinal) == true)
                throw new ArgumentException("sourceUrl holds a redacted password (as listed): send the full URL");
            await Service<RuleStore>(http).SaveAsync(rule, ct);
            await OkAsync(http, rule with { SourceUrl = Redaction.Url(rule.SourceUrl) }, AccessApiJson.Api.AccessRule);
        }))
        .Map(RemoveRule, Run(async (http, ct) =>
        {
            var removed = await Service<RuleStore>(http).RemoveAsync(Route(http, "id"), ct);
            await RemovedAsync(http, removed ? 1 : 0);
        }))
        .Map(Decide, Run(async (http, ct) =>
        {
            if (await BodyAsync(http, AccessApiJson.Api.DecideRequest) is not { } ask) return;
            var decision = await Service<AccessPolicy>(http).DecideAsync(Query(ask, Service<TimeProvider>(http).GetUtcNow()), ct, countUse: false);
            await OkAsync(http, new DecideReply(decision.Allowed, decision.Rule?.Id, decision.Reason), AccessApiJson.Api.DecideReply);
        }))
        .Map(Tokens, Run(async (http, ct) =>
        {
            var tokens = await Service<StreamTokens>(http).ListAsync(ct);
            await OkAsync(http, new TokenList([.. tokens.Select(t => new TokenInfo(t.Label, t.Action, t.Vhost, t.App, t.Stream, t.ExpiresAt, t.Uses, t.Used, t.PerIp))]), AccessApiJson.Api.TokenList);
        }))
        .Map(AddToken, Run(async (http, ct) =>
        {
            if (await BodyAsync(http, AccessApiJson.Api.TokenRequest) is not { } ask) return;
            if (string.IsNullOrWhiteSpace(ask.Label)) throw new ArgumentException("a token needs a label");
            var action = ask.Action ?? Pattern.Any;
            if (action is not (Pattern.Any or RuleActions.Publish or RuleActions.Play or RuleActions.Http))
                throw new ArgumentException("action must be publish, play, http or *");
            if (ask.ExpiresInDays is <= 0) throw new ArgumentException("expiresInDays must be more than 0");
            var (vhost, app, stream) = (ask.Vhost ?? Pattern.Any, ask.App ?? Pattern.Any, ask.Stream ?? Pattern.Any);
            if ((Pattern.Problem(vhost, "vhost") ?? Pattern.Problem(app, "app") ?? Pattern.Problem(stream, "stream")) is { } problem) throw new ArgumentException(problem);
            DateTimeOffset? expires = ask.ExpiresInDays is { } days ? Service<TimeProvider>(http).GetUtcNow().AddDays(days) : null;
            var token = await Service<StreamTokens>(http).CreateAsync(ask.Label, expires, action, vhost, app, stream, null, ask.Uses, ask.PerIp, ct);
            http.Response.Headers.CacheControl = "no-store";
            await OkAsync(http, new TokenCreated(token, ask.Label), AccessApiJson.Api.TokenCreated, StatusCodes.Status201Created);
        }))
        .Map(RemoveToken, Run(async (http, ct) => await RemovedAsync(http, await Service<StreamTokens>(http).RemoveAsync(Route(http, "label"), ct))))
        .Map(RtspUsers, Run(async (http, ct) =>
        {
            var users = await Service<RtspUsers>(http).ListAsync(ct);
            await OkAsync(http, new RtspUserList([.. users.Select(u => new RtspUserInfo(u.Realm, u.User))]), AccessApiJson.Api.RtspUserList);
        }))
        .Map(SaveRtspUser, Run(async (http, ct) =>
        {
            if (await PasswordAsync(http) is not { } password) return;
            await Service<RtspUsers>(http).SetAsync(Route(http, "realm"), Route(http, "user"), password, ct);
            await SavedAsync(http);
        }))
        .Map(RemoveRtspUser, Run(async (http, ct) =>
            await RemovedAsync(http, await Service<RtspUsers>(http).RemoveAsync(Route(http, "realm"), Route(http, "user"), ct) ? 1 : 0)))
        .Map(ShellUsers, Run(async (http, ct) =>
            await OkAsync(http, new ShellUserList(await Service<ShellUsers>(http).ListAsync(ct)), AccessApiJson.Api.ShellUserList)))
        .Map(SaveShellUser, Run(async (http, ct) =>
        {
            if (await PasswordAsync(http) is not { } password) return;
            await Service<ShellUsers>(http).SetAsync(Route(http, "user"), password, ct);
            await SavedAsync(http);
        }))
        .Map(RemoveShellUser, Run(async (http, ct) =>
            await RemovedAsync(http, await Service<ShellUsers>(http).RemoveAsync(Route(http, "user"), ct) ? 1 : 0)));

    /// <summary>The request as the hooks would see it: vhost defaults as MediaServer's does.</summary>
    private static AccessQuery Query(DecideRequest ask, DateTimeOffset now)
    {
        var action = ask.Action ?? throw new ArgumentException("action is required: publish, play or http");
        if (action == RuleActions.Http)
        {
            // Normalised as on_http_access normalises it: a path that climbs is refused there, and here.
            if (!HttpPath.TryNormalize(ask.Path, out var path, out var problem)) throw new ArgumentException(problem);
            return new AccessQuery(action, "", "", "", ask.MediaServerId, ask.Schema, ask.Protocol, ask.Ip, ask.Params, now, path);
        }
        if (action is not (RuleActions.Publish or RuleActions.Play)) throw new ArgumentException("action must be publish, play or http");
        if (string.IsNullOrEmpty(ask.App) || string.IsNullOrEmpty(ask.Stream)) throw new ArgumentException("app and stream are required");
        return new AccessQuery(action, StreamHookRequest.VhostOrDefault(ask.Vhost), ask.App, ask.Stream, ask.MediaServerId, ask.Schema, ask.Protocol, ask.Ip, ask.Params, now);
    }

    private static RequestDelegate Run(Func<HttpContext, CancellationToken, Task> run) => async http =>
    {
        try
        {
            await run(http, http.RequestAborted);
        }
        catch (ArgumentException e)
        {
            await ApiAnswers.BadRequestAsync(http, e);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or StoreUnavailableException)
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status503ServiceUnavailable, StorageFailure.Describe(e));
        }
    };

    private static T Service<T>(HttpContext http) where T : notnull => http.RequestServices.GetRequiredService<T>();

    private static string Route(HttpContext http, string name) => http.Request.RouteValues[name]?.ToString() ?? "";

    /// <summary>The JSON body, or null after a 400 that says what is wrong with it.</summary>
    private static async Task<T?> BodyAsync<T>(HttpContext http, JsonTypeInfo<T> type) where T : class
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = MaxBody;
        try
        {
            if (await JsonSerializer.DeserializeAsync(http.Request.Body, type, http.RequestAborted) is { } body) return body;
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status400BadRequest, "the body is empty; this call takes a JSON object");
        }
        catch (JsonException e)
        {
            // Described, not quoted: the serializer's message names .NET types.
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status400BadRequest, $"the body is not the JSON this call takes: {HookBody.Describe(e)}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBody / 1024} KiB");
        }
        catch (BadHttpRequestException e) when (e.StatusCode is >= 400 and < 500)
        {
            await ApiAnswers.ProblemAsync(http, e.StatusCode, HookBody.Unreadable(e.StatusCode));
        }
        return null;
    }

    private static async Task<string?> PasswordAsync(HttpContext http)
    {
        if (await BodyAsync(http, AccessApiJson.Api.PasswordBody) is not { } body) return null;
        if (string.IsNullOrEmpty(body.Password)) throw new ArgumentException("a password is required");
        return body.Password;
    }

    private static Task OkAsync<T>(HttpContext http, T body, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        ApiAnswers.JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(body, type), status);

    private static Task RemovedAsync(HttpContext http, int count) =>
        OkAsync(http, new Removed(count), AccessApiJson.Api.Removed, count > 0 ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);

    private static Task SavedAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
