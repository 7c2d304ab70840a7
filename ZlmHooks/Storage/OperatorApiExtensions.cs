namespace ZlmHooks.Storage;

public static class OperatorApiExtensions
{
    /// <summary>The operator API; each feature adds its endpoints (<c>.MapRecordingsApi()</c>, ...).</summary>
    public static OperatorApi MapOperatorApi(this IEndpointRouteBuilder routes) => new(routes);
}
