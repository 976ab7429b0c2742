using System.Globalization;
using System.Text;

namespace MiniMarket.Testing;

/// <summary>
/// A real Prometheus (Debian's 2.42) started by a test on a free loopback port, with a generated config that
/// scrapes the given targets every second, its data in a temporary folder. Stopped and removed on dispose.
/// </summary>
public sealed class PrometheusProcess : ManagedProcess
{
    private PrometheusProcess(int port) : base("prometheus") => Url = new Uri($"http://127.0.0.1:{port}/");

    public Uri Url { get; }

    public static Task<PrometheusProcess> StartAsync(IEnumerable<(string Job, Uri Target)> targets)
    {
        var config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
        foreach (var (job, target) in targets)
        {
            config.Append(CultureInfo.InvariantCulture, $"  - job_name: {job}\n    static_configs:\n      - targets: [\"{target.Authority}\"]\n        labels: {{ service: {job} }}\n");
        }
        return StartWithConfigAsync(config.ToString());
    }

    /// <summary>Starts with a whole config file's text (rule files as absolute paths) and extra command-line flags.</summary>
    public static Task<PrometheusProcess> StartWithConfigAsync(string configYaml, params string[] extraArguments) =>
        StartWithConfigAsync(configYaml, new Dictionary<string, string>(), extraArguments);

    /// <summary>The same, with environment variables (what <c>${VAR}</c> in external labels expands to).</summary>
    public static async Task<PrometheusProcess> StartWithConfigAsync(string configYaml, IReadOnlyDictionary<string, string> environment, params string[] extraArguments)
    {
        var prometheus = new PrometheusProcess(TestServers.FreePort());
        var configPath = Path.Combine(prometheus.Folder, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, configYaml);
        await prometheus.StartProcessAsync("prometheus",
        [
            "--config.file=" + configPath, "--storage.tsdb.path=" + Path.Combine(prometheus.Folder, "data"),
            "--web.listen-address=" + prometheus.Url.Authority, "--log.level=warn", .. extraArguments,
        ], () => AnswersAsync(new Uri(prometheus.Url, "-/ready")), TimeSpan.FromSeconds(30), environment);
        return prometheus;
    }

    /// <summary>
    /// Starts a Prometheus through a launcher (a script that writes the config and execs Prometheus, as compose's
    /// entrypoint does) given <paramref name="arguments"/> and <paramref name="environment"/>; the listen address and the
    /// storage path are added by this method (<c>--storage.agent.path</c> in agent mode).
    /// </summary>
    public static async Task<PrometheusProcess> StartThroughAsync(string launcher, IReadOnlyDictionary<string, string> environment, bool agentMode,
        int port, params string[] arguments)
    {
        var prometheus = new PrometheusProcess(port);
        var storage = agentMode
            ? new[] { "--enable-feature=agent", "--storage.agent.path=" + Path.Combine(prometheus.Folder, "data") }
            : ["--storage.tsdb.path=" + Path.Combine(prometheus.Folder, "data")];
        await prometheus.StartProcessAsync("sh", [launcher, .. storage, "--web.listen-address=" + prometheus.Url.Authority, "--log.level=warn", .. arguments],
            () => AnswersAsync(new Uri(prometheus.Url, "-/ready")), TimeSpan.FromSeconds(30), environment);
        return prometheus;
    }
}
