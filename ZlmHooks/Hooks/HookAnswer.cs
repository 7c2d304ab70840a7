namespace ZlmHooks.Hooks;

/// <summary>What goes back to MediaServer: the HTTP status, the reply, and the word the log uses.</summary>
internal readonly record struct HookAnswer(int Status, HookReply Reply, string Outcome);
