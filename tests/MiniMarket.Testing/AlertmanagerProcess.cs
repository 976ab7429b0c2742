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

    public static async Task<AlertmanagerProcess> StartAsync(string configYaml)
    {
        var alertmanager = new AlertmanagerProcess(TestServers.FreePort());
        var configPath = Path.Combine(alertmanager.Folder, "alertmanager.yml");
        await File.WriteAllTextAsync(configPath, configYaml);
        await alertmanager.StartProcessAsync("prometheus-alertmanager",
        [
            "--config.file=" + configPath, "--storage.path=" + Path.Combine(alertmanager.Folder, "data"),
            "--web.listen-address=" + alertmanager.Url.Authority, "--cluster.listen-address=", "--log.level=warn",
        ], () => AnswersAsync(new Uri(alertmanager.Url, "-/ready")), TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["TZ"] = "America/Argentina/Buenos_Aires" });
        return alertmanager;
    }
}
