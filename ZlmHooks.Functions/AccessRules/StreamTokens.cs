using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

/// <summary>
/// Static tokens carried as <c>token=...</c> in the client's URL. The table's RowKey is the token's
/// SHA-256 digest, so a lookup is one point read and the table never holds a usable token.
/// </summary>
public sealed class StreamTokens(Tables tables, CachedReads reads, IOptions<AccessRulesOptions> options, TimeProvider clock)
{
    public const string Table = "tokens";
    private const string Partition = "token";

    public static string DigestOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The token's record if it exists (expired or not: the caller says which).</summary>
    public async ValueTask<StreamToken?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var digest = DigestOf(token);
        var found = await reads.GetAsync(tables[Table], Partition, digest, Map, options.Value.FreshFor, options.Value.Grace, cancellationToken);
        if (found is null) return null;
        // The key lookup found this row by digest; compare again in constant time so no code path
        // depends on how much of a digest matched.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(found.Digest), Encoding.ASCII.GetBytes(digest))) return null;
        return found;
    }

    public bool IsExpired(StreamToken token) => token.ExpiresAt is { } at && at <= clock.GetUtcNow();

    private static StreamToken? Map(TableEntity? e) => e is null ? null : new StreamToken(
        e.RowKey, e.GetString("Label") ?? "", e.GetDateTimeOffset("ExpiresAt"),
        e.GetString("Action") ?? Pattern.Any, e.GetString("Vhost") ?? Pattern.Any, e.GetString("App") ?? Pattern.Any, e.GetString("Stream") ?? Pattern.Any);

    // ----- admin side -----

    /// <summary>Creates a token and returns it: the only time it is ever seen.</summary>
    public async Task<string> CreateAsync(string label, DateTimeOffset? expiresAt, string action, string vhost, string app, string stream,
        string? value = null, CancellationToken cancellationToken = default)
    {
        if (value is { Length: < 4 }) throw new ArgumentException("an imported token must be at least 4 characters", nameof(value));
        var token = value ?? Base64Url(RandomNumberGenerator.GetBytes(32));
        var table = tables[Table];
        await table.UpsertEntityAsync(new TableEntity(Partition, DigestOf(token))
        {
            ["Label"] = label, ["ExpiresAt"] = expiresAt, ["Action"] = action, ["Vhost"] = vhost, ["App"] = app, ["Stream"] = stream,
        }, TableUpdateMode.Replace, cancellationToken);
        reads.Clear();
        return token;
    }

    public async Task<List<StreamToken>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<StreamToken>();
        await foreach (var e in tables[Table].AllRowsAsync(cancellationToken: cancellationToken))
            all.Add(Map(e)!);
        return all;
    }

    /// <summary>Removes every token with this label; returns how many.</summary>
    public async Task<int> RemoveAsync(string label, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var token in (await ListAsync(cancellationToken)).Where(t => t.Label == label))
        {
            await tables[Table].DeleteEntityAsync(Partition, token.Digest, cancellationToken: cancellationToken);
            removed++;
        }
        reads.Clear();
        return removed;
    }

    internal static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
