using System.Security.Cryptography;

namespace ZlmHooks.OperatorConsole;

/// <summary>
/// The console's page, script and style, embedded in the binary (no CDN, no separate web server; works
/// offline and under Native AOT) and served from memory with an ETag. The files hold no data: the
/// page asks for the admin key and reads everything from <c>/api/*</c> with it, so serving them needs
/// no key, and a strict Content-Security-Policy keeps the page to its own script and its own API.
/// </summary>
public sealed class ConsoleFiles
{
    public const string ResourcePrefix = "console/";

    // Media comes from the MediaServers (previews, recordings), anywhere; everything else from here.
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "media-src http: https: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly Dictionary<string, (byte[] Body, string Type, string ETag)> _files = new(StringComparer.Ordinal);

    public ConsoleFiles()
    {
        var assembly = typeof(ConsoleFiles).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var body = copy.ToArray();
            _files[name[ResourcePrefix.Length..]] = (body, TypeOf(name), "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"");
        }
    }

    public IEnumerable<string> Names => _files.Keys;

    private static string TypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    public async Task ServeAsync(HttpContext http, string? file)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        if (!_files.TryGetValue(string.IsNullOrEmpty(file) ? "index.html" : file, out var found))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("not a console file", http.RequestAborted);
            return;
        }
        headers.ETag = found.ETag;
        if (http.Request.Headers.IfNoneMatch == found.ETag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        http.Response.ContentType = found.Type;
        http.Response.ContentLength = found.Body.Length;
        if (HttpMethods.IsHead(http.Request.Method)) return;
        await http.Response.Body.WriteAsync(found.Body, http.RequestAborted);
    }
}
