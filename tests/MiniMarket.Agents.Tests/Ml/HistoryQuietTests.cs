using Microsoft.Extensions.Logging.Abstractions;
using MiniMarket.Agents.Ml.Training;

namespace MiniMarket.Agents.Tests.Ml;

/// <summary>Issue 14 §5: a scheduled training does not start while the sales history it needs is still being loaded.</summary>
public class HistoryQuietTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(20);

    private static Func<CancellationToken, Task<SalesFingerprint?>> Readings(List<SalesFingerprint?> readings, Action<SalesFingerprint?> seen)
    {
        var next = 0;
        return _ =>
        {
            var reading = readings[Math.Min(next++, readings.Count - 1)];
            seen(reading);
            return Task.FromResult(reading);
        };
    }

    private static SalesFingerprint Rows(int rows) => new(rows, rows * 5L, new DateOnly(2026, 12, 5));

    [Fact]
    public async Task WaitAsync_HistoryGrowing_QuietOnlyAfterTwoEqualReadings()
    {
        var seen = new List<SalesFingerprint?>();
        var read = Readings([Rows(0), Rows(150), Rows(4_520), Rows(9_000), Rows(13_570), Rows(13_570), Rows(99_999)], seen.Add);

        var quiet = await HistoryQuiet.WaitAsync(read, Quiet, TimeSpan.FromMinutes(1), TimeProvider.System, NullLogger.Instance, CancellationToken.None);

        Assert.True(quiet);
        Assert.Equal(6, seen.Count);
        Assert.Equal(Rows(13_570), seen[^1]);
    }

    [Fact]
    public async Task WaitAsync_EmptyHistory_NotQuietUntilTheBoundThenGivesUp()
    {
        var seen = new List<SalesFingerprint?>();

        // 200 ms of waiting in 20 ms steps: the first reading, then one after each of ten waits.
        var quiet = await HistoryQuiet.WaitAsync(Readings([Rows(0)], seen.Add), Quiet, TimeSpan.FromMilliseconds(200), new SteppingTime(),
            NullLogger.Instance, CancellationToken.None);

        Assert.False(quiet);
        Assert.Equal(11, seen.Count);
    }

    /// <summary>A clock that moves only when waited on: each timer fires at once and moves the clock by its due time (no real waiting, so no count that a busy machine can change).</summary>
    private sealed class SteppingTime : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Add(ref _ticks, dueTime.Ticks);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new FiredTimer();
        }

        private sealed class FiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task WaitAsync_DepositoNotAnswering_CountsAsAChange()
    {
        var seen = new List<SalesFingerprint?>();

        var quiet = await HistoryQuiet.WaitAsync(Readings([null, null, Rows(13_570), Rows(13_570)], seen.Add), Quiet, TimeSpan.FromMinutes(1),
            TimeProvider.System, NullLogger.Instance, CancellationToken.None);

        Assert.True(quiet);
        Assert.Equal(4, seen.Count);
    }
}
