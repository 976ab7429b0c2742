namespace MiniMarket.Console.Components.Controls;

/// <summary>
/// A page's live refresh (CONVENTIONS: start after the first load, re-render through <c>InvokeAsync</c>, cancel and await
/// on dispose): loads every <paramref name="interval"/> until the page is closed; while <see cref="Paused"/>, the
/// snapshot on screen stays frozen. With the circuit's <paramref name="presence"/>, it stops while the browser is
/// disconnected (a closed tab's circuit lingers on the server) and refreshes at once when it reconnects.
/// </summary>
public sealed class LiveRefresh(TimeSpan interval, Func<CancellationToken, Task> load, Func<Task> render, Services.CircuitPresence? presence = null) : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private Task? _loop;

    public bool Paused { get; set; }

    /// <summary>Cancelled when the page is closed: pass it to the first load too.</summary>
    public CancellationToken Token => _cancellation.Token;

    public void Start() => _loop ??= RunAsync(_cancellation.Token);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (presence is { Connected: false })
                {
                    await presence.WhenConnectedAsync(cancellationToken);
                    // Back: what changed while away is shown at once, not one interval later.
                }
                if (Paused) continue;
                await load(cancellationToken);
                await render();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancellation.CancelAsync();
        if (_loop is not null) await _loop;
        _cancellation.Dispose();
    }
}
