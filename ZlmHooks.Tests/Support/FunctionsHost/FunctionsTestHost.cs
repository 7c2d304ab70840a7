using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZlmHooks.Tests.Support.FunctionsHost.Rpc;

namespace ZlmHooks.Tests.Support.FunctionsHost;

/// <summary>
/// A stand-in for the Azure Functions host (4.x) that drives a built .NET isolated worker over the host's
/// gRPC protocol (Support/FunctionsHost/FunctionRpc.proto), for tests: it starts the worker process the way
/// the host does, runs the start exchange (StartStream, WorkerInitRequest, FunctionsMetadataRequest, one
/// FunctionLoadRequest per function), serves HTTP functions through a front door that routes, checks keys
/// and proxies to the worker's <c>HttpUri</c> beside an InvocationRequest (ASP.NET Core integration), invokes
/// timer functions on demand, and ends with WorkerTerminate.
///
/// What it does NOT do that the real host does:
/// - no scale controller, no placeholder mode / specialization (FunctionEnvironmentReloadRequest), no
///   worker restarts, no WorkerStatusRequest / warmup, no shared-memory transfer, one worker process only
///   (MultiStream is advertised as the host does; a second stream is read but never written to);
/// - no real key management: one configured key stands for every function key, host key and master key,
///   also for authLevel admin/system; no /admin API, no EasyAuth, no CORS; of host.json only
///   extensions.http.routePrefix is read;
/// - no retries (no RetryContext is sent), no function timeout, no InvocationCancel, no concurrency limits,
///   no dynamic concurrency, no singleton/lease for timers: a timer function runs only via InvokeTimerAsync
///   (no schedule, no ScheduleStatus, no past-due detection);
/// - the front door is HTTP/1.1 cleartext on loopback only (no HTTPS, no HTTP/2), with no request size or
///   header limits beyond Kestrel's defaults, and no proxy retry on connection failure;
/// - host indexing (use_default_metadata_indexing, function.json) is refused; raw_bindings are parsed
///   only for name/type/direction/dataType/authLevel/methods/route/schedule; route constraints are
///   ASP.NET Core's, not the host's own route builder; no Application Insights or OpenTelemetry.
/// Protocol facts it follows (from azure-functions-host's GrpcWorkerChannel, GrpcMessageConversionExtensions,
/// ScriptInvocationContextExtensions and DefaultHttpProxyService): among WorkerInitRequest capabilities the
/// host sends only MultiStream; RpcHttpBodyOnly, RawHttpBodyBytes, HttpUri, HandlesWorkerTerminateMessage ...
/// are the worker's, in WorkerInitResponse; the FunctionLoadRequest carries bindings parsed from the worker's
/// raw_bindings (not the raw JSON); with HttpUri the trigger's RpcHttp is empty and the request goes over
/// HTTP with x-ms-invocation-id; route values go in trigger_metadata; the worker's own endpoints use host.json's
/// routePrefix too; an InvocationRequest without TraceContext crashes the worker.
///
/// Usage:
/// <code>
/// await using var host = await FunctionsTestHost.StartAsync(workerBinDir,
///     new Dictionary&lt;string, string?&gt; { ["ZlmHooks:Secret"] = "s" },
///     new FunctionsTestHostOptions { CheckKeys = true, FunctionKey = "k" });
/// using var http = new HttpClient { BaseAddress = host.Address };
/// var response = await http.PostAsync("index/hook/on_play?code=k", content);
/// var timer = await host.InvokeTimerAsync("outbox_drain");   // timer.Status == InvocationStatus.Success
/// </code>
/// </summary>
public sealed class FunctionsTestHost : IAsyncDisposable
{
    /// <summary>The host version sent in WorkerInitRequest (a 4.x host).</summary>
    public const string HostVersion = "4.1044.400.0";

    /// <summary>The timer trigger input, as the host serializes TimerInfo.</summary>
    public const string TimerInfoJson = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}""";

    private static readonly string[] HopByHopHeaders =
    [
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE",
        "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    ];

    private readonly string _directory;
    private readonly FunctionsTestHostOptions _options;
    private readonly ConcurrentQueue<string> _logs = new();
    private readonly ConcurrentQueue<InvocationOutcome> _invocations = new();
    private readonly Lock _invocationLock = new();
    private TaskCompletionSource _invocationAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WorkerChannel _channel;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _http;
    private WebApplication? _grpc;
    private WebApplication? _frontDoor;
    private Process? _process;
    private HttpRouteTable? _routes;
    private Uri? _workerHttpUri;
    private int _disposed;

    private FunctionsTestHost(string directory, FunctionsTestHostOptions options)
    {
        _directory = directory;
        _options = options;
        _channel = new WorkerChannel(Log);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { Timeout = options.InvocationTimeout };
    }

    /// <summary>The front door's base address (HTTP/1.1, loopback).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The gRPC address the worker was given (<c>--functions-uri</c>).</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The worker id given with <c>--functions-worker-id</c> (checked against StartStream).</summary>
    public string WorkerId { get; } = Guid.NewGuid().ToString();

    /// <summary>host.json's <c>extensions.http.routePrefix</c> ("api" when absent), which the front door and the
    /// worker's own endpoint routing both put before every route.</summary>
    public string RoutePrefix { get; private set; } = "api";

    /// <summary>The functions the worker indexed and loaded.</summary>
    public IReadOnlyList<FunctionInfo> Functions { get; private set; } = [];

    /// <summary>The capabilities the worker answered in WorkerInitResponse (e.g. HttpUri, RpcHttpBodyOnly).</summary>
    public IReadOnlyDictionary<string, string> WorkerCapabilities { get; private set; } = new Dictionary<string, string>();

    /// <summary>The worker's stdout/stderr lines, the RpcLog messages it sent, and this host's own notes.</summary>
    public IReadOnlyList<string> Logs => [.. _logs];

    /// <summary>Every invocation so far, in the order they ended. An HTTP invocation is recorded when its
    /// InvocationResponse has come, which may be just after the caller has read the whole answer: use
    /// <see cref="WaitForInvocationAsync"/> to wait for one.</summary>
    public IReadOnlyList<InvocationOutcome> Invocations => [.. _invocations];

    /// <summary>The first recorded invocation that <paramref name="match"/> accepts, waiting for it up to
    /// <paramref name="timeout"/> (default <see cref="FunctionsTestHostOptions.InvocationTimeout"/>).</summary>
    public async Task<InvocationOutcome> WaitForInvocationAsync(Func<InvocationOutcome, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var bound = new CancellationTokenSource(timeout ?? _options.InvocationTimeout);
        while (true)
        {
            Task added;
            lock (_invocationLock) added = _invocationAdded.Task;
            if (_invocations.FirstOrDefault(match) is { } found) return found;
            try
            {
                await added.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching invocation within {timeout ?? _options.InvocationTimeout}; recorded: {string.Join("; ", _invocations)}");
            }
        }
    }

    /// <summary>The worker's exit code once it has exited.</summary>
    public Task<int> WorkerExited => _exited.Task;

    /// <summary>Starts the worker built in <paramref name="workerDirectory"/> (its worker.config.json names how)
    /// under this host and loads its functions; fails, with the worker's output, if any step fails or takes
    /// longer than <see cref="FunctionsTestHostOptions.StartTimeout"/>.</summary>
    /// <param name="settings">App settings, given to the worker as environment variables (':' becomes '__';
    /// a null value removes the variable).</param>
    public static async Task<FunctionsTestHost> StartAsync(
        string workerDirectory,
        IDictionary<string, string?> settings,
        FunctionsTestHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workerDirectory);
        ArgumentNullException.ThrowIfNull(settings);
        var host = new FunctionsTestHost(Path.GetFullPath(workerDirectory), options ?? new FunctionsTestHostOptions());
        try
        {
            await host.StartCoreAsync(settings);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Invokes a timer-triggered function once, as the host does when its schedule fires.</summary>
    public async Task<InvocationOutcome> InvokeTimerAsync(string functionName)
    {
        var function = Functions.FirstOrDefault(f => f.Name.Equals(functionName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"no function '{functionName}' was loaded", nameof(functionName));
        var trigger = function.Trigger is { } t && t.Type.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase)
            ? t
            : throw new ArgumentException($"'{functionName}' has no timerTrigger", nameof(functionName));
        var request = NewInvocationRequest(function);
        request.InputData.Add(new ParameterBinding { Name = trigger.Name, Data = new TypedData { Json = TimerInfoJson } });
        var (status, message) = await InvokeAsync(request, function);
        var outcome = new InvocationOutcome(request.InvocationId, function.Name, status, message, null);
        Record(outcome);
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_process is { } process)
        {
            if (!_exited.Task.IsCompleted && _channel.Started.Task.IsCompletedSuccessfully)
            {
                // The host sends this only to a worker with the HandlesWorkerTerminateMessage capability;
                // harmless to any other.
                _channel.Send(new StreamingMessage
                {
                    WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(_options.ShutdownGracePeriod) },
                });
                await Task.WhenAny(_exited.Task, Task.Delay(_options.ShutdownGracePeriod));
            }
            if (!_exited.Task.IsCompleted)
            {
                Log("[host] the worker did not exit in the grace period: killed");
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // exited meanwhile
                }
                await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5)));
            }
            process.Dispose();
        }
        _channel.Close();
        await StopAsync(_frontDoor);
        await StopAsync(_grpc);
        _channel.Dispose();
        _http.Dispose();
    }

    private async Task StartCoreAsync(IDictionary<string, string?> settings)
    {
        var (executable, workerPath) = ReadWorkerConfig(_directory);
        RoutePrefix = ReadRoutePrefix(_directory);
        (_grpc, GrpcAddress) = await StartGrpcAsync();
        StartWorker(executable, workerPath, settings);

        var start = await WaitForWorkerAsync(_channel.Started.Task, "StartStream (the worker did not connect)");
        if (start.WorkerId != WorkerId)
            throw Fail($"StartStream came from worker id '{start.WorkerId}', not '{WorkerId}'");

        // The real host's WorkerInitRequest: host version, directories, and among capabilities only
        // MultiStream (RpcHttpBodyOnly, RawHttpBodyBytes, HttpUri, ... are the worker's, in its answer).
        var init = new WorkerInitRequest
        {
            HostVersion = HostVersion,
            WorkerDirectory = _directory,
            FunctionAppDirectory = _directory,
        };
        init.Capabilities.Add("MultiStream", "10");
        _channel.Send(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), WorkerInitRequest = init });
        var initResponse = await WaitForWorkerAsync(_channel.InitResponse.Task, "WorkerInitResponse");
        if (initResponse.Result?.Status != StatusResult.Types.Status.Success)
            throw Fail($"WorkerInitResponse failed: {Describe(initResponse.Result)}");
        WorkerCapabilities = new Dictionary<string, string>(initResponse.Capabilities);
        if (initResponse.Capabilities.TryGetValue("HttpUri", out var httpUri) && httpUri.Length > 0)
            _workerHttpUri = new Uri(httpUri);

        _channel.Send(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = _directory },
        });
        var metadata = await WaitForWorkerAsync(_channel.MetadataResponse.Task, "FunctionMetadataResponse");
        if (metadata.Result is { Status: StatusResult.Types.Status.Failure })
            throw Fail($"the worker failed to index its functions: {Describe(metadata.Result)}");
        if (metadata.UseDefaultMetadataIndexing)
            throw Fail("the worker asked for host indexing (function.json), which this test host does not do");

        var functions = new List<FunctionInfo>();
        var loads = new List<(FunctionInfo Function, Task<FunctionLoadResponse> Response)>();
        foreach (var rpcMetadata in metadata.FunctionMetadataResults)
        {
            if (rpcMetadata.Status is { Status: StatusResult.Types.Status.Failure })
                throw Fail($"the worker failed to index '{rpcMetadata.Name}': {Describe(rpcMetadata.Status)}");
            var function = ToFunctionInfo(rpcMetadata);
            functions.Add(function);
            loads.Add((function, _channel.ExpectLoad(function.FunctionId)));
            _channel.Send(new StreamingMessage { FunctionLoadRequest = ToLoadRequest(function, rpcMetadata) });
        }
        foreach (var (function, response) in loads)
        {
            var loaded = await WaitForWorkerAsync(response, $"FunctionLoadResponse for '{function.Name}'");
            if (loaded.Result?.Status != StatusResult.Types.Status.Success)
                throw Fail($"the worker failed to load '{function.Name}': {Describe(loaded.Result)}");
        }
        Functions = functions;
        // The worker announces HttpUri before its Kestrel listens there: a call forwarded in between is
        // refused, and the worker then waits 15 s for a request that never comes (a 500, seen in CI).
        if (_workerHttpUri is not null) await WaitForHttpUriAsync(_workerHttpUri);

        (_frontDoor, Address) = await StartFrontDoorAsync();
        Log($"[host] ready: {functions.Count} functions, front door {Address}, worker HttpUri {_workerHttpUri}");
    }

    private static (string Executable, string? WorkerPath) ReadWorkerConfig(string directory)
    {
        var path = Path.Combine(directory, "worker.config.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"no worker.config.json in {directory}: is it a built isolated worker?", path);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var description = document.RootElement.GetProperty("description");
        var executable = description.TryGetProperty("defaultExecutablePath", out var e) ? e.GetString() : null;
        var workerPath = description.TryGetProperty("defaultWorkerPath", out var w) ? w.GetString() : null;
        executable = string.IsNullOrEmpty(executable) ? "dotnet" : executable.Replace("{WorkerRoot}", directory + "/", StringComparison.Ordinal);
        if (executable == "dotnet")
            executable = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnetHost ? dotnetHost : "dotnet";
        else if (!Path.IsPathRooted(executable) && executable.Contains('/', StringComparison.Ordinal))
            executable = Path.Combine(directory, executable);
        if (!string.IsNullOrEmpty(workerPath))
            workerPath = Path.Combine(directory, workerPath.Replace("{WorkerRoot}", directory + "/", StringComparison.Ordinal));
        return (executable, workerPath);
    }

    private static string ReadRoutePrefix(string directory)
    {
        var path = Path.Combine(directory, "host.json");
        if (!File.Exists(path)) return "api";
        using var document = JsonDocument.Parse(File.ReadAllText(path),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("extensions", out var extensions)
               && extensions.TryGetProperty("http", out var http)
               && http.TryGetProperty("routePrefix", out var prefix)
               && prefix.ValueKind == JsonValueKind.String
            ? prefix.GetString()!
            : "api";
    }

    private async Task<(WebApplication, Uri)> StartGrpcAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(_channel);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync();
        return (app, ServerAddress(app));
    }

    private void StartWorker(string executable, string? workerPath, IDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = _directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (workerPath is not null) start.ArgumentList.Add(workerPath);
        foreach (var argument in new[]
                 {
                     "--functions-uri", GrpcAddress.ToString(),
                     "--functions-worker-id", WorkerId,
                     "--functions-request-id", Guid.NewGuid().ToString(),
                     "--functions-grpc-max-message-length", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
            start.ArgumentList.Add(argument);

        // The test runner's own URL settings would move the worker's Kestrel; the host has none.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" })
            start.Environment.Remove(inherited);
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = _directory;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["AzureWebJobsScriptRoot"] = _directory;
        foreach (var (key, value) in settings)
        {
            var name = key.Replace(":", "__", StringComparison.Ordinal);
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) Log("[worker] " + line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) Log("[worker stderr] " + line.Data); };
        process.Exited += (_, _) => _exited.TrySetResult(SafeExitCode(process));
        _process = process;
        if (!process.Start()) throw Fail($"could not start {executable}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Log($"[host] started worker pid {process.Id}: {executable} {string.Join(' ', start.ArgumentList)}");
    }

    private async Task<(WebApplication, Uri)> StartFrontDoorAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddRouting();
        var app = builder.Build();
        _routes = new HttpRouteTable(Functions, RoutePrefix, app.Services.GetRequiredService<IInlineConstraintResolver>());
        app.Run(ServeAsync);
        await app.StartAsync();
        return (app, ServerAddress(app));
    }

    /// <summary>What the host does for one HTTP request: route, check the key, then proxy the request to the
    /// worker's HttpUri (header x-ms-invocation-id) while sending the InvocationRequest, and answer 500 if the
    /// invocation failed before any response started.</summary>
    private async Task ServeAsync(HttpContext context)
    {
        if (_routes!.Match(context) is not { } match)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var (function, trigger, values) = match;
        if (_options.CheckKeys && !IsAnonymous(trigger.AuthLevel) && !HasKey(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var request = NewInvocationRequest(function);
        // With HttpUri the host keeps the gRPC message minimal: an empty RpcHttp, the real request goes by HTTP.
        request.InputData.Add(new ParameterBinding { Name = trigger.Name, Data = new TypedData { Http = new RpcHttp() } });
        // Route values are the trigger's binding data (the worker binds e.g. `string id` from them);
        // req/headers/query are left out since the worker has RpcHttpTriggerMetadataRemoved.
        foreach (var (key, value) in values)
            if (value?.ToString() is { } text)
                request.TriggerMetadata[key] = new TypedData { String = text };

        Task<ForwardResult> forwarding = _workerHttpUri is null
            ? Task.FromResult(new ForwardResult(false, "the worker announced no HttpUri capability (no ASP.NET Core integration)"))
            : ForwardAsync(context, request.InvocationId);
        var (status, message) = await InvokeAsync(request, function);
        var forwarded = await forwarding;
        if (!forwarded.Ok)
        {
            Log($"[host] proxying {function.Name} ({request.InvocationId}) failed: {forwarded.Error}");
            if (status == InvocationStatus.Success)
            {
                status = InvocationStatus.Failure;
                message = forwarded.Error;
            }
        }
        if (status != InvocationStatus.Success && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        Record(new InvocationOutcome(request.InvocationId, function.Name, status, message, context.Response.StatusCode));
    }

    private bool HasKey(HttpRequest request)
    {
        var key = request.Query["code"].FirstOrDefault() ?? request.Headers["x-functions-key"].FirstOrDefault();
        return key is not null && CryptographicEquals(key, _options.FunctionKey);
    }

    private static bool IsAnonymous(string? authLevel) =>
        string.Equals(authLevel, "anonymous", StringComparison.OrdinalIgnoreCase);

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    private async Task<ForwardResult> ForwardAsync(HttpContext context, string invocationId)
    {
        var incoming = context.Request;
        var target = new Uri(_workerHttpUri!.GetLeftPart(UriPartial.Authority)
                             + incoming.PathBase.ToUriComponent() + incoming.Path.ToUriComponent() + incoming.QueryString.ToUriComponent());
        using var outgoing = new HttpRequestMessage(new HttpMethod(incoming.Method), target);
        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
            outgoing.Content = new StreamContent(incoming.Body);
        foreach (var (name, value) in incoming.Headers)
        {
            if (HopByHopHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)
                || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
                || name.Equals("x-ms-invocation-id", StringComparison.OrdinalIgnoreCase))
                continue;
            if (!outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value))
                outgoing.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
        }
        // What the host's YARP forwarder adds: the correlation header and X-Forwarded-* (set, not appended);
        // the Host header becomes the worker's.
        outgoing.Headers.TryAddWithoutValidation("x-ms-invocation-id", invocationId);
        if (context.Connection.RemoteIpAddress is { } remote)
            outgoing.Headers.TryAddWithoutValidation("X-Forwarded-For", remote.ToString());
        outgoing.Headers.TryAddWithoutValidation("X-Forwarded-Proto", incoming.Scheme);
        outgoing.Headers.TryAddWithoutValidation("X-Forwarded-Host", incoming.Host.ToUriComponent());

        try
        {
            using var response = await _http.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, value) in response.Headers.Concat(response.Content.Headers))
            {
                if (HopByHopHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
                context.Response.Headers[name] = value.ToArray();
            }
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            await body.CopyToAsync(context.Response.Body, context.RequestAborted);
            return new ForwardResult(true, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return new ForwardResult(false, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<(InvocationStatus, string?)> InvokeAsync(InvocationRequest request, FunctionInfo function)
    {
        var response = _channel.ExpectInvocation(request.InvocationId);
        _channel.Send(new StreamingMessage { InvocationRequest = request });
        try
        {
            var result = (await response.WaitAsync(_options.InvocationTimeout)).Result;
            var status = result?.Status switch
            {
                StatusResult.Types.Status.Success => InvocationStatus.Success,
                StatusResult.Types.Status.Cancelled => InvocationStatus.Cancelled,
                _ => InvocationStatus.Failure,
            };
            var message = status == InvocationStatus.Success ? null : result?.Exception?.Message ?? result?.Result;
            if (status != InvocationStatus.Success)
                Log($"[host] {function.Name} ({request.InvocationId}) ended {status}: {Describe(result)}");
            return (status, message);
        }
        catch (TimeoutException)
        {
            _channel.Forget(request.InvocationId);
            Log($"[host] {function.Name} ({request.InvocationId}): no InvocationResponse within {_options.InvocationTimeout}");
            return (InvocationStatus.NoResponse, $"no InvocationResponse within {_options.InvocationTimeout}");
        }
        catch (IOException ex)
        {
            return (InvocationStatus.NoResponse, ex.Message);
        }
    }

    private static InvocationRequest NewInvocationRequest(FunctionInfo function)
    {
        // The worker needs a TraceContext (without one it throws a NullReferenceException).
        var traceParent = $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00";
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = traceParent, TraceState = "" },
        };
        request.TraceContext.Attributes.Add("OperationName", function.Name);
        return request;
    }

    private static FunctionInfo ToFunctionInfo(RpcFunctionMetadata metadata)
    {
        var bindings = metadata.RawBindings.Select(ParseBinding).ToList();
        var functionId = metadata.FunctionId is { Length: > 0 } id ? id : Guid.NewGuid().ToString();
        return new FunctionInfo(functionId, metadata.Name, metadata.EntryPoint, metadata.ScriptFile, bindings);
    }

    private static FunctionBinding ParseBinding(string rawJson)
    {
        using var document = JsonDocument.Parse(rawJson);
        string? Text(string name)
        {
            foreach (var property in document.RootElement.EnumerateObject())
                if (property.NameEquals(name) || property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                    return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            return null;
        }
        var methods = new List<string>();
        foreach (var property in document.RootElement.EnumerateObject())
            if (property.Name.Equals("methods", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Array)
                methods.AddRange(property.Value.EnumerateArray().Select(m => m.GetString()).OfType<string>());
        return new FunctionBinding(
            Text("name") ?? "",
            Text("type") ?? "",
            Text("direction") ?? "in",
            Text("authLevel"),
            methods,
            Text("route"),
            Text("schedule"),
            rawJson);
    }

    /// <summary>The FunctionLoadRequest the host builds from worker-indexed metadata: name, directory,
    /// script file, entry point, and per binding (from raw_bindings) type, direction and dataType. The host
    /// sends no raw_bindings back; this one does not either.</summary>
    private static FunctionLoadRequest ToLoadRequest(FunctionInfo function, RpcFunctionMetadata metadata)
    {
        var load = new FunctionLoadRequest
        {
            FunctionId = function.FunctionId,
            Metadata = new RpcFunctionMetadata
            {
                Name = metadata.Name,
                Directory = metadata.Directory,
                ScriptFile = metadata.ScriptFile,
                EntryPoint = metadata.EntryPoint,
            },
        };
        foreach (var binding in function.Bindings)
        {
            var info = new BindingInfo
            {
                Type = binding.Type,
                Direction = binding.Direction.ToUpperInvariant() switch
                {
                    "OUT" => BindingInfo.Types.Direction.Out,
                    "INOUT" => BindingInfo.Types.Direction.Inout,
                    _ => BindingInfo.Types.Direction.In,
                },
            };
            using (var document = JsonDocument.Parse(binding.RawJson))
                if (document.RootElement.TryGetProperty("dataType", out var dataType) && dataType.ValueKind == JsonValueKind.String)
                    info.DataType = dataType.GetString()!.ToUpperInvariant() switch
                    {
                        "STRING" => BindingInfo.Types.DataType.String,
                        "BINARY" => BindingInfo.Types.DataType.Binary,
                        "STREAM" => BindingInfo.Types.DataType.Stream,
                        _ => BindingInfo.Types.DataType.Undefined,
                    };
            load.Metadata.Bindings[binding.Name] = info;
        }
        foreach (var (key, value) in metadata.Properties)
            load.Metadata.Properties[key] = value;
        return load;
    }

    private async Task<T> WaitForWorkerAsync<T>(Task<T> task, string what)
    {
        Task done;
        try
        {
            done = await Task.WhenAny(task, _exited.Task, _channel.StreamEnded.Task).WaitAsync(_options.StartTimeout);
        }
        catch (TimeoutException)
        {
            throw Fail($"no {what} within {_options.StartTimeout.TotalSeconds:0} s");
        }
        if (done == task) return await task;
        if (_process is { } process)
        {
            // let the redirected output drain so the failure shows the worker's last words
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await process.WaitForExitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                // still running: the stream ended without an exit
            }
        }
        throw Fail(done == _exited.Task
            ? $"the worker exited with code {_exited.Task.Result} before {what}"
            : $"the worker's gRPC stream ended before {what}");
    }

    private async Task WaitForHttpUriAsync(Uri uri)
    {
        var until = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(uri.Host, uri.Port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(20);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw Fail($"the worker's HttpUri {uri} did not accept connections within {_options.StartTimeout}: {e.Message}");
            }
        }
    }

    private InvalidOperationException Fail(string reason) =>
        new($"FunctionsTestHost ({_directory}): {reason}. Worker output and host log:\n{string.Join('\n', Logs)}");

    private void Log(string line) => _logs.Enqueue(line);

    private void Record(InvocationOutcome outcome)
    {
        _invocations.Enqueue(outcome);
        TaskCompletionSource added;
        lock (_invocationLock)
        {
            added = _invocationAdded;
            _invocationAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.TrySetResult();
    }

    private static string Describe(StatusResult? result) =>
        result is null
            ? "(no result)"
            : $"{result.Status} {result.Result} {result.Exception?.Type} {result.Exception?.Message}".Trim();

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private static Uri ServerAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    private static async Task StopAsync(WebApplication? app)
    {
        if (app is null) return;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            // in-flight requests were abandoned
        }
        await app.DisposeAsync();
    }

    private sealed record ForwardResult(bool Ok, string? Error);
}
