using System.Net;
using System.Net.Sockets;

namespace ZlmHooks.Tests.Support;

/// <summary>
/// A loopback TCP relay in front of Azurite that a test can close, to see what the app does when
/// its storage stops answering. Open: bytes flow both ways. Hanging: connections are accepted and
/// never answered (a slow store). Closed: connections are refused (a dead store).
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    public enum Mode { Open, Hanging, Closed }

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    public TcpGate(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    private volatile Mode _state = Mode.Open;

    public Mode State { get => _state; set => _state = value; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            lock (_clients) _clients.Add(client);
            switch (State)
            {
                case Mode.Closed:
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Dispose();
                    break;
                case Mode.Hanging:
                    break; // keep it open, say nothing
                default:
                    _ = RelayAsync(client);
                    break;
            }
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token);
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
        }
        catch (Exception) { }
        finally { client.Dispose(); }
    }

    /// <summary>Drops every connection made so far, so pooled connections cannot bypass a new mode.</summary>
    public void DropAll()
    {
        lock (_clients)
        {
            foreach (var c in _clients)
            {
                try { c.Client?.LingerState = new LingerOption(true, 0); } catch (Exception e) when (e is ObjectDisposedException or SocketException) { }
                c.Dispose();
            }
            _clients.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
