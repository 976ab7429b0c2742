namespace MiniMarket.Testing;

/// <summary>
/// A real Alertmanager (Debian's 0.25) started by a test on a free loopback port with the given config text, its data
/// in a temporary folder (no clustering), in Buenos Aires time as compose and run.sh run it (TZ: the Slack templates print
/// local times). Stopped and removed on dispose.
/// </summary>
public sealed class AlertmanagerProcess : ManagedProcess
{
    private AlertmanagerProcess(int port) : base("alertmanager") => Url = new Uri($"http://127.0.0.1:{port}/");

    public Uri Url { get; }

    private string[] _arguments = [];

    /// <summary>The port it gossips on when it is a member of a cluster (0: not clustered).</summary>
    public int ClusterPort { get; private init; }

    public static async Task<AlertmanagerProcess> StartAsync(string configYaml)
    {
        var alertmanager = new AlertmanagerProcess(TestServers.FreePort());
        await alertmanager.StartAsync(configYaml, ["--cluster.listen-address="]);
        return alertmanager;
    }

    /// <summary>
    /// A member of a cluster (gossip on loopback, as compose.central.yaml's pair on its network): it listens on
    /// <paramref name="clusterPort"/> and joins <paramref name="peerPorts"/>. The intervals are shortened so that a test
    /// sees silences and notifications spread in seconds; the peer timeout (how long a member waits for the one before
    /// it to notify) stays Alertmanager's 15 s.
    /// </summary>
    public static async Task<AlertmanagerProcess> StartClusterMemberAsync(string configYaml, int clusterPort, params int[] peerPorts)
    {
        var alertmanager = new AlertmanagerProcess(TestServers.FreePort()) { ClusterPort = clusterPort };
        await alertmanager.StartAsync(configYaml,
        [
            $"--cluster.listen-address=127.0.0.1:{clusterPort}", $"--cluster.advertise-address=127.0.0.1:{clusterPort}",
            .. peerPorts.Select(p => $"--cluster.peer=127.0.0.1:{p}"),
            "--cluster.gossip-interval=200ms", "--cluster.pushpull-interval=2s", "--cluster.settle-timeout=5s",
        ]);
        return alertmanager;
    }

    /// <summary>Starts it again after <see cref="ManagedProcess.StopAsync"/>, with the same config, data and cluster.</summary>
    public Task RestartAsync() => StartWithAsync(_arguments);

    private async Task StartAsync(string configYaml, string[] clusterArguments)
    {
        var configPath = Path.Combine(Folder, "alertmanager.yml");
        await File.WriteAllTextAsync(configPath, configYaml);
        _arguments =
        [
            "--config.file=" + configPath, "--storage.path=" + Path.Combine(Folder, "data"),
            "--web.listen-address=" + Url.Authority, "--log.level=warn", .. clusterArguments,
        ];
        await StartWithAsync(_arguments);
    }

    private Task StartWithAsync(string[] arguments) =>
        StartProcessAsync("prometheus-alertmanager", arguments, () => AnswersAsync(new Uri(Url, "-/ready")), TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["TZ"] = "America/Argentina/Buenos_Aires" });
}
