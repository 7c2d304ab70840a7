using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

/// <summary>
/// RTSP digest users by realm. Only HA1 = md5(user:realm:password) is stored: it is what MediaServer
/// needs to check a digest login (<c>encrypted: true</c>), and the password cannot be read back.
/// </summary>
public sealed class RtspUsers(Tables tables, CachedReads reads, IOptions<AccessRulesOptions> options, DecisionBudget budget)
{
    public const string Table = "rtspusers";

    public static string Ha1(string user, string realm, string password)
    {
#pragma warning disable CA5351 // MD5 is what RTSP digest (RFC 2069/2617) is defined with; HA1 is its stored form.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{user}:{realm}:{password}")));
#pragma warning restore CA5351
    }

    public Task<string?> Ha1Async(string realm, string user, CancellationToken cancellationToken) =>
        budget.RunAsync(token => reads.GetAsync(tables[Table], KeyEncoding.Encode(realm), KeyEncoding.Encode(user), e => e?.GetString("Ha1"),
            options.Value.FreshFor, options.Value.Grace, token).AsTask(), cancellationToken);

    public async Task SetAsync(string realm, string user, string password, CancellationToken cancellationToken = default)
    {
        var table = tables[Table];
        await table.UpsertEntityAsync(new TableEntity(KeyEncoding.Encode(realm), KeyEncoding.Encode(user)) { ["Ha1"] = Ha1(user, realm, password) },
            TableUpdateMode.Replace, cancellationToken);
        reads.Clear();
    }

    public async Task<bool> RemoveAsync(string realm, string user, CancellationToken cancellationToken = default)
    {
        var response = await tables[Table].DeleteEntityAsync(KeyEncoding.Encode(realm), KeyEncoding.Encode(user), cancellationToken: cancellationToken);
        reads.Clear();
        return response.Status != 404;
    }

    public async Task<List<(string Realm, string User)>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<(string, string)>();
        await foreach (var e in tables[Table].AllRowsAsync(["PartitionKey", "RowKey"], cancellationToken))
            all.Add((KeyEncoding.Decode(e.PartitionKey), KeyEncoding.Decode(e.RowKey)));
        return all;
    }
}
