namespace MiniMarket.Console.Components.Controls;

/// <summary>
/// A page's live refresh (CONVENTIONS: start after the first load, re-render through <c>InvokeAsync</c>, cancel and await
/// on dispose): loads every <paramref name="interval"/> until the page is closed; while <see cref="Paused"/>, the
/// snapshot on screen stays frozen. With the circuit's <paramref name="presence"/>, it stops while the browser is
/// disconnected (a closed tab's circuit lingers on the server) and refreshes at once when it reconnects.
/// The refreshes fall on the clock's whole multiples of the interval (every 5 s: at :00, :05, …), not on when the page
/// was opened: every open tab of the console refreshes at the same instants, so their identical reads are one request
/// to Prometheus (<see cref="Services.ReadCoalescer"/>) however many tabs are open.
/// </summary>
public sealed class LiveRefresh(TimeSpan interval, Func<CancellationToken, Task> load, Func<Task> render, Services.CircuitPresence? presence = null,
    TimeProvider? time = null) : IAsyncDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly CancellationTokenSource _cancellation = new();
    private Task? _loop;

    public bool Paused { get; set; }

    /// <summary>
    /// The clock tick of the refresh under way (a whole multiple of the interval): the "now" of a view whose query depends
    /// on it, so that every tab refreshing on this tick asks the same query even when its turn comes a moment later.
    /// </summary>
    public DateTimeOffset? Tick { get; private set; }

    /// <summary>Cancelled when the page is closed: pass it to the first load too.</summary>
    public CancellationToken Token => _cancellation.Token;

    public void Start() => _loop ??= RunAsync(_cancellation.Token);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var first = true;
            while (true)
            {
                var now = _time.GetUtcNow();
                var wait = UntilNextTick(now, interval);
                // The page has just loaded: a tick a moment away would load it again at once; the next one is soon enough.
                if (first && wait < interval / 2) wait += interval;
                first = false;
                await Task.Delay(wait, _time, cancellationToken);
                Tick = now + wait;
                if (presence is { Connected: false })
                {
                    await presence.WhenConnectedAsync(cancellationToken);
                    Tick = null; // back between ticks: "now" is now
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

    /// <summary>The wait until the next whole multiple of <paramref name="interval"/> since the Unix epoch (never zero).</summary>
    public static TimeSpan UntilNextTick(DateTimeOffset now, TimeSpan interval)
    {
        var ticks = Math.Max(interval.Ticks, 1);
        var past = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % ticks;
        return TimeSpan.FromTicks(ticks - past);
    }

    public async ValueTask DisposeAsync()
    {
        await _cancellation.CancelAsync();
        if (_loop is not null) await _loop;
        _cancellation.Dispose();
    }
}
