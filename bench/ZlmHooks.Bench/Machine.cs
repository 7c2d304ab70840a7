using System.Globalization;

namespace ZlmHooks.Bench;

/// <summary>What the report says about the machine and the builds measured.</summary>
internal static class Machine
{
    public static string Cpu() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";

    public static string MemoryGb() =>
        File.Exists("/proc/meminfo") ? (long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024).ToString("0", CultureInfo.InvariantCulture) : "?";

    public static string Flavour(string handler) =>
        handler.EndsWith(".dll", StringComparison.Ordinal) ? "framework-dependent"
        : File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(handler))!, "libcoreclr.so")) ? "self-contained, JIT/ReadyToRun"
        : "Native AOT executable";
}
