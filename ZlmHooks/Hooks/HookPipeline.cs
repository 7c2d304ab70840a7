using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ZlmHooks.Hooks;

/// <summary>
/// What every call of one hook goes through: read and parse the body, validate it, run the ordered
/// <see cref="IHookFilter"/> steps around the handler, map a failure to the answer its kind needs,
/// write the reply, log one line and record the metrics. One instance per hook per app; the services
/// it needs are resolved on the first call, not per call.
/// </summary>
internal sealed class HookPipeline<TRequest, TReply>(Hook<TRequest, TReply> hook, IServiceProvider services)
    where TRequest : HookRequest
    where TReply : HookReply
{
    private Parts? _parts;

    private static readonly byte[] SuccessBytes = JsonSerializer.SerializeToUtf8Bytes(HookReply.Success, HookJson.Replies.HookReply);

    /// <param name="Chain">The filters around the handler, composed once.</param>
    /// <param name="Forwarded">Under the Functions host: the sender is in X-Forwarded-For.</param>
    private sealed record Parts(ZlmHooksOptions Options, HookLog Log, HookTelemetry Telemetry, Redaction Redaction, TimeProvider Clock, HookNext Chain, bool Forwarded);

    private Parts Resolve()
    {
        if (_parts is { } parts) return parts;
        var options = services.GetRequiredService<IOptions<ZlmHooksOptions>>().Value;
        var handler = services.GetService<IHookHandler<TRequest, TReply>>();
        HookNext chain = handler is null
            ? context => ValueTask.FromResult<HookReply>(hook.Fallback((TRequest)context.Request, options))
            : context => Widen(handler.HandleAsync((TRequest)context.Request, context));
        foreach (var filter in services.GetServices<IHookFilter>().Where(f => f.AppliesTo(hook)).Reverse())
        {
            var next = chain;
            chain = context => filter.InvokeAsync(context, next);
        }
        return _parts = new Parts(options, services.GetRequiredService<HookLog>(), services.GetRequiredService<HookTelemetry>(),
            services.GetRequiredService<Redaction>(), services.GetRequiredService<TimeProvider>(), chain,
            services.GetRequiredService<Hosting.HostingEnvironment>().ClientFromForwardedFor);
    }

    // A handler's typed answer as the pipeline's: no state machine when it completed synchronously (a warm decision).
    private static ValueTask<HookReply> Widen(ValueTask<TReply> reply) =>
        reply.IsCompletedSuccessfully ? new ValueTask<HookReply>(reply.Result) : AwaitAsync(reply);

    private static async ValueTask<HookReply> AwaitAsync(ValueTask<TReply> reply) => await reply;

    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var parts = Resolve();
        using var activity = HookTelemetry.StartCall(hook);
        HookContext? context;
        HookAnswer answer;
        try
        {
            (answer, context) = await AnswerAsync(http, parts);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // MediaServer gave up (hook.timeoutSec); nobody is left to answer.
            parts.Log.Abandoned(hook.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return;
        }

        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = "application/json; charset=utf-8";
        // The plain success reply (most calls) is written from bytes made once.
        var body = ReferenceEquals(answer.Reply, HookReply.Success)
            ? SuccessBytes
            : answer.Reply is TReply typed
                ? JsonSerializer.SerializeToUtf8Bytes(typed, hook.ReplyJson)
                : JsonSerializer.SerializeToUtf8Bytes(answer.Reply, HookJson.Replies.HookReply);
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        parts.Telemetry.Answered(hook, answer, elapsed, activity);
        parts.Log.Answered(hook, context, answer, elapsed);
    }

    /// <returns>The answer, and the call's context once the body was read into a request.</returns>
    private async ValueTask<(HookAnswer, HookContext?)> AnswerAsync(HttpContext http, Parts parts)
    {
        HookBody body;
        try
        {
            body = await HookBody.ReadAsync(http.Request, parts.Options.MaxBodyBytes, http.RequestAborted);
        }
        catch (Exception e) when (e is BadHttpRequestException || (e is IOException && !http.RequestAborted.IsCancellationRequested))
        {
            // Kestrel could not read the body as HTTP frames it (a chunk size that overflows is an
            // IOException, "Bad chunk size data."): the caller's input, answered like any bad body,
            // never the empty 500 it would otherwise become.
            var status = e is BadHttpRequestException { StatusCode: >= 400 and < 500 } bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return (Fail(status, HookBody.Unreadable(status)), null);
        }
        if (body.Problem is { } problem)
            return (Fail(problem.Status, problem.Message), null);

        TRequest request;
        IReadOnlyList<string> setAside;
        try
        {
            request = hook.ParseLenient(body.Json.Span, out setAside);
            if (setAside.Count > 0) parts.Log.FieldsSetAside(hook.Name, string.Join(", ", setAside));
        }
        catch (JsonException e)
        {
            return (Fail(StatusCodes.Status400BadRequest, HookBody.DuplicateKey(body.Json.Span) is { } key ? HookBody.Duplicate(key) : HookBody.Describe(e)), null);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // A key given twice can end here too (a notification's lenient second reading builds a
            // JsonObject, which refuses it): the answer and the call's one log line name the key.
            if (HookBody.DuplicateKey(body.Json.Span) is { } key)
                return (Fail(StatusCodes.Status400BadRequest, HookBody.Duplicate(key)), null);
            // A shape the types cannot hold at all: still the caller's input, never a 5xx.
            parts.Log.UnparsableBody(hook.Name, e.GetType().Name, HookBody.FirstLine(e.Message));
            return (Fail(StatusCodes.Status400BadRequest, $"malformed {hook.Name} body: a value has a shape this hook does not accept"), null);
        }
        finally
        {
            body.Dispose();
        }

        // A notification answers within its budget, below MediaServer's timeoutSec: past it, 503 and a
        // retry beat a reply MediaServer has stopped waiting for (its storage work may still finish).
        using var budget = hook.Kind == HookKind.Notification ? CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted) : null;
        budget?.CancelAfter(parts.Options.NotificationBudgetMilliseconds);
        var context = new HookContext(hook, request, parts.Redaction, parts.Clock.GetUtcNow(), budget?.Token ?? http.RequestAborted, http, parts.Forwarded);
        if (request.Validate() is { } invalid)
            return (Fail(StatusCodes.Status400BadRequest, setAside.Count == 0
                ? $"invalid {hook.Name} body: {invalid}"
                : $"invalid {hook.Name} body: {invalid} (could not read {string.Join(", ", setAside.Select(f => "$." + f))})"), context);

        try
        {
            var pending = parts.Chain(context);
            // A step that does not heed the token still cannot hold the answer past the budget.
            var reply = budget is null || pending.IsCompleted ? await pending : await pending.AsTask().WaitAsync(budget.Token);
            return (new HookAnswer(StatusCodes.Status200OK, reply, Outcome(reply)), context);
        }
        catch (Exception e) when (budget is { IsCancellationRequested: true } && !http.RequestAborted.IsCancellationRequested
                                  && (e is OperationCanceledException || e is HookUnavailableException { InnerException: OperationCanceledException }))
        {
            parts.Log.OverBudget(hook.Name, parts.Options.NotificationBudgetMilliseconds);
            return (Fail(StatusCodes.Status503ServiceUnavailable, $"{hook.Name} could not be recorded within {parts.Options.NotificationBudgetMilliseconds} ms (storage is slow or unreachable); retry later"), context);
        }
        catch (HookUnavailableException e)
        {
            parts.Log.HandlerFailed(e.InnerException ?? e, hook.Name);
            return (Fail(StatusCodes.Status503ServiceUnavailable, e.Message), context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            parts.Log.HandlerFailed(e, hook.Name);
            return (Fail(StatusCodes.Status503ServiceUnavailable, $"{hook.Name} could not be answered now; see the hook receiver's log"), context);
        }
    }

    private string Outcome(HookReply reply) => hook.Kind switch
    {
        HookKind.Auth => reply.Code == 0 ? "allow" : "deny",
        HookKind.Policy => reply.Code == 0 ? "answered" : "refused",
        _ => reply.Code == 0 ? "ack" : "refused",
    };

    /// <summary>An auth hook that cannot be answered is a refusal MediaServer shows the client at once
    /// (HTTP 200, code -1; not retried). Any other hook gets a non-200 status, which MediaServer treats
    /// as a failure: it retries, then falls back to its own default. Never a 5xx for bad input.</summary>
    private HookAnswer Fail(int status, string message) =>
        hook.Kind == HookKind.Auth
            ? new HookAnswer(StatusCodes.Status200OK, HookReply.Refuse(message), "deny")
            : new HookAnswer(status, HookReply.Refuse(message), "error");
}
