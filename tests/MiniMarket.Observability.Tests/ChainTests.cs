using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// A chain of three stores without Docker, with Debian's tools: each store is a real deposito process (its own database,
/// Store:Id) and its own Prometheus started by the project's entrypoint.sh (prometheus.yml's external labels, the
/// store's rules, and remote-write.yml appended because MINIMARKET_CENTRAL_METRICS_URL is set); two in server mode (the
/// store's rules run there), one in agent mode. The central store is a Prometheus with the remote-write receiver (the
/// protocol and query API Mimir speaks) and the chain's rules. One store's link is cut (a TCP proxy that holds every
/// byte, as a dropped link does) and restored: the central store ends up with every sample scraped meanwhile.
/// </summary>
public class ChainTests
{
    private const int ScrapeSeconds = 1;

    /// <summary>How long the link stays cut (MM_CHAIN_CUT_SECONDS; 60 by default, the note quotes a 5-minute run).</summary>
    private static int CutSeconds => int.TryParse(Environment.GetEnvironmentVariable("MM_CHAIN_CUT_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 10 and <= 1800 ? s : 60;

    [Fact]
    public async Task ThreeStores_RemoteWriteUnderTheirStoreLabel_AndACutLinkLosesNoSamples()
    {
        var central = await StartCentralAsync();
        await using var _ = central;
        var stores = new List<Store>();
        try
        {
            stores.Add(await Store.StartAsync("palermo", "Palermo", central, agentMode: false));
            stores.Add(await Store.StartAsync("quilmes", "Quilmes", central, agentMode: false));
            stores.Add(await Store.StartAsync("belgrano", "Belgrano", central, agentMode: true));
            using var query = new HttpClient { BaseAddress = central.Url };

            // Every store's series arrive under its store label, and each service's own Store:Id is that store.
            var info = await Poll.UntilAsync(() => QueryAsync(query, "minimarket_store_info"), r => r.Count == 3, TimeSpan.FromSeconds(90), "three stores' minimarket_store_info");
            Assert.Equal(["belgrano", "palermo", "quilmes"], info.Select(s => s.Labels["store"]).Order(StringComparer.Ordinal));
            Assert.All(info, s => Assert.Equal(s.Labels["store"], s.Labels["store_id"]));
            Assert.Equal("Quilmes", info.Single(s => s.Labels["store"] == "quilmes").Labels["store_name"]);
            Assert.All(info, s => Assert.Equal("http://consola.prueba", s.Labels["console_url"]));
            // The stores' own rules run at the store: their results (ALERTS) arrive labelled; the agent-mode store has none.
            var watchdogs = await Poll.UntilAsync(() => QueryAsync(query, "ALERTS{alertname=\"Watchdog\"}"), r => r.Count == 2, TimeSpan.FromSeconds(60), "the server-mode stores' Watchdog");
            Assert.Equal(["palermo", "quilmes"], watchdogs.Select(s => s.Labels["store"]).Order(StringComparer.Ordinal));
            // And the chain's rules see every store: none silent, none misconfigured.
            Assert.Empty(await QueryAsync(query, "ALERTS{alertname=~\"StoreSilent|StoreIdMismatch\"}"));

            // quilmes' link is cut: the central store stops receiving from it, the others go on.
            var quilmes = stores.Single(s => s.Id == "quilmes");
            var cutAt = DateTimeOffset.UtcNow;
            quilmes.Link.Cut();
            await Task.Delay(TimeSpan.FromSeconds(CutSeconds));
            var lastSeen = await LatestSampleAsync(query, "quilmes");
            var palermoSeen = await LatestSampleAsync(query, "palermo");
            Assert.True(lastSeen < cutAt.AddSeconds(10), $"quilmes' samples kept arriving while its link was cut (latest {lastSeen:O}, cut at {cutAt:O})");
            Assert.True(palermoSeen > DateTimeOffset.UtcNow.AddSeconds(-30), $"palermo's samples stopped too (latest {palermoSeen:O})");

            var restoredAt = DateTimeOffset.UtcNow;
            quilmes.Link.Restore();
            // Remote write retries with backoff (at most 30 s, remote-write.yml) and then sends the backlog from its WAL.
            await Poll.UntilAsync(() => LatestSampleAsync(query, "quilmes"), t => t > restoredAt, TimeSpan.FromSeconds(120), "quilmes' backlog to arrive");
            var caughtUp = DateTimeOffset.UtcNow - restoredAt;

            var window = (int)Math.Ceiling((DateTimeOffset.UtcNow - cutAt).TotalSeconds) + 20;
            var samples = await SamplesAsync(query, $"up{{store=\"quilmes\",job=\"deposito\"}}[{window}s]");
            var during = samples.Where(t => t >= cutAt && t <= restoredAt).ToList();
            var gaps = samples.Zip(samples.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
            Assert.True(during.Count >= CutSeconds / ScrapeSeconds * 8 / 10,
                $"only {during.Count} of quilmes' samples from the {CutSeconds} s the link was cut reached the central store");
            Assert.True(gaps.Max() <= 5 * ScrapeSeconds, $"a gap of {gaps.Max():0.0} s in quilmes' samples at the central store");
            await TestReports.WriteAsync("chain", $"chain: a link cut {CutSeconds} s lost no sample: {during.Count} samples scraped while cut reached the central store, largest gap {gaps.Max():0.0} s, caught up {caughtUp.TotalSeconds:0} s after the link came back", []);
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    private static async Task<PrometheusProcess> StartCentralAsync()
    {
        var rules = string.Join(", ", ObservabilityFiles.CentralRuleFiles.Select(f => $"\"{f}\""));
        return await PrometheusProcess.StartWithConfigAsync($$"""
            global:
              evaluation_interval: 1s
            rule_files: [{{rules}}]
            """, "--web.enable-remote-write-receiver");
    }

    private sealed record Series(IReadOnlyDictionary<string, string> Labels);

    private static async Task<IReadOnlyList<Series>> QueryAsync(HttpClient prometheus, string query)
    {
        var answer = await prometheus.GetFromJsonAsync<JsonElement>("api/v1/query?query=" + Uri.EscapeDataString(query));
        return [.. answer.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => new Series(
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)))];
    }

    private static async Task<DateTimeOffset> LatestSampleAsync(HttpClient prometheus, string store)
    {
        var answer = await prometheus.GetFromJsonAsync<JsonElement>("api/v1/query?query=" + Uri.EscapeDataString($"timestamp(up{{store=\"{store}\",job=\"deposito\"}})"));
        var result = answer.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? DateTimeOffset.MinValue
            : DateTimeOffset.FromUnixTimeMilliseconds((long)(double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) * 1000));
    }

    /// <summary>The raw samples' times of a range selector (one series).</summary>
    private static async Task<IReadOnlyList<DateTimeOffset>> SamplesAsync(HttpClient prometheus, string selector)
    {
        var answer = await prometheus.GetFromJsonAsync<JsonElement>("api/v1/query?query=" + Uri.EscapeDataString(selector));
        var series = Assert.Single(answer.GetProperty("data").GetProperty("result").EnumerateArray());
        return [.. series.GetProperty("values").EnumerateArray().Select(v => DateTimeOffset.FromUnixTimeMilliseconds((long)(v[0].GetDouble() * 1000)))];
    }

    /// <summary>One store: its database, its deposito (the real binary), its Prometheus through entrypoint.sh, its link.</summary>
    private sealed class Store : IAsyncDisposable
    {
        private TestDatabase? _database;
        private AgentProcess? _deposito;
        private PrometheusProcess? _prometheus;
        private string? _config;

        public required string Id { get; init; }
        public required TcpProxy Link { get; init; }

        public static async Task<Store> StartAsync(string id, string name, PrometheusProcess central, bool agentMode)
        {
            var store = new Store { Id = id, Link = new TcpProxy(central.Url.Port) };
            try
            {
                store._database = await TestDatabase.CreateAsync("chain_" + id);
                store._deposito = new AgentProcess("deposito", new Dictionary<string, string>
                {
                    ["ConnectionStrings__Postgres"] = store._database.ConnectionString,
                    ["ConnectionStrings__Redis"] = TestServers.Redis,
                    ["Redis__KeyPrefix"] = "mmtest-chain-" + id + "-" + Guid.NewGuid().ToString("N")[..8],
                    ["Store__Id"] = id,
                    ["Store__Name"] = name,
                });
                await store._deposito.StartAsync();
                var port = TestServers.FreePort();
                store._config = WriteStoreConfig(store._deposito.Url, port, agentMode);
                store._prometheus = await PrometheusProcess.StartThroughAsync(Path.Combine(ObservabilityFiles.PrometheusDirectory, "entrypoint.sh"),
                    new Dictionary<string, string>
                    {
                        ["MINIMARKET_PROMETHEUS_CONFIG_DIR"] = store._config,
                        ["MINIMARKET_PROMETHEUS_EFFECTIVE_CONFIG"] = Path.Combine(store._config, "effective.yml"),
                        ["MINIMARKET_PROMETHEUS_BINARY"] = "/usr/bin/prometheus",
                        ["MINIMARKET_CENTRAL_PASSWORD_FILE"] = Path.Combine(store._config, "central_metrics_password"),
                        // Debian's central Prometheus receives at /api/v1/write (Mimir at /api/v1/push).
                        ["MINIMARKET_CENTRAL_METRICS_URL"] = $"http://127.0.0.1:{store.Link.Port}/api/v1/write",
                        ["MINIMARKET_STORE_ID"] = id,
                        ["MINIMARKET_CONSOLE_URL"] = "http://consola.prueba",
                    }, agentMode, port, "--enable-feature=expand-external-labels");
                var effective = await File.ReadAllTextAsync(Path.Combine(store._config, "effective.yml"));
                Assert.Contains("remote_write:", effective, StringComparison.Ordinal);
                Assert.Contains("username: " + id, effective, StringComparison.Ordinal);
                return store;
            }
            catch
            {
                await store.DisposeAsync();
                throw;
            }
        }

        /// <summary>
        /// The store's config folder as compose mounts it: prometheus.yml with the production external labels (store,
        /// console_url, environment), scraping this store's deposito and its own Prometheus every second; in server mode the
        /// project's rules (relative paths, which entrypoint.sh makes absolute); the real remote-write.yml; the password.
        /// </summary>
        private static string WriteStoreConfig(Uri deposito, int prometheusPort, bool agentMode)
        {
            var folder = Directory.CreateTempSubdirectory("mm-store-prometheus-").FullName;
            var production = ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(ObservabilityFiles.PrometheusDirectory, "prometheus.yml")));
            var labels = ObservabilityFiles.Map(ObservabilityFiles.Map(production["global"])["external_labels"]);
            var external = string.Join(", ", labels.Select(l => $"{l.Key}: \"{l.Value}\""));
            var rules = "";
            if (!agentMode)
            {
                Directory.CreateDirectory(Path.Combine(folder, "rules"));
                foreach (var file in ObservabilityFiles.RuleFiles) File.Copy(file, Path.Combine(folder, "rules", Path.GetFileName(file)));
                rules = "rule_files:\n  - rules/*.rules.yml\n";
            }
            File.WriteAllText(Path.Combine(folder, "prometheus.yml"), $$"""
                global:
                  scrape_interval: {{ScrapeSeconds}}s
                  evaluation_interval: 1s
                  external_labels: { {{external}} }
                {{rules}}scrape_configs:
                  - job_name: deposito
                    static_configs: [{ targets: ["{{deposito.Authority}}"], labels: { service: deposito } }]
                  - job_name: prometheus
                    static_configs: [{ targets: ["127.0.0.1:{{prometheusPort}}"], labels: { service: prometheus } }]

                """);
            File.Copy(Path.Combine(ObservabilityFiles.PrometheusDirectory, "remote-write.yml"), Path.Combine(folder, "remote-write.yml"));
            File.WriteAllText(Path.Combine(folder, "central_metrics_password"), "contraseña-de-prueba");
            return folder;
        }

        public async ValueTask DisposeAsync()
        {
            if (_prometheus is not null) await _prometheus.DisposeAsync();
            if (_deposito is not null) await _deposito.DisposeAsync();
            if (_database is not null) await _database.DisposeAsync();
            await Link.DisposeAsync();
            if (_config is not null) Directory.Delete(_config, recursive: true);
        }
    }
}
