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
        e.GetString("Action") ?? Pattern.Any, e.GetString("Vhost") ?? Pattern.Any, e.GetString("App") ?? Pattern.Any, e.GetString("Stream") ?? Pattern.Any,
        e.GetInt32("Uses"), e.GetInt32("Used") ?? 0, e.GetBoolean("PerIp") ?? false);

    public enum UseOutcome { Counted, UsedUp, Unavailable }

    /// <summary>
    /// Counts one use of a limited-use token, or says it is used up. The row is read fresh and written
    /// back only if nobody wrote it since (its ETag): of two players racing for the last use, one
    /// write fails with 412, re-reads, and finds the token used up. With <c>PerIp</c> a use is a client
    /// address: the same address again (a player reconnecting) admits without counting. Addresses are
    /// kept as truncated SHA-256 digests, never as text. A store that cannot be read or written is
    /// <see cref="UseOutcome.Unavailable"/>: the caller refuses.
    /// </summary>
    public async Task<UseOutcome> UseAsync(StreamToken token, string? clientIp, CancellationToken cancellationToken)
    {
        var table = tables[Table];
        var address = ClientAddress.TryParse(clientIp, out var parsed) ? DigestOf(parsed.ToString())[..16] : null;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            TableEntity row;
            try
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, token.Digest, cancellationToken: cancellationToken);
                if (!found.HasValue) return UseOutcome.UsedUp; // removed meanwhile
                row = found.Value!;
            }
            catch (Azure.RequestFailedException)
            {
                return UseOutcome.Unavailable;
            }
            var limit = row.GetInt32("Uses") ?? int.MaxValue;
            var used = row.GetInt32("Used") ?? 0;
            var addresses = (row.GetString("Ips") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (row.GetBoolean("PerIp") == true)
            {
                if (address is null) return UseOutcome.UsedUp; // an address it cannot read is not one it counted
                if (addresses.Contains(address, StringComparer.Ordinal)) return UseOutcome.Counted;
                if (used >= limit) return UseOutcome.UsedUp;
                row["Ips"] = string.Join(',', [.. addresses, address]);
            }
            else if (used >= limit)
            {
                return UseOutcome.UsedUp;
            }
            row["Used"] = used + 1;
            try
            {
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return UseOutcome.Counted;
            }
            catch (Azure.RequestFailedException e) when (e.Status == 412)
            {
                // Someone counted a use first: read again.
            }
            catch (Azure.RequestFailedException)
            {
                return UseOutcome.Unavailable;
            }
        }
        return UseOutcome.Unavailable;
    }

    // ----- admin side -----

    /// <summary>Creates a token and returns it: the only time it is ever seen.</summary>
    /// <param name="uses">A limited-use token: how many plays and publishes it admits (with <paramref name="perIp"/>, how many client addresses).</param>
    public async Task<string> CreateAsync(string label, DateTimeOffset? expiresAt, string action, string vhost, string app, string stream,
        string? value = null, int? uses = null, bool perIp = false, CancellationToken cancellationToken = default)
    {
        if (value is { Length: < 4 }) throw new ArgumentException("an imported token must be at least 4 characters", nameof(value));
        if (uses is <= 0) throw new ArgumentException("--uses must be 1 or more", nameof(uses));
        if (perIp && uses is null) throw new ArgumentException("--per-ip limits the client addresses a token admits: give their number with --uses", nameof(perIp));
        var token = value ?? Base64Url(RandomNumberGenerator.GetBytes(32));
        var table = tables[Table];
        await table.UpsertEntityAsync(new TableEntity(Partition, DigestOf(token))
        {
            ["Label"] = label, ["ExpiresAt"] = expiresAt, ["Action"] = action, ["Vhost"] = vhost, ["App"] = app, ["Stream"] = stream,
            ["Uses"] = uses, ["Used"] = 0, ["PerIp"] = perIp,
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
