using System.Text.Json;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.RecentActivity;

public static class ActivitySetup
{
    public static ApiFunction ActivityApi { get; } = new("api_activity", "api/activity", "get", "Recent activity, newest first: refusals, publishes, streams, recordings, server starts.");

    /// <summary>What happened lately, for the operator (the console's Activity view): refusals and
    /// events with who asked and which rule decided, kept a week (<see cref="ActivityOptions"/>). Needs storage.</summary>
    public static IHostApplicationBuilder AddActivityFeed(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ActivityOptions>().Bind(builder.Configuration.GetSection($"{ZlmHooksOptions.Section}:Activity"))
            .Validate(o => o.RetentionDays is >= 1 and <= 31, "ZlmHooks__Activity__RetentionDays must be 1-31.")
            .ValidateOnStart();
        services.AddApiFunction(ActivityApi);
        services.AddStorageTable(ActivityFeed.Table);

        if (!builder.HasStorage()) return builder;
        services.AddHookFilter<ActivityFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ActivityFeed>());
        return builder;
    }

    /// <summary><c>GET /api/activity?limit=100&amp;refusals=true&amp;server=&amp;app=&amp;stream=</c>.</summary>
    public static OperatorApi MapActivityApi(this OperatorApi api) => api.Map(ActivityApi, async http =>
    {
        var q = http.Request.Query;
        var limit = 100;
        if (ApiAnswers.Value(q, "limit") is { } l && (!int.TryParse(l, out limit) || limit < 1 || limit > ActivityFeed.MaxLimit))
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status400BadRequest, $"limit must be a number from 1 to {ActivityFeed.MaxLimit}");
            return;
        }
        var refusals = false;
        if (ApiAnswers.Value(q, "refusals") is { } r && !bool.TryParse(r, out refusals))
        {
            await ApiAnswers.ProblemAsync(http, StatusCodes.Status400BadRequest, "refusals must be true or false");
            return;
        }
        var list = await http.RequestServices.GetRequiredService<ActivityFeed>().ListAsync(limit, refusals,
            ApiAnswers.Value(q, "server"), ApiAnswers.Value(q, "app"), ApiAnswers.Value(q, "stream"), http.RequestAborted);
        await ApiAnswers.JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(new ActivityList(list), ActivityJson.Default.ActivityList));
    });
}
