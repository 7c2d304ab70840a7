using System.IO.Compression;
using ZlmHooks.Hooks;

namespace ZlmHooks.Deployment;

/// <summary>
/// The custom-handler zip Azure Functions runs: the repository's host.json with its
/// <c>customHandler</c> section added (<see cref="CustomHandlerHostJson"/>), the Native AOT handler
/// under <see cref="HandlerFolder"/> (where that section points), and one folder per function with
/// its function.json, written from the catalog here and nowhere else (none is in the source tree).
/// </summary>
public static class AppPackage
{
    public const string HandlerFolder = "handler";
    public const string Executable = "ZlmHooks.Handler";

    /// <summary>host.json for the custom handler: the isolated worker's (the repository's) plus how the
    /// Functions host starts the handler and passes HTTP through (proxying, with forwarding for older hosts).</summary>
    public static string CustomHandlerHostJson(string hostJson)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(hostJson)!.AsObject();
        // The isolated worker brings its own extensions; a custom handler's non-HTTP trigger (the
        // outbox timer) is the host's, from the extension bundle.
        root["extensionBundle"] ??= new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "Microsoft.Azure.Functions.ExtensionBundle",
            ["version"] = "[4.*, 5.0.0)",
        };
        root["customHandler"] = new System.Text.Json.Nodes.JsonObject
        {
            ["description"] = new System.Text.Json.Nodes.JsonObject
            {
                ["defaultExecutablePath"] = $"{HandlerFolder}/{Executable}",
                ["workingDirectory"] = "",
                ["arguments"] = new System.Text.Json.Nodes.JsonArray(),
            },
            ["enableProxyingHttpRequest"] = true,
            ["enableForwardingHttpRequest"] = true,
        };
        return root.ToJsonString(HostJsonFormat) + "\n";
    }

    private static readonly System.Text.Json.JsonSerializerOptions HostJsonFormat = new() { WriteIndented = true, IndentSize = 2, TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine() };

    public static void Create(CatalogFiles catalog, string hostJson, string publishDir, string zipPath)
    {
        if (!File.Exists(Path.Combine(publishDir, Executable)))
            throw new FileNotFoundException($"no {Executable} executable in {publishDir}: publish it with infra/publish.sh first");
        if (File.Exists(zipPath)) File.Delete(zipPath);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);

        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        Add(zip, "host.json", System.Text.Encoding.UTF8.GetBytes(CustomHandlerHostJson(File.ReadAllText(hostJson))), executable: false);
        foreach (var (name, json) in catalog.Functions())
            Add(zip, $"{name}/function.json", System.Text.Encoding.UTF8.GetBytes(json), executable: false);
        foreach (var file in Directory.EnumerateFiles(publishDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(publishDir, file).Replace('\\', '/');
            if (relative.EndsWith(".pdb", StringComparison.Ordinal) || relative.EndsWith(".dbg", StringComparison.Ordinal)) continue;
            Add(zip, $"{HandlerFolder}/{relative}", File.ReadAllBytes(file), executable: relative == Executable);
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] content, bool executable)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        // Unix mode in the high 16 bits: the host starts the handler directly, so it must be executable.
        entry.ExternalAttributes = (executable ? 0b111_101_101 : 0b110_100_100) << 16 | (0x8000 << 16);
        using var stream = entry.Open();
        stream.Write(content);
    }
}
