using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

/// <summary>Users allowed into MediaServer's debug shell, with salted PBKDF2-SHA256 password hashes.</summary>
public sealed class ShellUsers(Tables tables, CachedReads reads, IOptions<AccessRulesOptions> options, DecisionBudget budget)
{
    public const string Table = "shellusers";
    public const int Iterations = 210_000;
    private const string Partition = "shell";

    private sealed record Stored(byte[] Salt, byte[] Hash, int Iterations);

    public async ValueTask<bool> VerifyAsync(string user, string password, CancellationToken cancellationToken)
    {
        var stored = await budget.RunAsync(token => reads.GetAsync(tables[Table], Partition, KeyEncoding.Encode(user), Map,
            options.Value.FreshFor, options.Value.Grace, token).AsTask(), cancellationToken);
        if (stored is null) return false;
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), stored.Salt, stored.Iterations, HashAlgorithmName.SHA256, stored.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(hash, stored.Hash);
    }

    private static Stored? Map(TableEntity? e) =>
        e?.GetBinary("Salt") is { } salt && e.GetBinary("Hash") is { } hash && e.GetInt32("Iterations") is { } n ? new Stored(salt, hash, n) : null;

    public async Task SetAsync(string user, string password, CancellationToken cancellationToken = default)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var table = tables[Table];
        await table.UpsertEntityAsync(new TableEntity(Partition, KeyEncoding.Encode(user)) { ["Salt"] = salt, ["Hash"] = hash, ["Iterations"] = Iterations },
            TableUpdateMode.Replace, cancellationToken);
        reads.Clear();
    }

    public async Task<bool> RemoveAsync(string user, CancellationToken cancellationToken = default)
    {
        var response = await tables[Table].DeleteEntityAsync(Partition, KeyEncoding.Encode(user), cancellationToken: cancellationToken);
        reads.Clear();
        return response.Status != 404;
    }

    public async Task<List<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<string>();
        await foreach (var e in tables[Table].AllRowsAsync(["RowKey"], cancellationToken))
            all.Add(KeyEncoding.Decode(e.RowKey));
        return all;
    }
}
