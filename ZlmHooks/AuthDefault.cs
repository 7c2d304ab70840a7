namespace ZlmHooks;

/// <summary>What auth hooks answer when nothing else decides (<see cref="ZlmHooksOptions.AuthDefault"/>).</summary>
public enum AuthDefault
{
    Deny,
    Allow,
}
