// The ceiling for this stack: the same ASP.NET Core minimal API on Kestrel, same route, answering a
// constant {"code":0} with no parsing, no key check, no logging. bench.sh runs it published as the
// handler ships (Native AOT) and, for reference, JIT-compiled as `dotnet run` starts it.
var reply = """{"code":0,"msg":"success"}"""u8.ToArray();
var url = Environment.GetEnvironmentVariable("ZlmHooks__Urls") ?? "http://127.0.0.1:5000";

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
app.MapGet("/", () => "baseline");
app.MapPost("/index/hook/{hook}", async (HttpContext http) =>
{
    // Drain the body as the real handler must, then answer.
    var buffer = new byte[8192];
    while (await http.Request.Body.ReadAsync(buffer) > 0) { }
    http.Response.ContentType = "application/json; charset=utf-8";
    http.Response.ContentLength = reply.Length;
    await http.Response.Body.WriteAsync(reply);
});
await app.RunAsync();
