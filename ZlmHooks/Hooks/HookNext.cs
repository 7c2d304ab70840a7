namespace ZlmHooks.Hooks;

/// <summary>The rest of a hook call's pipeline: the later filters, then the handler.</summary>
public delegate ValueTask<HookReply> HookNext(HookContext context);
