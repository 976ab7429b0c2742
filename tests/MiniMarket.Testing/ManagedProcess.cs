using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace MiniMarket.Testing;

/// <summary>
/// A server a test starts for itself (Prometheus, Alertmanager, Redis): one process on a loopback port, its output kept
/// for the failure message, a temporary folder for its config and data, started and then waited for until it is ready
/// (bounded), stopped and removed on dispose. It may be stopped and started again (to test a dependency that goes away).
/// </summary>
public abstract class ManagedProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly string _name;
    private Process? _process;

    protected ManagedProcess(string name)
    {
        _name = name;
        Folder = Directory.CreateTempSubdirectory("mm-" + name + "-").FullName;
    }

    /// <summary>The process's own temporary folder (config files, data), removed on dispose.</summary>
    protected string Folder { get; }

    /// <summary>What the process wrote to stdout and stderr.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>
    /// Starts <paramref name="file"/> (with <paramref name="environment"/> added to the test's) and waits until
    /// <paramref name="ready"/> says so (at most <paramref name="within"/>); fails with the process's output if it exits first.
    /// </summary>
    protected async Task StartProcessAsync(string file, IEnumerable<string> arguments, Func<Task<bool>> ready, TimeSpan within,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        _process?.Dispose();
        var process = _process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"{_name} exited with {process.ExitCode}: {Log}");
                return await ready();
            }, isReady => isReady, within, _name + " to be ready");
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>Ready when <paramref name="url"/> answers 2xx (Prometheus' and Alertmanager's <c>/-/ready</c>).</summary>
    protected static async Task<bool> AnswersAsync(Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Ready when something accepts a TCP connection on 127.0.0.1:<paramref name="port"/>.</summary>
    protected static async Task<bool> ListensAsync(int port)
    {
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Stops the process (the code under test then sees it unreachable).</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary folder is left for the OS to clean.
        }
        GC.SuppressFinalize(this);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }
}
