using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MiniMarket.Console.LogStore;
using MiniMarket.Testing;

namespace MiniMarket.Benchmarks;

/// <summary>
/// The console's embedded log store, as run.sh runs it: the console in its own process (Release), senders posting OTLP/HTTP
/// protobuf batches from this process on the same 2 cores, and a prober asking the console for a page and its readiness
/// meanwhile. Phases: as fast as it takes (lines/s written), a flood at a fixed rate (10,000 lines/s: what is dropped, and
/// whether the console still answers), then queries over the last hour of the busiest service on the file it wrote,
/// RSS and disk per million lines. Prints figures; asserts nothing.
/// </summary>
public static class LogStoreBenchmark
{
    private const string Token = "bench-log-token-0123456789abcdef";
    private static readonly string[] Services = ["deposito", "negocio", "ml", "console"];

    public static async Task RunAsync(int seconds, int floodRate, int floodSeconds, int senders)
    {
        await using var database = await TestDatabase.CreateAsync("benchlogs");
        var directory = Path.Combine(Path.GetTempPath(), "mm-logbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "logs.db");
        var port = TestServers.FreePort();
        var consoleDll = RepositoryPaths.BuildOutput("MiniMarket.Console").Replace("/Debug/", "/Release/", StringComparison.Ordinal);
        var console = Process.Start(new ProcessStartInfo("dotnet", [consoleDll, "--contentRoot", Path.GetDirectoryName(consoleDll)!])
        {
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Postgres"] = database.ConnectionString,
                ["Jwt__SigningKey"] = TestServers.JwtSigningKey,
                ["Admin__UserName"] = "admin",
                ["Admin__Password"] = "bench-admin-password-123",
                ["Observability__PrometheusUrl"] = "http://127.0.0.1:9/",
                ["Observability__LogStore__Path"] = file,
                ["Observability__LogStore__Token"] = Token,
                ["AllowedHosts"] = "*",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        console.OutputDataReceived += (_, _) => { };
        console.ErrorDataReceived += (_, _) => { };
        console.BeginOutputReadLine();
        console.BeginErrorReadLine();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            await Poll.UntilAsync(async () =>
            {
                try { return (await http.GetAsync("health/ready")).IsSuccessStatusCode; }
                catch (HttpRequestException) { return false; }
            }, ok => ok, TimeSpan.FromSeconds(90), "the console");
            System.Console.WriteLine($"log store benchmark — {Environment.ProcessorCount} cores, console pid {console.Id} (Release), {senders} senders of 500-line protobuf batches from this process");
            System.Console.WriteLine();

            var idle = await ProbeAsync(http, TimeSpan.FromSeconds(5), CancellationToken.None);
            System.Console.WriteLine($"console idle: page p50 {idle.P50:F1} ms, p95 {idle.P95:F1} ms ({idle.Count} probes); RSS {Rss(console)} MiB");

            // 1. As fast as the senders can: closed loop.
            var start = await MetricsAsync(http);
            var clock = Stopwatch.StartNew();
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds)))
            {
                var probe = ProbeAsync(http, TimeSpan.FromSeconds(seconds), CancellationToken.None);
                var sent = await Task.WhenAll(Enumerable.Range(0, senders).Select(s => SendAsync(http, s, null, stop.Token)));
                var busy = await probe;
                await WaitWrittenAsync(http);
                var end = await MetricsAsync(http);
                var written = end.Written - start.Written;
                System.Console.WriteLine($"max rate, {seconds} s: offered {sent.Sum() / clock.Elapsed.TotalSeconds:N0} lines/s, written {written / clock.Elapsed.TotalSeconds:N0} lines/s, " +
                    $"dropped {end.Dropped - start.Dropped:N0}; console page meanwhile p50 {busy.P50:F1} ms, p95 {busy.P95:F1} ms, {busy.Failures} failed of {busy.Count}; RSS {Rss(console)} MiB");
            }

            // 2. A flood at a fixed rate, as one service logging floodRate lines/s.
            start = await MetricsAsync(http);
            clock.Restart();
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(floodSeconds)))
            {
                var probe = ProbeAsync(http, TimeSpan.FromSeconds(floodSeconds), CancellationToken.None);
                var perSender = floodRate / (double)senders;
                var sent = await Task.WhenAll(Enumerable.Range(0, senders).Select(s => SendAsync(http, s, perSender, stop.Token)));
                var busy = await probe;
                await WaitWrittenAsync(http);
                var end = await MetricsAsync(http);
                System.Console.WriteLine($"flood {floodRate:N0} lines/s for {floodSeconds} s: offered {sent.Sum() / clock.Elapsed.TotalSeconds:N0} lines/s, accepted {end.Accepted - start.Accepted:N0}, " +
                    $"dropped {end.Dropped - start.Dropped:N0} (counted, said to the senders); console page meanwhile p50 {busy.P50:F1} ms, p95 {busy.P95:F1} ms, {busy.Failures} failed of {busy.Count}; RSS {Rss(console)} MiB");
            }

            var final = await MetricsAsync(http);
            var onDisk = Directory.GetFiles(directory).Sum(f => new FileInfo(f).Length);
            System.Console.WriteLine($"stored: {final.Lines:N0} lines, {final.Bytes / 1048576.0:F1} MiB in use, {onDisk / 1048576.0:F1} MiB on disk (with WAL): " +
                $"{final.Bytes / Math.Max(1, final.Lines) * 1e6 / 1048576.0:F0} MiB per million lines; console RSS {Rss(console)} MiB");
        }
        finally
        {
            console.Kill(entireProcessTree: true);
            await console.WaitForExitAsync();
        }

        // 3. Queries on the file the console wrote, with the store's own engine (what the Logs page runs).
        SqliteConnection.ClearAllPools();
        using (var store = new EmbeddedLogStore(Options.Create(new LogStoreOptions { Path = file }), TimeProvider.System, NullLogger<EmbeddedLogStore>.Instance))
        {
            var now = DateTimeOffset.UtcNow;
            var hour = now.AddHours(-1);
            (string Name, string LogQl, int Limit)[] queries =
            [
                ("page's first load, one service, 500 newest", "{service_name=\"deposito\"}", 500),
                ("freshness check, any service, 1 line", "{service_name=~\"deposito|negocio|ml|console\"}", 1),
                ("one level (error), 500 newest", "{service_name=\"deposito\"} | detected_level=\"error\"", 500),
                ("a correlation id across services", "{service_name=~\".+\"} | CorrelationId=\"bench-cid-7\"", 5000),
                ("text in 1 line of 1000, case-insensitive", "{service_name=\"deposito\"} |~ \"(?i)STOCK NEGATIVO\"", 500),
                ("regex with no match (whole hour scanned)", "{service_name=\"deposito\"} |~ \"zz[0-9]{3}qq\"", 500),
            ];
            System.Console.WriteLine();
            System.Console.WriteLine($"queries over the last hour ({store.Status.Lines:N0} lines stored), median of 5 after one warm-up:");
            foreach (var (name, logQl, limit) in queries)
            {
                var query = LogQuery.Parse(logQl);
                var times = new List<double>();
                LogQueryResult? result = null;
                for (var i = 0; i < 6; i++)
                {
                    var watch = Stopwatch.StartNew();
                    result = store.Query(query, MiniMarket.Console.Services.LogQl.Nanos(hour), MiniMarket.Console.Services.LogQl.Nanos(now), limit, CancellationToken.None);
                    if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                System.Console.WriteLine($"  {name,-48} {times[2],8:F1} ms  ({result!.Records.Count} lines{(result.Warning is null ? "" : "; " + result.Warning)})");
            }
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static string Rss(Process process)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Posts 500-line batches until stopped, at most <paramref name="linesPerSecond"/> (null: as fast as answered); returns lines sent.</summary>
    private static async Task<long> SendAsync(HttpClient http, int sender, double? linesPerSecond, CancellationToken stop)
    {
        const int batch = 500;
        long sent = 0;
        var clock = Stopwatch.StartNew();
        var random = new Random(sender);
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            if (linesPerSecond is { } rate)
            {
                var due = TimeSpan.FromSeconds(sent / rate);
                if (due > clock.Elapsed)
                {
                    try { await Task.Delay(due - clock.Elapsed, stop); }
                    catch (OperationCanceledException) { break; }
                }
            }
            var now = DateTimeOffset.UtcNow;
            var lines = new List<OtlpLine>(batch);
            for (var i = 0; i < batch; i++, n++)
            {
                // Mostly deposito (the busy service), request-log-like lines with the attributes Serilog sends.
                var service = n % 10 < 7 ? "deposito" : Services[1 + n % 3];
                var body = n % 1000 == 0 ? $"Stock negativo rechazado para {7790000 + n % 500}"
                    : $"HTTP GET /api/v1/products/{random.Next(1, 5000)} responded 200 in {random.NextDouble() * 20:F4} ms";
                lines.Add(new OtlpLine(service, now.AddTicks(i), body, n % 50 == 0 ? 17 : 9, n % 50 == 0 ? "Error" : "Information", new Dictionary<string, string>
                {
                    ["CorrelationId"] = "bench-cid-" + (n / 20 % 100000),
                    ["SourceContext"] = "Serilog.AspNetCore.RequestLoggingMiddleware",
                    ["RequestPath"] = "/api/v1/products",
                    ["StatusCode"] = "200",
                    ["service_name"] = service,
                }));
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, "otlp/v1/logs") { Content = new ByteArrayContent(OtlpLogsEncoder.Encode(lines)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            try
            {
                using var response = await http.SendAsync(request, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"the receiver answered {(int)response.StatusCode}");
            }
            catch (HttpRequestException)
            {
                continue;
            }
            sent += batch;
        }
        return sent;
    }

    private sealed record Probe(double P50, double P95, int Count, int Failures);

    /// <summary>The sign-in page (a Blazor page rendered by the console) every 100 ms for <paramref name="length"/>.</summary>
    private static async Task<Probe> ProbeAsync(HttpClient http, TimeSpan length, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < length && !cancellationToken.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.GetAsync("cuenta/ingresar", cancellationToken);
                if (!response.IsSuccessStatusCode) failures++;
                else times.Add(watch.Elapsed.TotalMilliseconds);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures++;
            }
            await Task.Delay(100, cancellationToken);
        }
        times.Sort();
        return times.Count == 0 ? new Probe(double.NaN, double.NaN, 0, failures)
            : new Probe(times[times.Count / 2], times[Math.Min(times.Count - 1, (int)(times.Count * 0.95))], times.Count + failures, failures);
    }

    private sealed record StoreMetrics(double Accepted, double Dropped, double Written, double Lines, double Bytes, double Queue);

    private static async Task<StoreMetrics> MetricsAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("metrics");
        double Value(string series) => text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal)) is { } line
            ? double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture) : 0;
        return new StoreMetrics(Value("minimarket_logstore_lines_total{outcome=\"accepted\"}"), Value("minimarket_logstore_lines_total{outcome=\"dropped\"}"),
            Value("minimarket_logstore_written_lines_total"), Value("minimarket_logstore_stored_lines"), Value("minimarket_logstore_bytes"),
            Value("minimarket_logstore_queue_lines"));
    }

    private static async Task WaitWrittenAsync(HttpClient http) =>
        await Poll.UntilAsync(() => MetricsAsync(http), m => m.Queue == 0, TimeSpan.FromMinutes(2), "the store to write its queue");
}
