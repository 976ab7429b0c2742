using Microsoft.Extensions.Options;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>
/// At most <see cref="OcrOptions.MaxInFlight"/> pages are read at once and at most <see cref="OcrOptions.MaxQueue"/>
/// wait; one more is refused at once (the API answers 429 with a Retry-After estimated from recent page times) so a
/// burst of uploads queues briefly instead of piling up until everything times out.
/// </summary>
public sealed class OcrGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly OcrOptions _options;
    private int _waiting;
    private int _inFlight;
    private double _recentSeconds = 1.0;

    public OcrGate(IOptions<OcrOptions> options)
    {
        _options = options.Value;
        _slots = new SemaphoreSlim(_options.MaxInFlight, _options.MaxInFlight);
    }

    /// <summary>A slot, to dispose when the page is done; null when the queue is full.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            if (Interlocked.Increment(ref _waiting) > _options.MaxQueue)
            {
                Interlocked.Decrement(ref _waiting);
                MlMetrics.OcrRejected.Inc();
                return null;
            }
            MlMetrics.OcrQueued.Inc();
            try
            {
                await _slots.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
                MlMetrics.OcrQueued.Dec();
            }
        }
        Interlocked.Increment(ref _inFlight);
        MlMetrics.OcrInFlight.Inc();
        return new Lease(this);
    }

    /// <summary>Remembers how long pages take (moving average), for the Retry-After estimate.</summary>
    public void Record(TimeSpan pageTime) => _recentSeconds = 0.8 * _recentSeconds + 0.2 * pageTime.TotalSeconds;

    /// <summary>When a refused client should try again: the queue ahead of it drained at the recent pace, at least a second.</summary>
    public TimeSpan RetryAfter => TimeSpan.FromSeconds(Math.Ceiling(Math.Max(1, (Volatile.Read(ref _waiting) + Volatile.Read(ref _inFlight)) * _recentSeconds / _options.MaxInFlight)));

    public void Dispose() => _slots.Dispose();

    private sealed class Lease(OcrGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            Interlocked.Decrement(ref gate._inFlight);
            MlMetrics.OcrInFlight.Dec();
            gate._slots.Release();
        }
    }
}
