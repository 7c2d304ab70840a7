namespace ZlmHooks.Hooks;

/// <summary>Answers one hook. Parsing, validation, keys, logging, failure answers and the ordered
/// <see cref="IHookFilter"/> steps happen around it; a handler only decides.</summary>
public interface IHookHandler<in TRequest, TReply>
    where TRequest : HookRequest
    where TReply : HookReply
{
    ValueTask<TReply> HandleAsync(TRequest request, HookContext context);
}
