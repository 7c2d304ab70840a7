using System.Collections;
using System.Runtime.CompilerServices;
using ZlmHooks.Hosting;

namespace ZlmHooks.Tests.Support;

/// <summary>
/// Before any test runs: nothing a developer has lying around configures the apps under test. No
/// local.settings.json is read (LocalSettings looks upward from the working directory, which is
/// inside the checkout where ./run.sh creates one), and no ZlmHooks setting exported in the shell
/// reaches them; each test passes the settings it means. What ./test.sh sets for the run
/// (the run's Azurite, the published handler and worker, the fuzz size, where the console's screenshots go) stays.
/// </summary>
internal static class Hermetic
{
    private static readonly string[] RunSettings = ["ZLMHOOKS_TEST_STORAGE", "ZLMHOOKS_PUBLISHED_HANDLER", "ZLMHOOKS_PUBLISHED_WORKER", "ZLMHOOKS_FUZZ_ITERATIONS", "ZLMHOOKS_FUZZ_SEED", "ZLMHOOKS_SCREENSHOTS"];

#pragma warning disable CA2255 // a test assembly: isolating the process before the first test is the point
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Isolate()
    {
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if ((name.StartsWith("ZlmHooks__", StringComparison.OrdinalIgnoreCase) || name.StartsWith("ZLMHOOKS_", StringComparison.OrdinalIgnoreCase))
                && !RunSettings.Contains(name, StringComparer.OrdinalIgnoreCase))
                Environment.SetEnvironmentVariable(name, null);
        }
        Environment.SetEnvironmentVariable(LocalSettings.FileVariable, LocalSettings.None);
    }
}
