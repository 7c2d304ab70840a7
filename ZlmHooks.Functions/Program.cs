using Microsoft.Azure.Functions.Worker.Builder;
using ZlmHooks;
using ZlmHooks.Functions;
using ZlmHooks.Hosting;

// The isolated worker: the Functions host starts it, routes each call to its [Function], and checks
// function keys in Azure. What ZlmHooks does is the same list as the standalone handler's.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSingleton(HostingEnvironment.Worker());
UnresolvedSecrets.Refuse(builder.Configuration);
builder.AddZlmHooks();
builder.Services.AddSingleton<FunctionEndpoints>();
var app = builder.Build();
// Built now, not on the first hook call: a mapping that cannot be built stops the start instead.
app.Services.GetRequiredService<FunctionEndpoints>();
app.Run();
