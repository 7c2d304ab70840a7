using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZlmHooks.Deployment;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>infra/: the deployment package, the Bicep's settings and hooks, and the [hook] section.</summary>
public sealed partial class DeploymentTests
{
    private static readonly string Bicep = File.ReadAllText(Path.Combine(Repo.Root, "infra", "main.bicep"));

    /// <summary>Settings the Bicep deliberately does not set, and why.</summary>
    private static readonly Dictionary<string, string> NotSetInAzure = new()
    {
        ["ZlmHooks__FunctionKeys"] = "the Functions host checks the hook key in Azure (infra/deploy.sh sets it after the code) and the handler trusts that check",
        ["ZlmHooks__Storage__Connection"] = "the account allows no shared keys; the app uses ZlmHooks__Storage__Account with its identity",
        ["ZlmHooks__Recordings__PublicBaseUrls__"] = "one per media server, known only to the operator",
        ["ZlmHooks__Recordings__Mounts__"] = "blobfuse mounts are the operator's own",
        ["ZlmHooks__AccessRules__Jwt__SharedKey"] = "HS256 tokens are the operator's choice; a shared key is added as a Key Vault reference by whoever shares it",
        ["ZlmHooks__Events__TopicKey"] = "the topic has local auth disabled; the app publishes with its identity",
        ["ZlmHooks__Events__QueueName"] = "only used when no topic is configured (local development)",
        ["ZlmHooks__Registry__MediaServers__"] = "each media server's API address and secret are the operator's own",
    };

    [GeneratedRegex(@"^\s+(ZlmHooks__[A-Za-z0-9_]+):", RegexOptions.Multiline)]
    private static partial Regex BicepSetting();

    [GeneratedRegex(@"GLIBC_(\d+)\.(\d+)(?:\.\d+)?\0")]
    private static partial Regex GlibcVersion();

    [Fact]
    public void The_bicep_sets_every_setting_the_handler_reads_and_nothing_else()
    {
        var inBicep = BicepSetting().Matches(Bicep).Select(m => m.Groups[1].Value).ToHashSet();
        var read = SettingsTests.SettingNames().ToList();
        foreach (var name in read.Where(n => !NotSetInAzure.ContainsKey(n)))
            Assert.True(name.EndsWith("__", StringComparison.Ordinal) ? inBicep.Any(b => b.StartsWith(name, StringComparison.Ordinal)) : inBicep.Contains(name), $"infra/main.bicep does not set {name}");
        foreach (var name in inBicep)
            Assert.True(read.Any(r => r == name || (r.EndsWith("__", StringComparison.Ordinal) && name.StartsWith(r, StringComparison.Ordinal))), $"infra/main.bicep sets {name}, which the handler does not read");

        Assert.Contains("ZlmHooks__AdminKeys: secrets.outputs.adminKeyReference", Bicep);
        Assert.Contains("ZlmHooks__Storage__EndpointSuffix: environment().suffixes.storage", Bicep);
        Assert.Contains("ZlmHooks__AccessRules__SigningKeys__default: secrets.outputs.signingKeyReference", Bicep);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME:", File.ReadAllText(Path.Combine(Repo.Root, "infra", "modules", "functionapp.bicep")));
    }

    /// <summary>Issue 18's platform review, as what the templates say: no Azure subscription is reachable
    /// here, so bicep lint (.ci/bicep.sh) checks their types and this checks their choices.</summary>
    [Fact]
    public void The_templates_keep_the_deployment_choices()
    {
        var infra = Path.Combine(Repo.Root, "infra");
        var modules = Directory.GetFiles(Path.Combine(infra, "modules"), "*.bicep").ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllText);
        var all = Bicep + string.Concat(modules.Values);
        var parameters = File.ReadAllText(Path.Combine(infra, "main.bicepparam"));

        // Warm where it matters: one always-ready HTTP instance unless the operator says otherwise.
        Assert.Contains("param alwaysReadyInstances int = 1", Bicep, StringComparison.Ordinal);
        Assert.Contains("name: 'http'", modules["functionapp"], StringComparison.Ordinal);
        Assert.Contains("perInstanceConcurrency: httpPerInstanceConcurrency", modules["functionapp"], StringComparison.Ordinal);
        // The function key comes after the code (deploy.sh), never from the template.
        Assert.DoesNotContain("host/functionKeys", all, StringComparison.Ordinal);
        Assert.DoesNotContain("ZlmHooks__FunctionKeys:", all, StringComparison.Ordinal);
        Assert.DoesNotContain("functionKey", parameters, StringComparison.Ordinal);
        // No pins: the group's location, the cloud's storage suffix.
        Assert.DoesNotContain("param location", parameters, StringComparison.Ordinal);
        Assert.DoesNotContain("core.windows.net", all, StringComparison.Ordinal);
        // Logs that cannot run away, and that say what went wrong.
        Assert.Contains("dailyQuotaGb: dailyCapGb", modules["monitoring"], StringComparison.Ordinal);
        Assert.Contains("SamplingPercentage: samplingPercent", modules["monitoring"], StringComparison.Ordinal);
        Assert.Contains("metricName: 'requests/failed'", modules["monitoring"], StringComparison.Ordinal);
        foreach (var module in new[] { "functionapp", "storage", "keyvault", "eventgrid" })
            Assert.Contains("'Microsoft.Insights/diagnosticSettings@", modules[module], StringComparison.Ordinal);
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "host.json")));
        Assert.True(host.RootElement.GetProperty("logging").GetProperty("applicationInsights").GetProperty("samplingSettings").GetProperty("isEnabled").GetBoolean());
        // The operator can manage rules after the deployment.
        Assert.Contains("resource operatorDataRoles", modules["storage"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_bicep_hook_list_is_the_catalog()
    {
        var block = Bicep[Bicep.IndexOf("var hooks = [", StringComparison.Ordinal)..];
        block = block[..block.IndexOf(']', StringComparison.Ordinal)];
        var names = Regex.Matches(block, "'(on_[a-z0-9_]+)'").Select(m => m.Groups[1].Value);
        Assert.Equal(TestCatalog.Hooks.All.Select(h => h.Name).Order(), names.Order());
    }

    /// <summary>infra/package.sh --hosting <paramref name="hosting"/> into a new zip, packaging
    /// <paramref name="published"/> (test.sh's publish) when given, else publishing first.</summary>
    private static async Task<string> PackageAsync(string hosting, string? published)
    {
        var zipPath = Path.Combine(Directory.CreateTempSubdirectory().FullName, "zlmhooks.zip");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(Repo.Root, "infra", "package.sh"), "--hosting", hosting, zipPath, published ?? "" })
            if (argument.Length > 0) start.ArgumentList.Add(argument);
        using var script = Process.Start(start)!;
        var stderr = script.StandardError.ReadToEndAsync();
        await script.StandardOutput.ReadToEndAsync();
        await script.WaitForExitAsync();
        Assert.True(script.ExitCode == 0, await stderr);
        return zipPath;
    }

    [Fact]
    public async Task The_custom_handler_package_is_the_native_handler_with_a_function_json_per_function()
    {
        // test.sh publishes the handler once (Native AOT takes a minute) and names it here; on its own
        // the script publishes.
        var zipPath = await PackageAsync("custom", Environment.GetEnvironmentVariable("ZLMHOOKS_PUBLISHED_HANDLER"));

        using var zip = ZipFile.OpenRead(zipPath);
        var entries = zip.Entries.ToDictionary(e => e.FullName);
        using var host = JsonDocument.Parse(entries["host.json"].Open());
        Assert.Equal(AppPackage.CustomHandlerHostJson(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "host.json"))), new StreamReader(entries["host.json"].Open()).ReadToEnd());
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        Assert.Equal($"{AppPackage.HandlerFolder}/{AppPackage.Executable}", executable);
        Assert.True(entries.ContainsKey(executable), "the executable host.json names is not in the zip");
        Assert.Equal(0b111_101_101, (entries[executable].ExternalAttributes >> 16) & 0b111_111_111);
        // Native AOT: one ELF executable, no managed assemblies, no runtime to load, no symbols.
        using (var elf = entries[executable].Open())
        {
            var magic = new byte[4];
            elf.ReadExactly(magic);
            Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, magic);
        }
        // The glibc floor (issue 18): Debian 11's glibc, 2.31, is the oldest the Functions host images
        // run on. Every GLIBC_x.y string in the binary is a symbol version it may ask the loader for.
        using (var elf = new MemoryStream())
        {
            await entries[executable].Open().CopyToAsync(elf);
            var versions = GlibcVersion().Matches(System.Text.Encoding.Latin1.GetString(elf.ToArray()))
                .Select(m => new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value))).Distinct().ToList();
            Assert.NotEmpty(versions);
            Assert.True(versions.Max() <= new Version(2, 31), $"the handler needs glibc {versions.Max()}; at most 2.31 starts on every Functions image (infra/zig-cc)");
        }
        Assert.DoesNotContain(entries.Keys, k => k.EndsWith(".dll", StringComparison.Ordinal) || k.EndsWith(".dbg", StringComparison.Ordinal));

        var functionFolders = entries.Keys.Where(k => k.EndsWith("/function.json", StringComparison.Ordinal)).Select(k => k.Split('/')[0]).Order().ToArray();
        Assert.Equal(TestCatalog.Files.Functions().Select(f => f.Name).Order(), functionFolders);
        foreach (var (name, json) in TestCatalog.Files.Functions())
            Assert.Equal(json, new StreamReader(entries[$"{name}/function.json"].Open()).ReadToEnd());
        Assert.DoesNotContain(entries.Keys, k => k.Contains("local.settings", StringComparison.Ordinal) || k.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.All(entries.Keys, k => Assert.True(k == "host.json" || k.StartsWith("handler/", StringComparison.Ordinal) || k.EndsWith("/function.json", StringComparison.Ordinal), k));
    }

    /// <summary>The isolated worker's zip (the default hosting, and what azd deploys): the publish output
    /// at the root, the worker declaring its functions in functions.metadata, no function.json (the host
    /// reads one or the other), ReadyToRun. Needs test.sh's publish (ZLMHOOKS_PUBLISHED_WORKER).</summary>
    [PublishedWorkerFact]
    public async Task The_isolated_worker_package_is_the_ready_to_run_worker_declaring_every_catalog_function()
    {
        var zipPath = await PackageAsync("isolated", Environment.GetEnvironmentVariable(PublishedWorkerFactAttribute.Variable));

        using var zip = ZipFile.OpenRead(zipPath);
        var entries = zip.Entries.ToDictionary(e => e.FullName);
        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", "ZlmHooks.Functions.dll" })
            Assert.True(entries.ContainsKey(file), $"no {file} at the zip root");
        Assert.Contains(entries.Keys, k => k.StartsWith(".azurefunctions/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries.Keys, k => Path.GetFileName(k) == "function.json");
        Assert.DoesNotContain(entries.Keys, k => k.EndsWith(".pdb", StringComparison.Ordinal) || k.Contains("local.settings", StringComparison.Ordinal));

        // The repository's host.json as it is: no customHandler, no extension bundle (a bundle leaves a
        // dotnet-isolated host with no functions).
        var hostJson = new StreamReader(entries["host.json"].Open()).ReadToEnd();
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "host.json")), hostJson);
        using (var host = JsonDocument.Parse(hostJson))
        {
            Assert.False(host.RootElement.TryGetProperty("customHandler", out _));
            Assert.False(host.RootElement.TryGetProperty("extensionBundle", out _));
        }

        using (var worker = JsonDocument.Parse(entries["worker.config.json"].Open()))
        {
            var description = worker.RootElement.GetProperty("description");
            Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
            Assert.Equal("ZlmHooks.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
            // What makes isolated the default: the platform may start it before the first call.
            Assert.True(description.GetProperty("canUsePlaceholder").GetBoolean());
        }

        // ReadyToRun: the worker's assembly carries precompiled code (a managed native header).
        using (var dll = new MemoryStream())
        {
            await entries["ZlmHooks.Functions.dll"].Open().CopyToAsync(dll);
            dll.Position = 0;
            using var pe = new System.Reflection.PortableExecutable.PEReader(dll);
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "ZlmHooks.Functions.dll is not ReadyToRun");
        }

        // Every function of the catalog, with the trigger the custom handler's function.json gives it:
        // the hooks at index/hook/<name>, POST, authLevel Function; the admin API, the console, the timer.
        using var metadata = JsonDocument.Parse(entries["functions.metadata"].Open());
        var declared = metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("direction").GetString()!.Equals("in", StringComparison.OrdinalIgnoreCase)).Clone());
        Assert.Equal(TestCatalog.Files.Functions().Select(f => f.Name).Order(StringComparer.Ordinal), declared.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, json) in TestCatalog.Files.Functions())
        {
            using var function = JsonDocument.Parse(json);
            var expected = function.RootElement.GetProperty("bindings")[0];
            var trigger = declared[name];
            Assert.Equal(expected.GetProperty("type").GetString(), trigger.GetProperty("type").GetString(), ignoreCase: true);
            foreach (var property in new[] { "authLevel", "route", "schedule" })
                if (expected.TryGetProperty(property, out var value))
                    Assert.True(trigger.TryGetProperty(property, out var actual) && string.Equals(value.GetString(), actual.GetString(), StringComparison.OrdinalIgnoreCase), $"{name}: {property} is {(trigger.TryGetProperty(property, out var a) ? a.GetString() : "missing")}, the catalog says {value.GetString()}");
            if (expected.TryGetProperty("methods", out var methods))
                Assert.Equal(methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()), trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()));
        }
        foreach (var hook in TestCatalog.Hooks.All)
        {
            Assert.Equal($"index/hook/{hook.Name}", declared[hook.Name].GetProperty("route").GetString());
            Assert.Equal("Function", declared[hook.Name].GetProperty("authLevel").GetString());
            Assert.Equal(["post"], declared[hook.Name].GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        }
    }

    [GeneratedRegex(@"^param (\w+) [\w.]+(?<default> =)?", RegexOptions.Multiline)]
    private static partial Regex BicepParameter();

    [GeneratedRegex(@"^param (\w+) = ", RegexOptions.Multiline)]
    private static partial Regex BicepparamValue();

    [GeneratedRegex(@"readEnvironmentVariable\('(\w+)'\)")]
    private static partial Regex RequiredEnvironmentVariable();

    /// <summary>azd cannot run here: what `azd up` would read is held to the Bicep and the code. azd takes
    /// infra/main.bicep with infra/main.bicepparam (it prefers a .bicepparam to a main.parameters.json),
    /// whose readEnvironmentVariable calls see azd's environment; it deploys the service to the resource
    /// carrying its azd-service-name tag, building the project as its language says.</summary>
    [Fact]
    public void Azd_up_provisions_the_bicep_with_every_parameter_and_deploys_the_isolated_worker()
    {
        var yaml = File.ReadAllLines(Path.Combine(Repo.Root, "azure.yaml")).Where(l => !l.TrimStart().StartsWith('#') && l.Trim().Length > 0).ToList();
        string Value(string key) => yaml.Single(l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal)).Split(':', 2)[1].Trim();

        // The infrastructure: infra/main.bicep, every parameter without a default given by main.bicepparam.
        Assert.Equal(("bicep", "infra", "main"), (Value("provider"), Value("path"), Value("module")));
        var parameters = File.ReadAllText(Path.Combine(Repo.Root, "infra", "main.bicepparam"));
        Assert.Contains("using 'main.bicep'", parameters, StringComparison.Ordinal);
        var given = BicepparamValue().Matches(parameters).Select(m => m.Groups[1].Value).ToHashSet();
        var required = BicepParameter().Matches(Bicep).Where(m => !m.Groups["default"].Success).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("adminKey", required);
        Assert.All(required, p => Assert.True(given.Contains(p), $"infra/main.bicepparam does not give {p}, which has no default: azd up would stop"));
        Assert.False(File.Exists(Path.Combine(Repo.Root, "infra", "main.parameters.json")), "one parameters file: main.bicepparam (deploy.sh's and azd's)");
        // What has to be in the environment (the keys): named in docs/deploy.md's azd instructions, in no file.
        var deploy = File.ReadAllText(Path.Combine(Repo.Root, "docs", "deploy.md"));
        var azd = deploy[deploy.IndexOf("**With azd.**", StringComparison.Ordinal)..];
        azd = azd[..azd.IndexOf("\n## ", StringComparison.Ordinal)];
        Assert.Contains("azd up", azd, StringComparison.Ordinal);
        foreach (var variable in RequiredEnvironmentVariable().Matches(parameters).Select(m => m.Groups[1].Value))
            Assert.Contains(variable, azd, StringComparison.Ordinal);
        Assert.Contains("param adminKey = readEnvironmentVariable('ZLMHOOKS_ADMIN_KEY')", parameters, StringComparison.Ordinal);
        Assert.Contains("param signingKey = readEnvironmentVariable('ZLMHOOKS_SIGNING_KEY')", parameters, StringComparison.Ordinal);
        // azd deploys the worker, so the template's runtime must be the worker's unless told otherwise.
        Assert.Contains("param hosting = readEnvironmentVariable('ZLMHOOKS_HOSTING', 'isolated')", parameters, StringComparison.Ordinal);
        Assert.Contains("param hosting string = 'isolated'", Bicep, StringComparison.Ordinal);

        // The one service: the isolated worker, to the Function App the Bicep tags with its name.
        var service = yaml[yaml.IndexOf("services:") + 1].Trim().TrimEnd(':');
        Assert.Equal("zlmhooks", service);
        Assert.Equal(("function", "dotnet"), (Value("host"), Value("language")));
        Assert.Contains($"'azd-service-name': '{service}'", File.ReadAllText(Path.Combine(Repo.Root, "infra", "modules", "functionapp.bicep")), StringComparison.Ordinal);
        var project = Path.GetFullPath(Path.Combine(Repo.Root, Value("project")));
        Assert.Equal(Path.Combine(Repo.Root, "ZlmHooks.Functions"), project);
        var csproj = File.ReadAllText(Path.Combine(project, "ZlmHooks.Functions.csproj"));
        Assert.Contains("<PackageReference Include=\"Microsoft.Azure.Functions.Worker.Sdk\" />", csproj, StringComparison.Ordinal);
        Assert.Contains("<OutputType>Exe</OutputType>", csproj, StringComparison.Ordinal);
        // azd runs a plain `dotnet publish -c Release`: the project makes that the package
        // infra/publish-worker.sh builds (ReadyToRun, linux-x64, framework-dependent).
        Assert.Contains("<PropertyGroup Condition=\"'$(_IsPublishing)' == 'true' And '$(Configuration)' == 'Release'\">", csproj, StringComparison.Ordinal);
        foreach (var property in new[] { "<RuntimeIdentifier>linux-x64</RuntimeIdentifier>", "<SelfContained>false</SelfContained>", "<PublishReadyToRun>true</PublishReadyToRun>" })
            Assert.Contains(property, csproj, StringComparison.Ordinal);
        Assert.Contains("builder.ConfigureFunctionsWebApplication();", File.ReadAllText(Path.Combine(project, "Program.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hook_section_points_every_hook_at_its_function_with_the_key()
    {
        var ini = await Azurite.AdminAsync(Azurite.NewPrefix(), "hook-config", "--base-url", "https://zlmhooks-abc.azurewebsites.net/", "--key", "k+y/1=", "--alive-interval", "5");
        var lines = ini.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("[hook]", lines[0]);
        var values = lines.Skip(1).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(("1", "10", "5.0"), (values["enable"], values["timeoutSec"], values["alive_interval"]));
        Assert.True(int.Parse(values["retry"]) >= 1);
        foreach (var hook in TestCatalog.Hooks.All)
            Assert.Equal($"https://zlmhooks-abc.azurewebsites.net/index/hook/{hook.Name}?code=k%2By%2F1%3D", values[hook.Name]);
        Assert.Equal(TestCatalog.Hooks.All.Count, values.Keys.Count(k => k.StartsWith("on_", StringComparison.Ordinal)));

        // For a local run: the handler's own URL and key from the settings.
        var local = await Azurite.AdminAsync(Azurite.NewPrefix(), new Dictionary<string, string?> { ["ZlmHooks:Urls"] = "http://127.0.0.1:7071", ["ZlmHooks:FunctionKeys"] = "local-key; next-key" }, "hook-config");
        Assert.Contains("on_play=http://127.0.0.1:7071/index/hook/on_play?code=local-key\n", local + "\n");
    }

    [Fact]
    public async Task Beside_run_sh_s_azurite_the_section_moves_mediaserver_s_rtp_proxy_port_off_the_blob_port()
    {
        // ./run.sh's Azurite listens on 10000-10002; MediaServer's stock [rtp_proxy] port is 10000, and it
        // stops at start when it cannot listen there. Appended to config.ini, the later section wins.
        var output = new StringWriter();
        Assert.Equal(0, await ZlmHooks.Cli.AdminCommands.RunAsync(["hook-config", "--base-url", "http://192.0.2.7:7071", "--key", "k"], output,
            new Dictionary<string, string?> { ["ZlmHooks:Storage:Connection"] = "UseDevelopmentStorage=true" }));
        var ini = output.ToString();
        Assert.StartsWith("[hook]\n", ini, StringComparison.Ordinal);
        Assert.EndsWith("; MediaServer's stock [rtp_proxy] port=10000 is Azurite's blob port on this machine: MediaServer would stop at start\n[rtp_proxy]\nport=10010\n", ini, StringComparison.Ordinal);

        // An Azurite on other ports (./test.sh's) or storage in Azure: nothing to move.
        Assert.Equal([("Azurite's blob port", 41000), ("Azurite's table port", 41002)],
            HookConfig.LocalStoragePorts("AccountName=devstoreaccount1;BlobEndpoint=http://127.0.0.1:41000/devstoreaccount1;TableEndpoint=http://127.0.0.1:41002/devstoreaccount1"));
        Assert.Equal("", HookConfig.PortSections([.. HookConfig.LocalStoragePorts("AccountName=devstoreaccount1;BlobEndpoint=http://127.0.0.1:41000/devstoreaccount1")]));
        Assert.Empty(HookConfig.LocalStoragePorts("DefaultEndpointsProtocol=https;AccountName=zlm;EndpointSuffix=core.windows.net"));
        Assert.Equal("; MediaServer's stock [rtmp] port=1935 is this handler's port on this machine: MediaServer would stop at start\n[rtmp]\nport=1945\n",
            HookConfig.PortSections([("this handler's port", 1935)]));
    }

    [Fact]
    public async Task The_printed_section_works_against_the_running_handler()
    {
        await using var app = await RunningApp.StartAsync();
        var ini = HookConfig.Section(TestCatalog.Hooks, app.Address.ToString(), RunningApp.Key);
        var url = ini.Split('\n').Single(l => l.StartsWith("on_play=", StringComparison.Ordinal))["on_play=".Length..];
        using var client = new HttpClient();
        using var response = await client.PostAsync(url, new StringContent("""{"app":"live","stream":"cam1"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"code\":", await response.Content.ReadAsStringAsync());
    }
}
