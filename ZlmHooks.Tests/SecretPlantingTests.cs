using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>
/// Property test (issue 14): secrets planted at random places in every capture, where a secret can
/// be (a key that names one, of any JSON type and at any depth; a URL's userinfo password or secret
/// query parameter, in any field; a client's params), are found nowhere afterwards: not in any table
/// row, blob (content, metadata, tags), queue message (the events), API reply or log line.
/// </summary>
public sealed class SecretPlantingTests
{
    private static readonly string[] SecretKeys =
        ["password", "passwd", "pwd", "secret", "token", "apiKey", "passPhrase", "admin_params", "access_token", "signature", "credential", "privateKey", "api.secret", "srt.passPhrase", "hook.admin_params"];

    private static readonly string[] UrlFields = ["originUrl", "url", "vendor.callback", "cluster.origin_url", "hook.on_play", "proxy"];

    [Fact]
    public async Task Secrets_planted_anywhere_in_every_capture_are_found_nowhere_after()
    {
        var container = "sec" + Guid.NewGuid().ToString("N")[..10];
        var queue = "sec" + Guid.NewGuid().ToString("N")[..10];
        await using var s = await StorageApp.StartAsync(new Dictionary<string, string?>
        {
            ["ZlmHooks:Recordings:Container"] = container,
            ["ZlmHooks:Events:QueueName"] = queue,
        });
        var random = new Random(2026);
        var planted = new List<string>();
        string NewSecret(bool numeric = false)
        {
            var secret = numeric ? (100_000_000_000L + random.NextInt64(800_000_000_000L)).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "Sx" + Convert.ToHexString(BitConverter.GetBytes(random.NextInt64()));
            planted.Add(secret);
            return secret;
        }

        foreach (var capture in Capture.All)
        {
            var body = JsonNode.Parse(capture.Body)!.AsObject();
            for (var i = 0; i < 3; i++)
            {
                // A key that names a secret, at the top or nested, holding any type.
                JsonObject where = random.Next(2) == 0 ? body : (JsonObject)(body["vendor"] ??= new JsonObject());
                where[SecretKeys[random.Next(SecretKeys.Length)] + (random.Next(3) == 0 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))] = random.Next(4) switch
                {
                    0 => JsonValue.Create(long.Parse(NewSecret(numeric: true), System.Globalization.CultureInfo.InvariantCulture)),
                    1 => new JsonObject { ["value"] = NewSecret() },
                    2 => new JsonArray(NewSecret()),
                    _ => NewSecret(),
                };
            }
            // A URL with a password and a secret parameter, in a field of its own or one MediaServer fills.
            var url = $"rtsp://admin:{NewSecret()}@192.0.2.9:554/live?channel=1&token={NewSecret()}&sign={NewSecret()}";
            body[UrlFields[random.Next(UrlFields.Length)]] = url;
            if (body.ContainsKey("originUrl")) body["originUrl"] = url.Replace("token=", "code=", StringComparison.Ordinal);
            // A client's own parameters.
            if (body.ContainsKey("params")) body["params"] = $"token={NewSecret()}&sign={NewSecret()}&expires=1999999999&key={NewSecret()}";

            RawResponse response;
            try
            {
                response = await RawHttp.SendAsync(s.App.Address, RawHttp.Build("POST", $"/index/hook/{capture.Hook}?code={RunningApp.Key}", "application/json", JsonSerializer.SerializeToUtf8Bytes(body)));
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{capture.FileName} was not answered: {body.ToJsonString()}\n" + string.Join('\n', s.App.Logs.Lines.TakeLast(10)));
                throw;
            }
            Assert.True(response.Status < 500, $"{capture.FileName}: HTTP {response.Status} {response.Body}");
        }
        await Task.Delay(500); // events and audit lines are written after the answers

        var found = new StringBuilder();
        var tables = new TableServiceClient(Azurite.Connection);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(s.Prefix) >= 0 && t.Name.CompareTo(s.Prefix + "~") < 0))
            found.AppendLine(await Azurite.TableTextAsync(table.Name));
        var blobs = new BlobContainerClient(Azurite.Connection, container);
        var blobCount = 0;
        await foreach (var item in blobs.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Traits = Azure.Storage.Blobs.Models.BlobTraits.Metadata | Azure.Storage.Blobs.Models.BlobTraits.Tags }))
        {
            blobCount++;
            found.AppendLine(item.Name).AppendLine(string.Join(';', item.Metadata ?? new Dictionary<string, string>()))
                .AppendLine(string.Join(';', item.Tags ?? new Dictionary<string, string>()))
                .AppendLine((await blobs.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToString());
        }
        var messages = new QueueClient(Azurite.Connection, queue);
        var messageCount = 0;
        // Received messages stay hidden for the run, so each call returns the next ones.
        for (var batch = await messages.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5)); batch.Value.Length > 0; batch = await messages.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5)))
        {
            messageCount += batch.Value.Length;
            foreach (var message in batch.Value) found.AppendLine(message.Body.ToString());
        }
        using (var client = s.App.AdminClient())
            foreach (var api in new[] { "/api/streams", "/api/servers", "/api/recordings" })
                found.AppendLine(await client.GetStringAsync(api));
        found.AppendLine(string.Join('\n', s.App.Logs.Lines));

        // The search would find them if they were there: the stores are not empty.
        Assert.True(blobCount > 0 && messageCount > 50, $"{blobCount} blobs, {messageCount} events");
        var text = found.ToString();
        Assert.Contains("192.0.2.9:554/live", text, StringComparison.Ordinal);
        var leaks = planted.Where(secret => text.Contains(secret, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} of {planted.Count} planted secrets were kept somewhere, e.g. {leaks.FirstOrDefault()} in: " +
            Context(text, leaks.FirstOrDefault()));
    }

    private static string Context(string text, string? secret)
    {
        if (secret is null) return "";
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        return text.Substring(Math.Max(0, at - 200), Math.Min(400, text.Length - Math.Max(0, at - 200)));
    }
}
