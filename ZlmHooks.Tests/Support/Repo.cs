namespace ZlmHooks.Tests.Support;

/// <summary>Finds the repository root and the shared captures from the test's output folder.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The real MediaServer captures: ZLM_CAPTURES_DIR if set (for a further set kept
    /// elsewhere), else ../shared/zlm-captures beside the checkout. Missing is a failure, not a skip.</summary>
    public static string CapturesDir
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("ZLM_CAPTURES_DIR") is { Length: > 0 } env
                ? env
                : Path.GetFullPath(Path.Combine(Root, "..", "shared", "zlm-captures"));
            if (!Directory.Exists(dir))
                throw new DirectoryNotFoundException($"captures not found at {dir}; set ZLM_CAPTURES_DIR");
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZlmHooks.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("ZlmHooks.sln not found above " + AppContext.BaseDirectory);
    }
}
