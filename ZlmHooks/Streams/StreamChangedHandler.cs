using Azure;
using ZlmHooks.Hooks;
using ZlmHooks.Storage;

namespace ZlmHooks.Streams;

/// <summary>on_stream_changed: a schema of a stream registered or unregistered; the registry follows.</summary>
public sealed class StreamChangedHandler(StreamRegistry registry) : IHookHandler<StreamChangedRequest, HookReply>
{
    public async ValueTask<HookReply> HandleAsync(StreamChangedRequest request, HookContext context)
    {
        try
        {
            // A retry keeps the time its first attempt arrived, which is what orders it against other changes.
            await registry.ApplyAsync(request, context.ReceivedAt, context.Aborted);
            return HookReply.Success;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException or IOException)
        {
            throw new HookUnavailableException($"the stream registry could not be updated ({StorageFailure.Describe(e)}); retry later", e);
        }
    }
}
