namespace ZlmHooks.Hooks;

/// <summary>
/// A step every hook call goes through, around its handler, in the order the filters were
/// registered (the first registered runs outermost). For work hooks of a kind share: giving a
/// notification its event and publishing it, auditing a decision. A filter that throws
/// <see cref="HookUnavailableException"/> turns the answer into a failure (a 503, or a refusal for an
/// auth hook); a filter decides for itself which hooks it acts on.
/// </summary>
public interface IHookFilter
{
    ValueTask<HookReply> InvokeAsync(HookContext context, HookNext rest);
}
