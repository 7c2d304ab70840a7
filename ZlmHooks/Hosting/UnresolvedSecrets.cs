namespace ZlmHooks.Hosting;

/// <summary>
/// App settings still holding a Key Vault reference. When App Service cannot resolve one (the identity
/// lacks Key Vault Secrets User, the secret or vault is gone, the network blocks it) it leaves the
/// literal <c>@Microsoft.KeyVault(...)</c> text in the setting: the handler would then compare keys
/// against that text (every call 401) or go without its signing key. It refuses to start instead.
/// </summary>
public static class UnresolvedSecrets
{
    public const string Marker = "@Microsoft.KeyVault(";

    /// <summary>The names (as app settings spell them) of every setting whose value is a reference.</summary>
    public static IReadOnlyList<string> In(IConfiguration configuration) =>
        [.. configuration.AsEnumerable()
            .Where(s => s.Value is { } value && value.TrimStart().StartsWith(Marker, StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Key.Replace(":", "__", StringComparison.Ordinal))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)];

    public static void Refuse(IConfiguration configuration)
    {
        if (In(configuration) is not [_, ..] names) return;
        throw new StartupRefusedException(
            $"{string.Join(", ", names)}: still an unresolved Key Vault reference ({Marker}...). App Service could not read the secret: " +
            "check that the app's identity has the Key Vault Secrets User role on the vault, that keyVaultReferenceIdentity names it, " +
            "and that the secret exists (Azure portal: the app's Environment variables show each reference's status).");
    }
}
