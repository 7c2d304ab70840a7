using System.Text.Json.Serialization.Metadata;

namespace ZlmHooks.Hooks;

/// <summary>Most hooks only tell: they are acknowledged with <c>{"code":0}</c> when nothing else
/// handles them, and each becomes one event type.</summary>
public static class NotificationHook
{
    /// <param name="bodyNamesNotification">See <see cref="Hook.BodyNamesNotification"/>.</param>
    /// <param name="activity">See <see cref="Hook.Activity"/>.</param>
    public static Hook<TRequest, HookReply> Define<TRequest>(string name, JsonTypeInfo<TRequest> request, string summary, string eventType, bool bodyNamesNotification = false,
        HookActivity activity = HookActivity.Every)
        where TRequest : HookRequest =>
        new(name, HookKind.Notification, request, HookJson.Replies.HookReply)
        {
            Summary = summary,
            BodyNamesNotification = bodyNamesNotification,
            Activity = activity,
            Event = _ => eventType,
            Fallback = (_, _) => HookReply.Success,
        };
}
