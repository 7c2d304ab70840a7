using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using ZlmHooks.Tests.Support.FunctionsHost.Rpc;

namespace ZlmHooks.Tests.Support.FunctionsHost;

/// <summary>The host's end of the worker's <c>FunctionRpc.EventStream</c>: one outbound queue written by a
/// single pump, and the replies the host awaits, matched by kind (start, init, metadata), function id (load)
/// or invocation id (invocation).</summary>
internal sealed class WorkerChannel(Action<string> log) : IDisposable
{
    private readonly Channel<StreamingMessage> _outbound =
        Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FunctionLoadResponse>> _loads = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();
    private readonly CancellationTokenSource _closing = new();
    private int _streams;

    public TaskCompletionSource<StartStream> Started { get; } = NewSource<StartStream>();
    public TaskCompletionSource<WorkerInitResponse> InitResponse { get; } = NewSource<WorkerInitResponse>();
    public TaskCompletionSource<FunctionMetadataResponse> MetadataResponse { get; } = NewSource<FunctionMetadataResponse>();

    /// <summary>Completes when the worker's (first) stream has ended, from either side.</summary>
    public TaskCompletionSource StreamEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Send(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    public Task<FunctionLoadResponse> ExpectLoad(string functionId) =>
        _loads.GetOrAdd(functionId, _ => NewSource<FunctionLoadResponse>()).Task;

    public Task<InvocationResponse> ExpectInvocation(string invocationId) =>
        _invocations.GetOrAdd(invocationId, _ => NewSource<InvocationResponse>()).Task;

    public void Forget(string invocationId) => _invocations.TryRemove(invocationId, out _);

    /// <summary>Ends the stream from the host's side (after WorkerTerminate, or on dispose).</summary>
    public void Close()
    {
        _outbound.Writer.TryComplete();
        _closing.Cancel();
    }

    public void Dispose() => _closing.Dispose();

    /// <summary>Serves one EventStream call. The first call carries the host's messages; a further one
    /// (the host advertises MultiStream) is only read.</summary>
    public async Task RunStreamAsync(
        IAsyncStreamReader<StreamingMessage> requests,
        IServerStreamWriter<StreamingMessage> responses,
        CancellationToken callAborted)
    {
        var primary = Interlocked.Increment(ref _streams) == 1;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(callAborted, _closing.Token);
        var pump = primary ? PumpAsync(responses, stop.Token) : Task.CompletedTask;
        try
        {
            while (await requests.MoveNext(stop.Token))
                Dispatch(requests.Current);
            log("[host] the worker closed its gRPC stream");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Grpc.Core.RpcException or InvalidOperationException)
        {
            if (!_closing.IsCancellationRequested)
                log($"[host] gRPC stream ended: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await pump;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
            {
                // the pump stops with the stream
            }
            if (primary)
            {
                StreamEnded.TrySetResult();
                var gone = new IOException("the worker's gRPC stream ended");
                foreach (var pending in _invocations.Values) pending.TrySetException(gone);
                foreach (var pending in _loads.Values) pending.TrySetException(gone);
            }
        }
    }

    private async Task PumpAsync(IServerStreamWriter<StreamingMessage> responses, CancellationToken token)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(token))
            await responses.WriteAsync(message, token);
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                Started.TrySetResult(message.StartStream);
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                InitResponse.TrySetResult(message.WorkerInitResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                MetadataResponse.TrySetResult(message.FunctionMetadataResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                _loads.GetOrAdd(message.FunctionLoadResponse.FunctionId, _ => NewSource<FunctionLoadResponse>())
                    .TrySetResult(message.FunctionLoadResponse);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryRemove(message.InvocationResponse.InvocationId, out var invocation))
                    invocation.TrySetResult(message.InvocationResponse);
                else
                    log($"[host] InvocationResponse for unknown invocation {message.InvocationResponse.InvocationId}");
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                var rpcLog = message.RpcLog;
                var exception = rpcLog.Exception is { } e ? $" | {e.Type} {e.Message}" : "";
                log($"[rpc {rpcLog.Level} {rpcLog.LogCategory} {rpcLog.Category}] {rpcLog.Message}{exception}");
                break;
            default:
                log($"[host] ignored a worker message: {message.ContentCase} (not in this host's protocol subset)");
                break;
        }
    }

    private static TaskCompletionSource<T> NewSource<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The gRPC service the worker connects to (<c>--functions-uri</c>).</summary>
internal sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream,
        ServerCallContext context) =>
        channel.RunStreamAsync(requestStream, responseStream, context.CancellationToken);
}
