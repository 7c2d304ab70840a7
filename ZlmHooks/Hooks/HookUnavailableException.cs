namespace ZlmHooks.Hooks;

/// <summary>A handler or filter could not do its work now (storage down, say). Its message is safe to
/// show MediaServer and says what failed; the hook is answered 503 so MediaServer retries (or, for an
/// auth hook, refused).</summary>
public sealed class HookUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
