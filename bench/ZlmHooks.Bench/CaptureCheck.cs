using System.Text.Json;

namespace ZlmHooks.Bench;

/// <summary>
/// Every real MediaServer request in the captures, sent to the published handler (the Native AOT
/// build, which the unit tests do not run): each must get what MediaServer needs, HTTP 200 with an
/// integer <c>code</c>. Trimming mistakes show up here as 500s or missing fields.
/// </summary>
internal static class CaptureCheck
{
    public sealed record Outcome(int Total, List<string> Wrong);

    public static async Task<Outcome> RunAsync(Func<string, Uri> url, string captures)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var wrong = new List<string>();
        var files = Directory.GetFiles(captures, "*.http").Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var hook = name[..name.IndexOf("__", StringComparison.Ordinal)];
            var (status, text) = await Load.SendAsync(client, url(hook), Bodies.BodyOf(file));
            if (status != 200 || !HasIntegerCode(text)) wrong.Add($"{name}: HTTP {status} {text[..Math.Min(text.Length, 120)]}");
        }
        return new Outcome(files.Count, wrong);
    }

    private static bool HasIntegerCode(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
