using System.Net;
using System.Net.Sockets;

namespace MiniMarket.Testing;

/// <summary>
/// A loopback TCP proxy in front of a server, to make it unreachable without stopping it, as a network partition does:
/// while cut, no byte passes in either direction on open connections and new connections are accepted but not carried
/// (a client sees its queries and connection attempts hang, not a refusal); when restored, everything held goes on.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private TaskCompletionSource _passing = Completed();

    public TcpProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>From now on nothing passes (until <see cref="Restore"/>).</summary>
    public void Cut()
    {
        lock (_open) if (_passing.Task.IsCompleted) _passing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Everything held passes again; with <paramref name="dropOpenConnections"/> the connections open now are closed instead
    /// (what was held is lost, as when the server behind died with them).
    /// </summary>
    public void Restore(bool dropOpenConnections = false)
    {
        lock (_open)
        {
            if (dropOpenConnections)
            {
                foreach (var connection in _open) connection.Dispose();
            }
            _passing.TrySetResult();
        }
    }

    /// <summary>
    /// Cuts as soon as a request containing <paramref name="marker"/> (e.g. a path) has been passed to the server: its answer
    /// is held. Completes then, or fails after <paramref name="within"/>.
    /// </summary>
    public Task CutAfterRequestAsync(string marker, TimeSpan within)
    {
        var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_open) _cutAfter = (System.Text.Encoding.ASCII.GetBytes(marker), cut);
        return cut.Task.WaitAsync(within);
    }

    private (byte[] Marker, TaskCompletionSource Done)? _cutAfter;

    private Task Passing
    {
        get { lock (_open) return _passing.Task; }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = CarryAsync(client);
        }
    }

    private async Task CarryAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        lock (_open) _open.AddRange([client, upstream]);
        try
        {
            await Passing.WaitAsync(_stop.Token);
            await upstream.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            var down = PumpAsync(client.GetStream(), upstream.GetStream(), towardsServer: true);
            var up = PumpAsync(upstream.GetStream(), client.GetStream(), towardsServer: false);
            await Task.WhenAny(down, up);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The server went away or the proxy stops: the client's connection closes with it.
        }
        finally
        {
            lock (_open) _open.RemoveAll(c => c == client || c == upstream);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool towardsServer)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0) return;
            await Passing.WaitAsync(_stop.Token);
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            if (towardsServer) CutIfMarked(buffer.AsSpan(0, read));
        }
    }

    private void CutIfMarked(ReadOnlySpan<byte> passed)
    {
        lock (_open)
        {
            if (_cutAfter is not { } cut || passed.IndexOf(cut.Marker) < 0) return;
            _cutAfter = null;
            if (_passing.Task.IsCompleted) _passing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cut.Done.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_open)
        {
            foreach (var connection in _open) connection.Dispose();
        }
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }
}
