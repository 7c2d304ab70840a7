namespace ZlmHooks.Bench;

/// <summary>The ceiling for this stack: the same ASP.NET Core minimal API on Kestrel, same route,
/// answering a constant {"code":0} with no parsing, no key check, no logging.</summary>
internal static class Baseline
{
    private static readonly byte[] Reply = """{"code":0,"msg":"success"}"""u8.ToArray();

    public static async Task RunAsync(string url)
    {
        // Started as the handler starts (HookHost): rooted at its own folder, no configuration file watched.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(url);
        builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/index/hook/{hook}", AnswerAsync);
        await app.RunAsync();
    }

    private static async Task AnswerAsync(HttpContext http)
    {
        // Drain the body as the real handler must, then answer.
        var buffer = new byte[8192];
        while (await http.Request.Body.ReadAsync(buffer) > 0) { }
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = Reply.Length;
        await http.Response.Body.WriteAsync(Reply);
    }
}
