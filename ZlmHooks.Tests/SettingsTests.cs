using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ZlmHooks.AccessRules;
using ZlmHooks.Storage;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>Changes process environment variables, so it runs alone.</summary>
[CollectionDefinition("process environment", DisableParallelization = true)]
public sealed class ProcessEnvironmentTests;

[Collection("process environment")]
public sealed class SettingsTests
{
    /// <summary>Every setting the options classes bind, as the app-setting name an operator types.</summary>
    public static IEnumerable<string> SettingNames()
    {
        IEnumerable<string> Walk(Type type, string prefix) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .SelectMany(p => p.PropertyType.IsClass && p.PropertyType != typeof(string) && !p.PropertyType.IsGenericType
                ? Walk(p.PropertyType, $"{prefix}__{p.Name}")
                : p.PropertyType.IsGenericType ? [$"{prefix}__{p.Name}__"] : [$"{prefix}__{p.Name}"]);
        return Walk(typeof(ZlmHooksOptions), "ZlmHooks")
            .Concat(Walk(typeof(StorageOptions), "ZlmHooks__Storage"))
            .Concat(Walk(typeof(AccessRulesOptions), "ZlmHooks__AccessRules"))
            .Concat(Walk(typeof(ZlmHooks.AccessRules.JwtOptions), "ZlmHooks__AccessRules__Jwt"))
            .Concat(Walk(typeof(ZlmHooks.Recordings.RecordingsOptions), "ZlmHooks__Recordings"))
            .Concat(Walk(typeof(ZlmHooks.Events.EventsOptions), "ZlmHooks__Events"))
            .Concat(Walk(typeof(ZlmHooks.Hooks.RedactionOptions), "ZlmHooks__Events"))
            .Concat(Walk(typeof(ZlmHooks.Streams.RegistryOptions), "ZlmHooks__Registry"))
            .Concat(Walk(typeof(ZlmHooks.RecentActivity.ActivityOptions), "ZlmHooks__Activity"));
    }

    [Fact]
    public void The_sample_settings_and_the_settings_page_name_every_setting_the_handler_reads()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet();
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "docs", "configuration.md"));
        var names = SettingNames().ToList();
        Assert.Contains("ZlmHooks__AccessRules__NoRule__Play", names);
        foreach (var name in names)
        {
            // A list or dictionary setting (ending "__") is shown with an example key.
            Assert.True(name.EndsWith("__", StringComparison.Ordinal) ? values.Any(v => v.StartsWith(name, StringComparison.Ordinal)) : values.Contains(name),
                $"local.settings.sample.json lacks {name}");
            var documented = name;
            Assert.True(readme.Contains(documented, StringComparison.Ordinal) || readme.Contains(documented.Replace("__NoRule__Play", "__NoRule__Publish", StringComparison.Ordinal), StringComparison.Ordinal)
                || name.Contains("__NoRule__", StringComparison.Ordinal), $"docs/configuration.md does not describe {name}");
        }
    }

    [Fact]
    public async Task A_standalone_run_reads_the_values_of_local_settings_json()
    {
        var dir = Directory.CreateTempSubdirectory();
        var file = Path.Combine(dir.FullName, "local.settings.json");
        await File.WriteAllTextAsync(file, """{ "Values": { "ZlmHooks__FunctionKeys": "from-file", "ZlmHooks__CloseIdleStreams": "true" } }""");
        Environment.SetEnvironmentVariable("ZLMHOOKS_SETTINGS_FILE", file);
        try
        {
            await using var app = await RunningApp.StartAsync(new Dictionary<string, string?> { ["ZlmHooks:FunctionKeys"] = null });
            var idle = await app.ReplayAsync(Capture.Named("on_stream_none_reader__001.http"), key: "from-file");
            Assert.Equal(200, idle.Status);
            Assert.True(idle.Json.GetProperty("close").GetBoolean());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ZLMHOOKS_SETTINGS_FILE", ZlmHooks.Hosting.LocalSettings.None);
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Started from a working directory with many folders (a checkout with node_modules, as
    /// under <c>func start</c>), the handler adds no file watch for them: it roots at its own folder
    /// and reloads no configuration file. Each watch was a directory walk at start-up (~150 ms here).</summary>
    [Fact]
    public async Task Start_up_watches_no_folders_of_the_working_directory()
    {
        var dir = Directory.CreateTempSubdirectory();
        for (var i = 0; i < 200; i++) Directory.CreateDirectory(Path.Combine(dir.FullName, $"pkg{i}", "lib"));
        var before = InotifyWatches();
        var cwd = Environment.CurrentDirectory;
        Environment.CurrentDirectory = dir.FullName;
        try
        {
            await using var app = await RunningApp.StartAsync();
            var environment = app.Services.GetRequiredService<IWebHostEnvironment>();
            Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), Path.TrimEndingDirectorySeparator(environment.ContentRootPath));
            var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();
            Assert.DoesNotContain(configuration.Providers.OfType<FileConfigurationProvider>(), p => p.Source.ReloadOnChange);
            if (before is not null)
                Assert.True(InotifyWatches() - before < 10, $"{InotifyWatches() - before} new inotify watches");
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            dir.Delete(recursive: true);
        }
    }

    /// <summary>This process's inotify watches (Linux: one "inotify wd:" line per watch in fdinfo).</summary>
    private static int? InotifyWatches()
    {
        if (!Directory.Exists("/proc/self/fdinfo")) return null;
        var count = 0;
        foreach (var file in Directory.EnumerateFiles("/proc/self/fdinfo"))
        {
            try { count += File.ReadLines(file).Count(l => l.StartsWith("inotify wd:", StringComparison.Ordinal)); }
            catch (IOException) { } // the descriptor closed meanwhile
        }
        return count;
    }
}
