using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlmHooks.Servers;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>A server's row keeps the newest start's settings: a late retry of an older on_server_started
/// (MediaServer retries; two instances may answer out of order) never undoes them (issue 34: no
/// reordered registration). On Azurite.</summary>
public sealed class ServerStartOrderTests
{
    [Fact]
    public async Task A_late_retry_of_an_older_start_never_undoes_a_newer_starts_settings()
    {
        await using var s = await StorageApp.StartAsync();
        var health = s.App.Services.GetRequiredService<ServerHealth>();
        var newer = DateTimeOffset.UtcNow;
        await health.StartedAsync("order-01", new Dictionary<string, string?> { ["hook.alive_interval"] = "5" }, newer, "10.0.0.2", "ZLMediaKit(git hash:new)");
        await health.StartedAsync("order-01", new Dictionary<string, string?> { ["hook.alive_interval"] = "30" }, newer.AddMinutes(-1), "10.0.0.1", "ZLMediaKit(git hash:old)");

        using var admin = s.App.AdminClient();
        using var json = JsonDocument.Parse(await admin.GetStringAsync("/api/servers"));
        var server = json.RootElement.GetProperty("servers").EnumerateArray().Single(e => e.GetProperty("mediaServerId").GetString() == "order-01");
        Assert.Equal(5, server.GetProperty("aliveInterval").GetDouble());
        Assert.Equal(newer.ToUnixTimeMilliseconds(), server.GetProperty("startedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.DoesNotContain("10.0.0.1", server.GetRawText(), StringComparison.Ordinal);

        // A newer start still replaces them.
        await health.StartedAsync("order-01", new Dictionary<string, string?> { ["hook.alive_interval"] = "20" }, newer.AddMinutes(1), "10.0.0.3");
        using var again = JsonDocument.Parse(await admin.GetStringAsync("/api/servers"));
        Assert.Equal(20, again.RootElement.GetProperty("servers").EnumerateArray().Single(e => e.GetProperty("mediaServerId").GetString() == "order-01").GetProperty("aliveInterval").GetDouble());
    }
}
