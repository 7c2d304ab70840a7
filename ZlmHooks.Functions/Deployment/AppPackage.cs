using System.IO.Compression;
using ZlmHooks.Hooks;

namespace ZlmHooks.Deployment;

/// <summary>
/// The zip Azure Functions runs: host.json at the root, the Native AOT handler under
/// <see cref="HandlerFolder"/> (where host.json's defaultExecutablePath points), and one folder
/// per function with its function.json, written from the catalog.
/// </summary>
public static class AppPackage
{
    public const string HandlerFolder = "handler";
    public const string Executable = "ZlmHooks.Functions";

    public static void Create(CatalogFiles catalog, string hostJson, string publishDir, string zipPath)
    {
        if (!File.Exists(Path.Combine(publishDir, Executable)))
            throw new FileNotFoundException($"no {Executable} executable in {publishDir}: publish it with infra/publish.sh first");
        if (File.Exists(zipPath)) File.Delete(zipPath);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);

        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        Add(zip, "host.json", File.ReadAllBytes(hostJson), executable: false);
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
