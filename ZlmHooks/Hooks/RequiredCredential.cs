namespace ZlmHooks.Hooks;

/// <summary>Endpoint metadata naming the credential an endpoint needs (<see cref="RouteCredential"/>).</summary>
public sealed class RequiredCredential
{
    private RequiredCredential(RouteCredential credential) => Credential = credential;

    public RouteCredential Credential { get; }

    private static readonly RequiredCredential[] Instances = [.. Enum.GetValues<RouteCredential>().Select(c => new RequiredCredential(c))];

    public static RequiredCredential Of(RouteCredential credential) => Instances[(int)credential];

    public override string ToString() => Credential.ToString();
}

internal static class RequiredCredentialExtensions
{
    /// <summary>Says which credential opens these endpoints; <see cref="CredentialMiddleware"/> checks it.</summary>
    public static TBuilder RequireCredential<TBuilder>(this TBuilder builder, RouteCredential credential) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RequiredCredential.Of(credential));
}
