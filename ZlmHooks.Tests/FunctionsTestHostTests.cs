using System.Text;
using System.Text.Json;
using ZlmHooks.Tests.Support;
using ZlmHooks.Tests.Support.FunctionsHost;

namespace ZlmHooks.Tests;

/// <summary>The isolated worker's own build output (ZlmHooks.Functions, built first through the project
/// reference) under <see cref="FunctionsTestHost"/>, a stand-in for the Functions host: the worker starts,
/// reports every hook as POST index/hook/NAME at authLevel function, and on_play answers through the host's
/// front door, with the function key as the host in Azure requires it.</summary>
public sealed class FunctionsTestHostTests
{
    [Fact]
    public async Task The_worker_starts_under_the_test_host_lists_the_hooks_and_answers_on_play()
    {
        var prefix = Azurite.NewPrefix();
        var settings = Azurite.Settings(prefix);
        settings["ZlmHooks:FunctionKeys"] = RunningApp.Key;
        settings["ZlmHooks:AdminKeys"] = RunningApp.AdminKey;
        await Azurite.InitAsync(prefix, settings);

        await using var host = await FunctionsTestHost.StartAsync(WorkerFunctionsTests.WorkerOutput, settings,
            new FunctionsTestHostOptions { CheckKeys = true, FunctionKey = RunningApp.Key });

        var hooks = host.Functions.Where(f => f.Name.StartsWith("on_", StringComparison.Ordinal)).ToList();
        Assert.Contains(hooks, f => f.Name == "on_play");
        Assert.All(hooks, hook =>
        {
            var trigger = Assert.IsType<FunctionBinding>(hook.Trigger);
            Assert.Equal("httpTrigger", trigger.Type, ignoreCase: true);
            Assert.Equal($"index/hook/{hook.Name}", trigger.Route);
            Assert.Equal("function", trigger.AuthLevel, ignoreCase: true);
            Assert.Equal(["post"], trigger.Methods.Select(m => m.ToLowerInvariant()));
        });

        using var http = new HttpClient { BaseAddress = host.Address };
        var play = JsonSerializer.Serialize(StorageApp.Play("fth1"));
        using var answered = await http.PostAsync($"index/hook/on_play?code={RunningApp.Key}",
            new StringContent(play, Encoding.UTF8, "application/json"));
        var text = await answered.Content.ReadAsStringAsync();
        Assert.True(answered.IsSuccessStatusCode, $"{(int)answered.StatusCode} {text}\n{string.Join('\n', host.Logs)}");
        Assert.Equal(200, (int)answered.StatusCode);
        using (var reply = JsonDocument.Parse(text))
            Assert.True(reply.RootElement.GetProperty("code").TryGetInt32(out _), text);
        var invocation = await host.WaitForInvocationAsync(i => i.FunctionName == "on_play");
        Assert.Equal(InvocationStatus.Success, invocation.Status);
        Assert.Equal(200, invocation.HttpStatusCode);

        // Without the key the host refuses before the worker sees the call, as in Azure.
        using var refused = await http.PostAsync("index/hook/on_play", new StringContent(play, Encoding.UTF8, "application/json"));
        Assert.Equal(401, (int)refused.StatusCode);
    }
}
