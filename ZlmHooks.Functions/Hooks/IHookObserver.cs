namespace ZlmHooks.Hooks;

/// <summary>Runs after a hook's handler has answered successfully and before the answer is sent:
/// for work every hook of a kind shares (publishing its event). An observer that throws
/// <see cref="HookUnavailableException"/> turns the answer into a 503, so MediaServer retries.</summary>
public interface IHookObserver
{
    ValueTask ObserveAsync(Hook hook, HookRequest request, HookReply reply, CancellationToken cancellationToken);
}
