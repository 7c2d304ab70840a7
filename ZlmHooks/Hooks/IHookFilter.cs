namespace ZlmHooks.Hooks;

/// <summary>
/// A step every hook call goes through, around its handler, in the order the filters were
/// registered (the first registered runs outermost). For work hooks of a kind share: giving a
/// notification its event and publishing it, auditing a decision. A filter that throws
/// <see cref="HookUnavailableException"/> turns the answer into a failure (a 503, or a refusal for an
/// auth hook). A filter says once which hooks it acts on; a hook's pipeline holds only those, so
/// a hook no filter applies to (on_play without auditing) runs its handler directly.
/// </summary>
public interface IHookFilter
{
    bool AppliesTo(Hook hook);

    ValueTask<HookReply> InvokeAsync(HookContext context, HookNext rest);
}
