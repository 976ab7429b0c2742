using System.Globalization;

namespace MiniMarket.Testing;

/// <summary>A Redis of a test's own (to stop it mid-test without disturbing the shared one), on a free loopback port, nothing saved.</summary>
public sealed class RedisProcess() : ManagedProcess("redis")
{
    public int Port { get; } = TestServers.FreePort();
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts it, or starts it again on the same port after <see cref="ManagedProcess.StopAsync"/>.</summary>
    public Task StartAsync() => StartProcessAsync("redis-server",
        ["--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", Folder],
        () => ListensAsync(Port), TimeSpan.FromSeconds(15));
}
