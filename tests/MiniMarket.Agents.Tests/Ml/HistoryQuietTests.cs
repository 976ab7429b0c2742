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

        var quiet = await HistoryQuiet.WaitAsync(Readings([Rows(0)], seen.Add), Quiet, TimeSpan.FromMilliseconds(200), TimeProvider.System,
            NullLogger.Instance, CancellationToken.None);

        Assert.False(quiet);
        Assert.True(seen.Count >= 3, $"{seen.Count} readings");
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
