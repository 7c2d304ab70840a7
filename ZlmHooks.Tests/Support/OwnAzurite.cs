using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ZlmHooks.Tests.Support;

/// <summary>
/// The Azurite of a test run started without ./test.sh (plain <c>dotnet test</c>, an IDE): started
/// here, in memory, on free ports, from the checkout's node_modules, and stopped when the run ends.
/// Never a running one found on Azurite's default ports: that is likely a developer's ./run.sh, with
/// data the tests must neither read nor write.
/// </summary>
internal static class OwnAzurite
{
    private static Process? s_process;

    public static string Start(string devKey)
    {
        var azurite = Path.Combine(Repo.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
            throw new InvalidOperationException($"The tests need Azurite: run ./test.sh (it installs and starts one), or `npm ci` at {Repo.Root} first.");
        int[] ports = FreePorts.Take(3);
        var start = new ProcessStartInfo(azurite)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repo.Root,
        };
        foreach (var a in new[] { "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--inMemoryPersistence",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", $"{ports[0]}", "--queuePort", $"{ports[1]}", "--tablePort", $"{ports[2]}" })
            start.ArgumentList.Add(a);
        s_process = Process.Start(start)!;
        s_process.OutputDataReceived += (_, _) => { };
        s_process.ErrorDataReceived += (_, _) => { };
        s_process.BeginOutputReadLine();
        s_process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { s_process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } };
        var deadline = Stopwatch.StartNew();
        while (!Accepts(ports[2]) || !Accepts(ports[0]))
        {
            if (s_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException("Azurite did not start; run ./test.sh for its log.");
            Thread.Sleep(200);
        }
        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={devKey};" +
               $"BlobEndpoint=http://127.0.0.1:{ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{ports[2]}/devstoreaccount1;";
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
