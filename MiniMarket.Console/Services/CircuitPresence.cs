using Microsoft.AspNetCore.Components.Server.Circuits;

namespace MiniMarket.Console.Services;

/// <summary>
/// Whether the browser behind this Blazor circuit is connected. A closed or sleeping tab leaves its circuit on the server
/// for a while (Blazor keeps disconnected circuits so that a reconnect finds them): its live views must not go on
/// querying Prometheus meanwhile. <see cref="Components.Controls.LiveRefresh"/> waits here while disconnected and
/// refreshes at once when the browser comes back.
/// </summary>
public sealed class CircuitPresence
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _connected = Completed();

    public bool Connected
    {
        get
        {
            lock (_gate) return _connected.Task.IsCompleted;
        }
    }

    /// <summary>Completes when the browser is connected (at once if it is).</summary>
    public Task WhenConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _connected.Task.WaitAsync(cancellationToken);
    }

    public void SetConnected(bool connected)
    {
        lock (_gate)
        {
            if (connected) _connected.TrySetResult();
            else if (_connected.Task.IsCompleted) _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}

/// <summary>Keeps <see cref="CircuitPresence"/> in step with the circuit's connection.</summary>
public sealed class CircuitPresenceHandler(CircuitPresence presence) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.SetConnected(false);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.SetConnected(true);
        return Task.CompletedTask;
    }
}
