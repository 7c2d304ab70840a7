using Microsoft.Extensions.Configuration.Memory;

namespace ZlmHooks.Hosting;

/// <summary>
/// Reads the <c>Values</c> of <c>local.settings.json</c> (the file <c>func start</c> uses) when the
/// handler runs on its own, so one file configures both. Real environment variables win.
/// </summary>
public static class LocalSettings
{
    public const string FileVariable = "ZLMHOOKS_SETTINGS_FILE";

    /// <summary><c>ZLMHOOKS_SETTINGS_FILE=none</c>: read no file, not even one found nearby (the tests
    /// and the benchmark, so a developer's local.settings.json never changes their outcome).</summary>
    public const string None = "none";

    public static void AddTo(ConfigurationManager configuration)
    {
        var path = Environment.GetEnvironmentVariable(FileVariable) ?? Find();
        if (path is null or "" or None || !File.Exists(path)) return;
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path),
            new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values)) return;
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values.EnumerateObject())
            data[value.Name.Replace("__", ":", StringComparison.Ordinal)] = value.Value.ValueKind == System.Text.Json.JsonValueKind.String
                ? value.Value.GetString()
                : value.Value.GetRawText();
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = data });
    }

    // `dotnet run --project` starts in the project folder; the file sits at the app root beside host.json.
    private static string? Find()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "local.settings.json");
            if (File.Exists(candidate)) return candidate;
            if (File.Exists(Path.Combine(dir.FullName, "host.json"))) return null;
        }
        return null;
    }
}
