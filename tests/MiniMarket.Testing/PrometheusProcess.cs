using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MiniMarket.Testing;

/// <summary>
/// A real Prometheus (Debian's 2.42) started by a test on a free loopback port, with a generated config that
/// scrapes the given targets every second, its data in a temporary folder. Stopped and removed on dispose.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private PrometheusProcess(Process process, string directory, Uri url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    public Uri Url { get; }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

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
    public static async Task<PrometheusProcess> StartWithConfigAsync(string configYaml, params string[] extraArguments)
    {
        var directory = Directory.CreateTempSubdirectory("mm-prometheus-").FullName;
        var configPath = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, configYaml);
        var port = TestServers.FreePort();
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + configPath, "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        var prometheus = new PrometheusProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => prometheus.Append(e.Data);
        process.ErrorDataReceived += (_, e) => prometheus.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException("prometheus exited: " + prometheus.Log);
            try { return (await http.GetAsync(new Uri(prometheus.Url, "-/ready"))).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, ready => ready, TimeSpan.FromSeconds(30), "Prometheus to be ready");
        return prometheus;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    /// <summary>Stops the server (the tests then see it unreachable).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary folder is left for the OS to clean.
        }
    }
}
