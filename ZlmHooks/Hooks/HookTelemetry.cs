using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ZlmHooks.Hooks;

/// <summary>
/// The hook metrics and traces, under the name <see cref="Name"/> (OpenTelemetry exports them:
/// Telemetry/TelemetrySetup.cs). Per call: <c>zlmhooks.hook.calls</c> and the latency histogram
/// <c>zlmhooks.hook.duration</c>, tagged hook, kind and outcome; and one span per call when something
/// listens (none is created otherwise, so an unobserved call pays nothing for it).
/// </summary>
public sealed class HookTelemetry
{
    public const string Name = "ZlmHooks";

    private static readonly ActivitySource Source = new(Name);
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public HookTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _calls = meter.CreateCounter<long>("zlmhooks.hook.calls", description: "Hook calls answered, by hook, kind and outcome.");
        _duration = meter.CreateHistogram<double>("zlmhooks.hook.duration", unit: "ms", description: "Time to answer a hook.");
    }

    internal static Activity? StartCall(Hook hook) => Source.StartActivity(hook.Name, ActivityKind.Server);

    internal void Answered(Hook hook, HookAnswer answer, double elapsedMs, Activity? activity)
    {
        var tags = new TagList { { "hook", hook.Name }, { "kind", KindTag(hook.Kind) }, { "outcome", answer.Outcome } };
        _calls.Add(1, tags);
        _duration.Record(elapsedMs, tags);
        if (activity is null) return;
        activity.SetTag("hook", hook.Name);
        activity.SetTag("kind", KindTag(hook.Kind));
        activity.SetTag("outcome", answer.Outcome);
        activity.SetTag("http.response.status_code", answer.Status);
        if (answer.Status >= 500) activity.SetStatus(ActivityStatusCode.Error);
    }

    private static string KindTag(HookKind kind) => kind switch
    {
        HookKind.Auth => "auth",
        HookKind.Policy => "policy",
        _ => "notification",
    };
}
