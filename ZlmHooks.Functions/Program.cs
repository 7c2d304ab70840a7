using ZlmHooks;
using ZlmHooks.Hooks;

// One binary: the hook receiver by default, the operator's admin commands when named.
if (args.Length > 0 && AdminCommands.Handles(args[0]))
    return await AdminCommands.RunAsync(args);

var app = HookHost.Build(args);
await app.RunAsync();
return 0;
