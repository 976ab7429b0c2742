using System.Diagnostics;
using System.Text;

namespace MiniMarket.Testing;

/// <summary>
/// A real Alertmanager (Debian's 0.25) started by a test on a free loopback port with the given config text, its data
/// in a temporary folder (no clustering). Stopped and removed on dispose.
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private AlertmanagerProcess(Process process, string directory, Uri url)
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

    public static async Task<AlertmanagerProcess> StartAsync(string configYaml)
    {
        var directory = Directory.CreateTempSubdirectory("mm-alertmanager-").FullName;
        var configPath = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(configPath, configYaml);
        var port = TestServers.FreePort();
        var start = new ProcessStartInfo("prometheus-alertmanager")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + configPath, "--storage.path=" + Path.Combine(directory, "data"),
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus-alertmanager");
        var alertmanager = new AlertmanagerProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => alertmanager.Append(e.Data);
        process.ErrorDataReceived += (_, e) => alertmanager.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException("alertmanager exited: " + alertmanager.Log);
            try { return (await http.GetAsync(new Uri(alertmanager.Url, "-/ready"))).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, ready => ready, TimeSpan.FromSeconds(30), "Alertmanager to be ready");
        return alertmanager;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }
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
