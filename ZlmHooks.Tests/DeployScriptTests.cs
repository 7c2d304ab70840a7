using System.Diagnostics;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>
/// infra/deploy.sh against a recording stand-in for the az CLI: no Azure subscription is reachable
/// here, so what is checked is the sequence of az calls the script makes and their arguments, what it
/// keeps, and the [hook] section it prints. The stand-in answers as az does for each call it gets.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // a bash script and its file modes
public sealed class DeployScriptTests
{
    private const string App = "zlmhooks-x4y5z6";

    /// <summary>A fake az on PATH: each call appended to calls.log as one line (with whether the
    /// deployment saw its secrets in the environment), canned answers, a group that exists only once
    /// created, and a host that refuses the first key.</summary>
    private const string StandIn = """
        #!/usr/bin/env bash
        dir="$(dirname "$0")"
        echo "$*" >> "$dir/calls.log"
        case "$*" in
          "account show"*) echo "00000000-1111-2222-3333-444444444444" ;;
          "group show"*) [ -f "$dir/group" ] || exit 3 ;;
          "group create"*) touch "$dir/group" ;;
          "ad signed-in-user show"*) echo "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" ;;
          "keyvault list-deleted"*) [ -f "$dir/deleted-vault" ] && echo "kv-zlmhooks-old" ;;
          "deployment group create"* | "deployment group what-if"*)
            echo "env admin=${ZLMHOOKS_ADMIN_KEY:+set} signing=${ZLMHOOKS_SIGNING_KEY:+set} operator=$ZLMHOOKS_OPERATOR_PRINCIPAL_ID/$ZLMHOOKS_OPERATOR_PRINCIPAL_TYPE hosting=$ZLMHOOKS_HOSTING" >> "$dir/calls.log" ;;
          *"properties.outputs.appName.value"*) echo "zlmhooks-x4y5z6" ;;
          *"properties.outputs.baseUrl.value"*) echo "https://zlmhooks-x4y5z6.azurewebsites.net" ;;
          *"properties.outputs.storageAccount.value"*) echo "stzlmhooksx4y5z6" ;;
          "functionapp keys set"*)
            if [ ! -f "$dir/host-up" ]; then touch "$dir/host-up"; echo "BadRequest" >&2; exit 1; fi ;;
        esac
        exit 0
        """;

    private sealed record Run(int ExitCode, string Stdout, string Stderr, List<string> Calls, string StateDir);

    private static async Task<Run> DeployAsync(string standIn, string state, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Repo.Root, "infra", "deploy.sh"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PATH"] = standIn + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["ZLMHOOKS_DEPLOY_STATE"] = state;
        start.Environment["ZLMHOOKS_DEPLOY_RETRY_SECONDS"] = "0";
        foreach (var name in new[] { "ZLMHOOKS_FUNCTION_KEY", "ZLMHOOKS_ADMIN_KEY", "ZLMHOOKS_SIGNING_KEY", "ZLMHOOKS_HOSTING" }) start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var log = Path.Combine(standIn, "calls.log");
        var calls = File.Exists(log) ? File.ReadAllLines(log).ToList() : [];
        File.Delete(log);
        return new Run(process.ExitCode, await stdout, await stderr, calls, state);
    }

    private static string NewStandIn()
    {
        var dir = Directory.CreateTempSubdirectory("zlmhooks-az-").FullName;
        var az = Path.Combine(dir, "az");
        File.WriteAllText(az, StandIn.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    private static int IndexOf(List<string> calls, string prefix)
    {
        var index = calls.FindIndex(c => c.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(index >= 0, $"no 'az {prefix}' call; the calls were:\n{string.Join('\n', calls)}");
        return index;
    }

    [Fact]
    public async Task A_first_deploy_creates_the_group_deploys_uploads_then_sets_the_key_and_prints_the_hook_section()
    {
        var standIn = NewStandIn();
        File.WriteAllText(Path.Combine(standIn, "deleted-vault"), "");
        var state = Directory.CreateTempSubdirectory("zlmhooks-deploy-").FullName;
        var package = Path.Combine(state, "package.zip");
        File.WriteAllText(package, "stand-in package");

        var run = await DeployAsync(standIn, Path.Combine(state, "keys"), "rg-media", "--location", "westeurope", "--package", package);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var calls = run.Calls;

        // The order that works on a new subscription: the group, the vault's name freed, the template,
        // the code, and only then the host key.
        var order = new[]
        {
            IndexOf(calls, "account show"),
            IndexOf(calls, "group show --name rg-media"),
            IndexOf(calls, "group create --name rg-media --location westeurope"),
            IndexOf(calls, "ad signed-in-user show"),
            IndexOf(calls, "keyvault list-deleted --resource-type vault --query [?contains(properties.vaultId, '/resourceGroups/rg-media/')].name"),
            IndexOf(calls, "keyvault recover --name kv-zlmhooks-old"),
            IndexOf(calls, "deployment group create --resource-group rg-media --name zlmhooks --template-file infra/main.bicep --parameters infra/main.bicepparam"),
            IndexOf(calls, $"functionapp deployment source config-zip --resource-group rg-media --name {App} --src {package}"),
            IndexOf(calls, $"functionapp keys set --resource-group rg-media --name {App} --key-type functionKeys --key-name zlmhooks --key-value "),
        };
        Assert.Equal(order.Order(), order);
        // The host refused the first key (no code running yet): tried again, after the upload.
        Assert.Equal(2, calls.Count(c => c.StartsWith("functionapp keys set", StringComparison.Ordinal)));
        // The secrets reached the deployment through the environment, the operator got the data roles,
        // and the template was told the default hosting, the isolated worker.
        Assert.Contains("env admin=set signing=set operator=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/User hosting=isolated", calls);

        // The keys are kept for the next run, readable by the owner only, and none is on any az
        // command line but the function key's own call.
        var saved = File.ReadAllLines(Path.Combine(run.StateDir, "rg-media.env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(run.StateDir, "rg-media.env")));
        var functionKey = saved["ZLMHOOKS_FUNCTION_KEY"];
        Assert.True(functionKey.Length >= 40, functionKey);
        Assert.NotEqual(functionKey, saved["ZLMHOOKS_ADMIN_KEY"]);
        Assert.Equal(32, Convert.FromBase64String(saved["ZLMHOOKS_SIGNING_KEY"]).Length);
        Assert.DoesNotContain(calls, c => c.Contains(saved["ZLMHOOKS_ADMIN_KEY"], StringComparison.Ordinal) || c.Contains(saved["ZLMHOOKS_SIGNING_KEY"], StringComparison.Ordinal));
        Assert.All(calls.Where(c => c.Contains(functionKey, StringComparison.Ordinal)), c => Assert.StartsWith("functionapp keys set", c, StringComparison.Ordinal));

        // What the operator pastes: every hook at the app with the key that was set.
        Assert.StartsWith("[hook]\n", run.Stdout, StringComparison.Ordinal);
        foreach (var hook in TestCatalog.Hooks.All)
            Assert.Contains($"{hook.Name}=https://{App}.azurewebsites.net/index/hook/{hook.Name}?code={functionKey}\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("export ZlmHooks__Storage__Account=stzlmhooksx4y5z6", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(saved["ZLMHOOKS_ADMIN_KEY"], run.Stdout + run.Stderr, StringComparison.Ordinal);

        // A second run keeps the keys (a new signing key would void every signed URL), does not create
        // the group again, and sets the same function key.
        var again = await DeployAsync(standIn, run.StateDir, "rg-media", "--package", package);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.DoesNotContain(again.Calls, c => c.StartsWith("group create", StringComparison.Ordinal));
        Assert.Contains(again.Calls, c => c.EndsWith($"--key-value {functionKey} --output none", StringComparison.Ordinal));
        Assert.Contains($"on_play=https://{App}.azurewebsites.net/index/hook/on_play?code={functionKey}\n", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_if_only_previews_the_template()
    {
        var standIn = NewStandIn();
        File.WriteAllText(Path.Combine(standIn, "group"), "");
        var state = Path.Combine(Directory.CreateTempSubdirectory("zlmhooks-deploy-").FullName, "keys");

        var run = await DeployAsync(standIn, state, "rg-media", "--what-if", "--hosting", "custom", "--admin-principal", "99999999-0000-0000-0000-000000000000", "--admin-principal-type", "Group");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["account show", "group show", "deployment group what-if"], run.Calls.Where(c => !c.StartsWith("env ", StringComparison.Ordinal)).Select(c => string.Join(' ', c.Split(' ').Take(c.StartsWith("deployment", StringComparison.Ordinal) ? 3 : 2))));
        Assert.Contains("env admin=set signing=set operator=99999999-0000-0000-0000-000000000000/Group hosting=custom", run.Calls);
        Assert.False(Directory.Exists(state), "a what-if keeps no keys");

        // A group that does not exist is not created by a what-if, nor deployed into.
        File.Delete(Path.Combine(standIn, "group"));
        var missing = await DeployAsync(standIn, state, "rg-new", "--what-if", "--location", "westeurope");
        Assert.Equal(0, missing.ExitCode);
        Assert.Equal(["account show --query id -o tsv", "group show --name rg-new --output none"], missing.Calls);
        Assert.Contains("would be created in westeurope", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_group_without_a_location_or_a_bad_option_stops_before_any_change()
    {
        var standIn = NewStandIn();
        var state = Path.Combine(Directory.CreateTempSubdirectory("zlmhooks-deploy-").FullName, "keys");
        var run = await DeployAsync(standIn, state, "rg-new");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("give --location <region>", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Calls, c => c.Contains("create", StringComparison.Ordinal));

        var bad = await DeployAsync(standIn, state, "rg-new", "--locaton", "x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("unknown option --locaton", bad.Stderr, StringComparison.Ordinal);
        Assert.Empty(bad.Calls);

        // On a Mac (a uname that says so): the package cannot be built here, said before anything is created.
        var uname = Path.Combine(standIn, "uname");
        File.WriteAllText(uname, "#!/usr/bin/env bash\necho 'Darwin arm64'\n");
        File.SetUnixFileMode(uname, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var mac = await DeployAsync(standIn, state, "rg-new", "--hosting", "custom", "--location", "westeurope");
        Assert.Equal(2, mac.ExitCode);
        Assert.Contains("custom-handler package needs Linux x64 (here: Darwin arm64); run this in WSL or a Linux VM, pass --package <zip> built there, or deploy --hosting isolated", mac.Stderr, StringComparison.Ordinal);
        Assert.Empty(mac.Calls);
        // The isolated worker is ReadyToRun, which cross-compiles: a Mac gets past that check (and
        // stops here only for want of a location).
        var isolated = await DeployAsync(standIn, state, "rg-new");
        Assert.Equal(2, isolated.ExitCode);
        Assert.DoesNotContain("Linux x64", isolated.Stderr, StringComparison.Ordinal);
        Assert.Contains("give --location <region>", isolated.Stderr, StringComparison.Ordinal);

        var hosting = await DeployAsync(standIn, state, "rg-new", "--hosting", "consumption");
        Assert.Equal(2, hosting.ExitCode);
        Assert.Contains("--hosting is isolated or custom, not 'consumption'", hosting.Stderr, StringComparison.Ordinal);
        Assert.Empty(hosting.Calls);
    }

    [Fact]
    public async Task A_custom_handler_deploy_tells_the_template_and_uploads_the_package_given()
    {
        var standIn = NewStandIn();
        File.WriteAllText(Path.Combine(standIn, "group"), "");
        var state = Directory.CreateTempSubdirectory("zlmhooks-deploy-").FullName;
        var package = Path.Combine(state, "custom.zip");
        File.WriteAllText(package, "stand-in package");

        var run = await DeployAsync(standIn, Path.Combine(state, "keys"), "rg-media", "--hosting", "custom", "--package", package);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("env admin=set signing=set operator=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/User hosting=custom", run.Calls);
        Assert.True(IndexOf(run.Calls, "deployment group create") < IndexOf(run.Calls, $"functionapp deployment source config-zip --resource-group rg-media --name {App} --src {package}"));
        Assert.Contains("hosting custom", run.Stderr, StringComparison.Ordinal);
    }
}
