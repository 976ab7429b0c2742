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
