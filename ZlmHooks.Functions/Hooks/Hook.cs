using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ZlmHooks.Hooks;

/// <summary>One ZLMediaKit hook: its name (which is also its function name), its route, what kind
/// of answer it needs and the types of its body and reply.</summary>
public abstract class Hook
{
    private protected Hook(string name, HookKind kind, string summary)
    {
        Name = name;
        Kind = kind;
        Summary = summary;
    }

    /// <summary>The config.ini key (<c>hook.on_play</c>) and the function's name.</summary>
    public string Name { get; }
    public HookKind Kind { get; }
    public string Summary { get; }

    /// <summary>The path ZLMediaKit's defaults and wiki use, without a leading slash.</summary>
    public string Route => "index/hook/" + Name;

    public abstract Type RequestType { get; }
    public abstract Type ReplyType { get; }

    public static Hook<TRequest, TReply> Define<TRequest, TReply>(string name, HookKind kind,
        JsonTypeInfo<TRequest> request, JsonTypeInfo<TReply> reply, string summary)
        where TRequest : HookRequest where TReply : HookReply =>
        new(name, kind, summary, request, reply);

    /// <summary>Parses a body of this hook into its request type; throws <see cref="JsonException"/>.</summary>
    public abstract HookRequest ParseBody(ReadOnlySpan<byte> json);

    /// <summary>The request as JSON again, unknown fields included (for events and stored copies).</summary>
    public abstract byte[] SerializeBody(HookRequest request);

    internal abstract Task InvokeAsync(HttpContext http);

    public override string ToString() => Name;
}

public sealed class Hook<TRequest, TReply> : Hook
    where TRequest : HookRequest
    where TReply : HookReply
{
    private readonly JsonTypeInfo<TRequest> _request;
    private readonly JsonTypeInfo<TReply> _reply;

    internal Hook(string name, HookKind kind, string summary, JsonTypeInfo<TRequest> request, JsonTypeInfo<TReply> reply)
        : base(name, kind, summary)
    {
        _request = request;
        _reply = reply;
    }

    public override Type RequestType => typeof(TRequest);
    public override Type ReplyType => typeof(TReply);

    public TRequest Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, _request) ?? throw new JsonException("expected a JSON object, got null");

    public override HookRequest ParseBody(ReadOnlySpan<byte> json) => Parse(json);

    public override byte[] SerializeBody(HookRequest request) => JsonSerializer.SerializeToUtf8Bytes((TRequest)request, _request);

    internal override async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var services = http.RequestServices.GetRequiredService<HookServices>();
        var options = services.Options;
        var log = services.Log;
        TRequest? request = null;
        var note = HookNote.Begin();
        HookAnswer answer;
        try
        {
            answer = await AnswerAsync(http, services, r => request = r);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // MediaServer gave up (hook.timeoutSec); nobody is left to answer.
            var waited = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            log.Abandoned(Name, waited);
            return;
        }

        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = answer.Reply is TReply typed
            ? JsonSerializer.SerializeToUtf8Bytes(typed, _reply)
            : JsonSerializer.SerializeToUtf8Bytes(answer.Reply, HookJson.Default.HookReply);
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        log.Answered(this, request as IStreamAddress, request?.MediaServerId, answer, note, elapsed);
    }

    private async Task<HookAnswer> AnswerAsync(HttpContext http, HookServices services, Action<TRequest> parsed)
    {
        var options = services.Options;
        var log = services.Log;
        var body = await HookBody.ReadAsync(http.Request, options.MaxBodyBytes, http.RequestAborted);
        if (body.Problem is { } problem)
            return Fail(problem.Status, problem.Message);

        TRequest request;
        try
        {
            request = Parse(body.Json.Span);
        }
        catch (JsonException e)
        {
            return Fail(StatusCodes.Status400BadRequest, HookBody.Describe(e));
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // A shape the types cannot hold at all: still the caller's input, never a 5xx.
            log.UnparsableBody(e, Name);
            return Fail(StatusCodes.Status400BadRequest, $"malformed {Name} body: a value has a shape this hook does not accept");
        }
        finally
        {
            body.Dispose();
        }

        parsed(request);
        if (request.Validate() is { } invalid)
            return Fail(StatusCodes.Status400BadRequest, $"invalid {Name} body: {invalid}");

        var handler = http.RequestServices.GetRequiredService<IHookHandler<TRequest, TReply>>();
        var tickets = services.Tickets;
        Events.NotificationTicket? ticket = null;
        var answered = false;
        try
        {
            if (tickets is not null) ticket = await tickets.BeginAsync(this, request, http.RequestAborted);
            Events.NotificationTickets.Use(ticket);
            var reply = await handler.HandleAsync(request, http.RequestAborted);
            foreach (var observer in services.Observers)
                await observer.ObserveAsync(this, request, reply, http.RequestAborted);
            answered = true;
            return new HookAnswer(StatusCodes.Status200OK, reply, Outcome(reply));
        }
        catch (HookUnavailableException e)
        {
            log.HandlerFailed(e.InnerException ?? e, Name);
            return Fail(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            log.HandlerFailed(e, Name);
            return Fail(StatusCodes.Status503ServiceUnavailable, $"{Name} could not be answered now; see the hook receiver's log");
        }
        finally
        {
            // Whether this body was answered 200 is what makes an identical later body a retry or not.
            if (ticket is not null) await tickets!.EndAsync(ticket, answered, CancellationToken.None);
        }
    }

    private string Outcome(TReply reply) => Kind switch
    {
        HookKind.Auth => reply.Code == 0 ? "allow" : "deny",
        HookKind.Policy => reply.Code == 0 ? "answered" : "refused",
        _ => reply.Code == 0 ? "ack" : "refused",
    };

    /// <summary>An auth hook that cannot be answered is a refusal MediaServer shows the client at once
    /// (HTTP 200, code -1; not retried). Any other hook gets a non-200 status, which MediaServer treats
    /// as a failure: it retries, then falls back to its own default. Never a 5xx for bad input.</summary>
    private HookAnswer Fail(int status, string message) =>
        Kind == HookKind.Auth
            ? new HookAnswer(StatusCodes.Status200OK, HookReply.Refuse(message), "deny")
            : new HookAnswer(status, HookReply.Refuse(message), "error");
}

/// <summary>What goes back to MediaServer: the HTTP status, the reply, and the word the log uses.</summary>
internal readonly record struct HookAnswer(int Status, HookReply Reply, string Outcome);
