using System.Net;
using System.Net.Sockets;

namespace ZlmHooks.Tests.Support;

/// <summary>Loopback ports nothing listens on, from the OS, free for TCP and UDP alike (MediaServer's
/// RTP port takes both; Azurite's need only TCP).</summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        var ports = new List<int>();
        try
        {
            while (ports.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (UdpFree(port)) ports.Add(port);
            }
            return [.. ports];
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }

    private static bool UdpFree(int port)
    {
        try
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
