using System.Text.RegularExpressions;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// compose.central.yaml (the chain's central services) and compose.chain-store.yaml (a store's logs to the chain) cannot
/// run here: no Docker, no Mimir, no Grafana, no Loki, no Alloy. They are checked as data, against each other and
/// against the files they mount; the parts Debian has run for real elsewhere (ChainTests: remote write into a
/// Prometheus receiver and the chain's rules; AlertmanagerClusterTests: the pair; CentralGatewayTests: the gateway).
/// </summary>
public partial class ChainComposeTests
{
    private static readonly string Root = RepositoryPaths.Root;

    private static Dictionary<string, IReadOnlyDictionary<object, object>> Services(string file) =>
        ObservabilityFiles.Map(ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(Root, file)))["services"])
            .ToDictionary(s => s.Key.ToString()!, s => ObservabilityFiles.Map(s.Value));

    private static List<string> Strings(object? list) => [.. ObservabilityFiles.List(list).Select(v => v.ToString()!)];

    private static IReadOnlyDictionary<object, object> Mimir() => ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(ObservabilityFiles.CentralDirectory, "mimir", "mimir.yml")));

    [Fact]
    public void TheCentral_HasAHorizontallyScaledMimir_Loki_APairOfAlertmanagers_Grafana_AndTheGateway_EveryImagePinned()
    {
        var services = Services("compose.central.yaml");
        Assert.Equal(["alertmanager-1", "alertmanager-2", "gateway", "grafana", "loki", "mimir-1", "mimir-2"], services.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, service) in services)
        {
            var image = ObservabilityFiles.Text(service, "image")!;
            Assert.Matches(PinnedImage(), image);
            Assert.DoesNotContain("latest", image, StringComparison.OrdinalIgnoreCase);
            Assert.True(service.ContainsKey("deploy"), name + ": no resource limits");
        }
        // Only the gateway is published.
        Assert.Equal(["gateway"], services.Where(s => s.Value.ContainsKey("ports")).Select(s => s.Key));
        Assert.Equal(["80:80", "443:443"], Strings(services["gateway"]["ports"]));
    }

    [Fact]
    public void MimirsReplicas_FindEachOther_ShareTheBucket_AndReplicateEverySeriesTwice()
    {
        var services = Services("compose.central.yaml");
        var replicas = services.Keys.Where(k => k.StartsWith("mimir-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var mimir = Mimir();
        Assert.Equal(replicas.Select(r => r + ":7946"), Strings(ObservabilityFiles.Map(mimir["memberlist"])["join_members"]));
        Assert.Equal("2", ObservabilityFiles.Text(ObservabilityFiles.Map(ObservabilityFiles.Map(mimir["ingester"])["ring"]), "replication_factor"));
        Assert.True(replicas.Count >= 2, "replication factor 2 needs two ingesters");
        var bucket = ObservabilityFiles.Text(ObservabilityFiles.Map(ObservabilityFiles.Map(ObservabilityFiles.Map(mimir["common"])["storage"])["filesystem"]), "dir");
        foreach (var replica in replicas)
        {
            var service = services[replica];
            Assert.Equal(replica, ObservabilityFiles.Text(service, "hostname"));
            var volumes = Strings(service["volumes"]);
            Assert.Contains("mimir-bucket:" + bucket, volumes);
            Assert.Contains($"{replica}-data:/data", volumes);
            Assert.Contains("./observability/central/mimir/mimir.yml:/etc/mimir/mimir.yml:ro", volumes);
        }
        // A store back from an outage sends up to its WAL's two hours late.
        Assert.Equal("2h", ObservabilityFiles.Text(ObservabilityFiles.Map(mimir["limits"]), "out_of_order_time_window"));
        Assert.Equal("false", ObservabilityFiles.Text(mimir, "multitenancy_enabled")?.ToLowerInvariant());
    }

    [Fact]
    public void MimirsRuler_RunsTheChainsRules_AndSendsToBothAlertmanagers()
    {
        var services = Services("compose.central.yaml");
        var mimir = Mimir();
        var storage = ObservabilityFiles.Map(mimir["ruler_storage"]);
        Assert.Equal("local", ObservabilityFiles.Text(storage, "backend"));
        var directory = ObservabilityFiles.Text(ObservabilityFiles.Map(storage["local"]), "directory");
        // With multitenancy off the one tenant is "anonymous": the rules live in <directory>/anonymous.
        Assert.Contains($"./observability/central/rules:{directory}/anonymous:ro", Strings(services["mimir-1"]["volumes"]));
        Assert.True(Directory.GetFiles(Path.Combine(ObservabilityFiles.CentralDirectory, "rules"), "*.yml").Length > 0);
        var alertmanagers = services.Keys.Where(k => k.StartsWith("alertmanager-", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(alertmanagers.Select(a => $"http://{a}:9093"), ObservabilityFiles.Text(ObservabilityFiles.Map(mimir["ruler"]), "alertmanager_url")!.Split(','));
    }

    [Fact]
    public void TheAlertmanagers_AreOneCluster_WithTheStoresConfig()
    {
        var services = Services("compose.central.yaml");
        var one = Strings(services["alertmanager-1"]["command"]);
        var two = Strings(services["alertmanager-2"]["command"]);
        Assert.Contains("--cluster.peer=alertmanager-2:9094", one);
        Assert.Contains("--cluster.peer=alertmanager-1:9094", two);
        Assert.Contains("--cluster.listen-address=0.0.0.0:9094", one);
        Assert.Contains("--cluster.listen-address=0.0.0.0:9094", two);
        foreach (var member in new[] { "alertmanager-1", "alertmanager-2" })
        {
            Assert.Contains("--config.file=/etc/alertmanager/alertmanager.yml", Strings(services[member]["command"]));
            Assert.Contains("./observability/alertmanager:/etc/alertmanager:ro", Strings(services[member]["volumes"]));
            Assert.Equal(["/bin/sh", "/etc/alertmanager/slack-webhooks.sh"], Strings(services[member]["entrypoint"]));
        }
        // The store's Alertmanager is no cluster (one per store).
        Assert.Contains("--cluster.listen-address=", Strings(Services("compose.yaml")["alertmanager"]["command"]));
    }

    [Fact]
    public void TheCentralsGrafana_HasTheStoresDataSourceUids_OnTheCentralServices()
    {
        var datasources = ObservabilityFiles.List(ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(ObservabilityFiles.CentralDirectory, "grafana", "datasources.yml")))["datasources"])
            .Select(ObservabilityFiles.Map).ToDictionary(d => ObservabilityFiles.Text(d, "uid")!, d => ObservabilityFiles.Text(d, "url")!);
        var store = ObservabilityFiles.List(ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(ObservabilityFiles.GrafanaDirectory, "provisioning", "datasources", "datasources.yml")))["datasources"])
            .Select(ObservabilityFiles.Map).Select(d => ObservabilityFiles.Text(d, "uid")!);
        Assert.Equal(store.Order(StringComparer.Ordinal), datasources.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("http://gateway:9009/prometheus", datasources["prometheus"]);
        Assert.Equal("http://gateway:9009/alertmanager", datasources["alertmanager"]);
        Assert.Equal("http://loki:3100", datasources["loki"]);
        var caddyfile = File.ReadAllText(Path.Combine(Root, "proxy", "Caddyfile.central"));
        Assert.Contains("http://:{$MINIMARKET_GATEWAY_INTERNAL_PORT:9009}", caddyfile, StringComparison.Ordinal);
        Assert.Contains("./proxy/Caddyfile.central:/etc/caddy/Caddyfile:ro", Strings(Services("compose.central.yaml")["gateway"]["volumes"]));
    }

    [Fact]
    public void AStoreInAChain_SendsItsLogsThroughAlloy_ToItsLokiAndTheChains()
    {
        var overrides = Services("compose.chain-store.yaml");
        var store = Services("compose.yaml");
        foreach (var name in new[] { "deposito", "negocio", "ml", "console" })
        {
            Assert.True(store.ContainsKey(name));
            Assert.Equal("http://alloy:4318/v1/logs", ObservabilityFiles.Text(ObservabilityFiles.Map(overrides[name]["environment"]), "Logging__Otlp__Endpoint"));
        }
        var alloy = overrides["alloy"];
        var folder = Strings(alloy["command"]).Last();
        var volumes = Strings(alloy["volumes"]);
        Assert.Contains($"./observability/alloy/config.alloy:{folder}/config.alloy:ro", volumes);
        Assert.Contains($"./observability/alloy/chain/central.alloy:{folder}/central.alloy:ro", volumes);
        Assert.Contains("./secrets/central:/run/central:ro", volumes);
        Assert.Matches(@"^\$\{MINIMARKET_CENTRAL_LOGS_URL:\?.+\}$", ObservabilityFiles.Text(ObservabilityFiles.Map(alloy["environment"]), "MINIMARKET_CENTRAL_LOGS_URL"));

        // central.alloy uses only what it or config.alloy defines (Alloy loads the folder as one configuration).
        var central = File.ReadAllText(Path.Combine(ObservabilityFiles.Root, "alloy", "chain", "central.alloy"));
        var both = central + File.ReadAllText(Path.Combine(ObservabilityFiles.Root, "alloy", "config.alloy"));
        Assert.Equal(central.Count(c => c == '{'), central.Count(c => c == '}'));
        foreach (Match reference in ComponentReference().Matches(central))
        {
            var (kind, label) = (reference.Groups["kind"].Value, reference.Groups["label"].Value);
            Assert.Contains($"{kind} \"{label}\" {{", both, StringComparison.Ordinal);
        }
        Assert.Contains("/run/central/password", central, StringComparison.Ordinal);
        Assert.Contains("sys.env(\"MINIMARKET_STORE_ID\")", central, StringComparison.Ordinal);
        // The store's Prometheus reads the same password file (entrypoint.sh's default).
        Assert.Contains("/run/central/password", File.ReadAllText(Path.Combine(ObservabilityFiles.PrometheusDirectory, "remote-write.yml")), StringComparison.Ordinal);
        Assert.Contains("./secrets/central:/run/central:ro", Strings(store["prometheus"]["volumes"]));
    }

    [GeneratedRegex(@"^[a-z0-9./-]+:v?[0-9]+\.[0-9]+\.[0-9]+(-[a-z]+)?$")]
    private static partial Regex PinnedImage();

    /// <summary>A reference to another component's export: otelcol.exporter.otlphttp.store.input, discovery.relabel.third_party.output...</summary>
    [GeneratedRegex(@"(?<kind>(?:otelcol\.(?:exporter|auth|receiver)\.[a-z]+)|discovery\.relabel|loki\.write|local\.file)\.(?<label>[a-z_]+)\.(?:input|output|rules|receiver|handler|content)")]
    private static partial Regex ComponentReference();
}
