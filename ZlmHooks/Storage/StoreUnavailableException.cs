namespace ZlmHooks.Storage;

/// <summary>The store could not be read and nothing recent enough was cached.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
