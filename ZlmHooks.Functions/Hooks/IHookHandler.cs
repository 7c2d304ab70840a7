namespace ZlmHooks.Hooks;

/// <summary>Answers one hook. Parsing, validation, keys, logging and failure answers happen before
/// and after it, in <see cref="Hook{TRequest, TReply}"/>; a handler only decides.</summary>
public interface IHookHandler<in TRequest, TReply>
    where TRequest : HookRequest
    where TReply : HookReply
{
    ValueTask<TReply> HandleAsync(TRequest request, CancellationToken cancellationToken);
}
