namespace ZlmHooks.Storage;

/// <summary>A table, blob container or queue a feature uses. Nothing on a hook's path creates one:
/// the Bicep does in Azure, <c>init</c> (<see cref="StorageInitializer"/>) does locally.</summary>
/// <param name="Name">Its name from the settings (a table's without the prefix); null when not used.</param>
public sealed record StorageResource(StorageResourceKind Kind, Func<IServiceProvider, string?> Name);
