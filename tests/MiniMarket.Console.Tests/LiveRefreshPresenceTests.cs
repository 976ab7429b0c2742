using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Services;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

/// <summary>A live view whose browser went away (a closed tab's circuit lingers on the server) stops loading, and resumes at once when it is back.</summary>
public class LiveRefreshPresenceTests
{
    [Fact]
    public async Task Disconnected_StopsLoading_Reconnected_LoadsAgainAtOnce()
    {
        var presence = new CircuitPresence();
        var loads = 0;
        await using var live = new LiveRefresh(TimeSpan.FromMilliseconds(20), _ =>
        {
            Interlocked.Increment(ref loads);
            return Task.CompletedTask;
        }, () => Task.CompletedTask, presence);
        live.Start();
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref loads)), n => n >= 3, TimeSpan.FromSeconds(10), "a few loads while connected");

        presence.SetConnected(false);
        await Task.Delay(100); // a tick already past the check may still load once
        var whileAway = Volatile.Read(ref loads);
        await Task.Delay(500); // 25 intervals
        Assert.Equal(whileAway, Volatile.Read(ref loads));

        presence.SetConnected(true);
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref loads)), n => n > whileAway, TimeSpan.FromSeconds(10), "a load after reconnecting");
    }

    [Fact]
    public async Task ClosedWhileDisconnected_EndsWithoutWaitingForTheBrowser()
    {
        var presence = new CircuitPresence();
        presence.SetConnected(false);
        var live = new LiveRefresh(TimeSpan.FromMilliseconds(10), _ => Task.CompletedTask, () => Task.CompletedTask, presence);
        live.Start();
        await Task.Delay(50);
        await live.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("2026-12-06T15:00:07.250Z", 5, 2750)]
    [InlineData("2026-12-06T15:00:05Z", 5, 5000)] // on a tick: the next one, never at once
    [InlineData("2026-12-06T15:00:59.999Z", 30, 1)]
    [InlineData("2026-12-06T15:04:00Z", 600, 360000)]
    public void UntilNextTick_WholeMultiplesOfTheIntervalOnTheClock(string now, int intervalSeconds, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), LiveRefresh.UntilNextTick(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(intervalSeconds)));

    [Fact]
    public async Task TwoViewsOpenedApart_RefreshAtTheSameInstants()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 15, 0, 1, 300, TimeSpan.Zero));
        var loads = new System.Collections.Concurrent.ConcurrentQueue<(int View, DateTimeOffset At)>();
        LiveRefresh View(int n) => new(TimeSpan.FromSeconds(5), _ =>
        {
            loads.Enqueue((n, time.GetUtcNow()));
            return Task.CompletedTask;
        }, () => Task.CompletedTask, time: time);
        await using var first = View(1);
        first.Start();
        time.Advance(TimeSpan.FromSeconds(0.7)); // 15:00:02, the second tab opens
        await using var second = View(2);
        second.Start();
        time.Advance(TimeSpan.FromMilliseconds(2999)); // 15:00:04.999: neither has loaded yet
        await Task.Delay(100);
        Assert.Empty(loads);

        time.Advance(TimeSpan.FromMilliseconds(1)); // 15:00:05, the first tick of both
        await Poll.UntilAsync(() => Task.FromResult(loads.Count), n => n >= 2, TimeSpan.FromSeconds(10), "both views loading on the tick");
        Assert.Equal([1, 2], loads.Select(l => l.View).Order());
        Assert.All(loads, l => Assert.Equal(new DateTimeOffset(2026, 12, 6, 15, 0, 5, TimeSpan.Zero), l.At));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 15, 0, 5, TimeSpan.Zero), first.Tick);
        Assert.Equal(first.Tick, second.Tick);
    }

    [Fact]
    public async Task OpenedJustBeforeATick_SkipsIt_TheFirstRefreshIsTheNextOne()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 15, 0, 29, 900, TimeSpan.Zero));
        var loads = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        await using var view = new LiveRefresh(TimeSpan.FromSeconds(30), _ =>
        {
            loads.Enqueue(time.GetUtcNow());
            return Task.CompletedTask;
        }, () => Task.CompletedTask, time: time);
        view.Start();
        time.Advance(TimeSpan.FromMilliseconds(100)); // 15:00:30, 0.1 s after the page loaded: not again
        await Task.Delay(100);
        Assert.Empty(loads);
        time.Advance(TimeSpan.FromSeconds(30)); // 15:01:00
        await Poll.UntilAsync(() => Task.FromResult(loads.Count), n => n >= 1, TimeSpan.FromSeconds(10), "the first refresh");
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 15, 1, 0, TimeSpan.Zero), Assert.Single(loads));
    }

    [Fact]
    public void Presence_StartsConnected_AndFollowsTheConnection()
    {
        var presence = new CircuitPresence();
        Assert.True(presence.Connected);
        presence.SetConnected(false);
        presence.SetConnected(false);
        Assert.False(presence.Connected);
        Assert.False(presence.WhenConnectedAsync(CancellationToken.None).IsCompleted);
        presence.SetConnected(true);
        Assert.True(presence.Connected);
        Assert.True(presence.WhenConnectedAsync(CancellationToken.None).IsCompleted);
    }
}
