namespace ZlmHooks.Hooks;

/// <summary>What MediaServer does with a hook's answer, which decides how a failure is answered.</summary>
public enum HookKind
{
    /// <summary>Admits or refuses a client: any failure is answered as a refusal (code -1, HTTP 200),
    /// so MediaServer refuses at once and tells the client why; never an accidental allow.</summary>
    Auth,

    /// <summary>Asks for a decision that has a safe default (close an idle stream, a realm).
    /// Failures are answered non-200 so MediaServer falls back to its own default.</summary>
    Policy,

    /// <summary>Tells us something happened. Failures are answered non-200 so MediaServer retries
    /// (<c>hook.retry</c>) rather than believing the event was recorded.</summary>
    Notification,
}
