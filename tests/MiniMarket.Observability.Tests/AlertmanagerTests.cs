using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>The Alertmanager configs, checked by the real amtool and a real Alertmanager (Debian's 0.25).</summary>
public class AlertmanagerTests
{
    private static string ProductionConfig => Path.Combine(ObservabilityFiles.AlertmanagerDirectory, "alertmanager.yml");

    private static string LocalConfig => Path.Combine(ObservabilityFiles.AlertmanagerDirectory, "alertmanager.local.yml");

    /// <summary>
    /// The production config as a test runs it: the Slack webhook files (secrets in production) are temporary files
    /// holding <paramref name="slackUrl"/>, the templates are read from the repository, and (optionally) the grouping
    /// intervals are shortened so a test does not wait minutes.
    /// </summary>
    public static string ProductionConfigForTest(string slackUrl, bool fast = false)
    {
        // What slack-webhooks.sh writes in the container: one webhook file per channel.
        var webhooks = Directory.CreateTempSubdirectory("mm-slack-").FullName;
        var text = File.ReadAllText(ProductionConfig);
        foreach (var severity in new[] { "critico", "alto", "medio", "tienda" })
        {
            File.WriteAllText(Path.Combine(webhooks, severity), slackUrl);
            Assert.Contains("/tmp/slack/" + severity, text, StringComparison.Ordinal);
            text = text.Replace("/tmp/slack/" + severity, Path.Combine(webhooks, severity), StringComparison.Ordinal);
        }
        text = text
            .Replace("/etc/alertmanager/templates/", Path.Combine(ObservabilityFiles.AlertmanagerDirectory, "templates") + "/", StringComparison.Ordinal);
        if (fast)
        {
            text = text.Replace("group_wait: 30s", "group_wait: 1s", StringComparison.Ordinal).Replace("group_wait: 10s", "group_wait: 1s", StringComparison.Ordinal)
                .Replace("group_interval: 5m", "group_interval: 2s", StringComparison.Ordinal);
        }
        return text;
    }

    private static async Task<string> AmtoolAsync(params string[] arguments)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("amtool", arguments);
        Assert.True(exitCode == 0, $"amtool {string.Join(' ', arguments)} failed:\n{output}");
        return output;
    }

    private static string WriteTemp(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mm-am-").FullName, "alertmanager.yml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task CheckConfig_ProductionAndLocal_Pass()
    {
        var production = await AmtoolAsync("check-config", WriteTemp(ProductionConfigForTest("https://hooks.slack.com/services/T0/B0/test")));
        Assert.Contains("5 receivers", production, StringComparison.Ordinal);
        Assert.Contains("1 templates", production, StringComparison.Ordinal);
        await AmtoolAsync("check-config", LocalConfig);
    }

    [Theory]
    [InlineData("severity=critical alertname=ServiceDown service=deposito", "slack-critical")]
    [InlineData("severity=high alertname=HighErrorRate service=negocio", "slack-high")]
    [InlineData("severity=medium alertname=CPUHigh service=node", "slack-medium")]
    // The store's business signals go to the store's channel, whatever their severity: not to the on-call.
    [InlineData("severity=medium alertname=StockCritico service=deposito category=negocio audience=tienda", "slack-tienda")]
    [InlineData("severity=high alertname=InflacionAnomaly service=ml category=negocio audience=tienda", "slack-tienda")]
    [InlineData("severity=none alertname=Watchdog service=prometheus", "watchdog")]
    public async Task Routes_SendEachSeverityToItsReceiver(string labels, string receiver)
    {
        foreach (var config in new[] { WriteTemp(ProductionConfigForTest("https://hooks.slack.com/services/T0/B0/test")), LocalConfig })
        {
            var output = await AmtoolAsync(["config", "routes", "test", "--config.file=" + config, .. labels.Split(' ')]);
            Assert.Equal(receiver, output.Split('\n').First(l => !l.StartsWith("Warning", StringComparison.Ordinal)).Trim());
        }
    }

    [Fact]
    public void Configs_ShareTheRouteTreeAndInhibitions_AndTheSlackChannelsRepeatAsSpecified()
    {
        var production = ObservabilityFiles.Map(ObservabilityFiles.Yaml(ProductionConfig));
        var local = ObservabilityFiles.Map(ObservabilityFiles.Yaml(LocalConfig));
        Assert.Equal(JsonSerializer.Serialize(local["route"]), JsonSerializer.Serialize(production["route"]));
        Assert.Equal(JsonSerializer.Serialize(local["inhibit_rules"]), JsonSerializer.Serialize(production["inhibit_rules"]));

        var routes = ObservabilityFiles.List(ObservabilityFiles.Map(production["route"])["routes"]).Select(ObservabilityFiles.Map).ToList();
        string Repeat(string receiver) => ObservabilityFiles.Text(routes.Single(r => ObservabilityFiles.Text(r, "receiver") == receiver), "repeat_interval")!;
        Assert.Equal(("30m", "1h", "4h", "12h"), (Repeat("slack-critical"), Repeat("slack-high"), Repeat("slack-medium"), Repeat("slack-tienda")));

        foreach (var receiver in ObservabilityFiles.List(production["receivers"]).Select(ObservabilityFiles.Map).Where(r => r.ContainsKey("slack_configs")))
        {
            var slack = ObservabilityFiles.Map(ObservabilityFiles.List(receiver["slack_configs"]).Single());
            Assert.Equal("true", ObservabilityFiles.Text(slack, "send_resolved"));
            var buttons = ObservabilityFiles.List(slack["actions"]).Select(ObservabilityFiles.Map).Select(a => ObservabilityFiles.Text(a, "text")).ToList();
            Assert.Equal(["Runbook", "Abrir en consola"], buttons);
        }
    }

    [Fact]
    public void SlackWebhooks_OnePerSeverity_AreReadFromSecretFilesAndNeverCommitted()
    {
        var text = File.ReadAllText(ProductionConfig);
        var receivers = ObservabilityFiles.List(ObservabilityFiles.Map(ObservabilityFiles.Yaml(ProductionConfig))["receivers"]).Select(ObservabilityFiles.Map)
            .Where(r => r.ContainsKey("slack_configs"))
            .ToDictionary(r => ObservabilityFiles.Text(r, "name")!, r => ObservabilityFiles.Map(ObservabilityFiles.List(r["slack_configs"])[0]));
        Assert.Equal("/tmp/slack/critico", ObservabilityFiles.Text(receivers["slack-critical"], "api_url_file"));
        Assert.Equal("/tmp/slack/alto", ObservabilityFiles.Text(receivers["slack-high"], "api_url_file"));
        Assert.Equal("/tmp/slack/medio", ObservabilityFiles.Text(receivers["slack-medium"], "api_url_file"));
        Assert.Equal("/tmp/slack/tienda", ObservabilityFiles.Text(receivers["slack-tienda"], "api_url_file"));
        // Only the store's business signals carry the label that routes them to the store.
        Assert.Equal(["InflacionAnomaly", "StockCritico"], ObservabilityFiles.Alerts().Where(a => a.Labels.GetValueOrDefault("audience") == "tienda").Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("hooks.slack.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("api_url:", text, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(ObservabilityFiles.Root, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain("hooks.slack.com/services/T", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inhibition_ServiceDownMutesItsServicesLesserAlerts_DatabaseDownMutesTheDatabaseCategoryAndTheAgentsErrors()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(ProductionConfigForTest("http://127.0.0.1:9/slack", fast: true));
        using var http = new HttpClient { BaseAddress = alertmanager.Url };
        var now = DateTimeOffset.UtcNow;
        object Alert(params (string Key, string Value)[] labels) => new
        {
            labels = labels.ToDictionary(l => l.Key, l => l.Value),
            annotations = new Dictionary<string, string> { ["summary"] = "prueba" },
            startsAt = now.AddMinutes(-1),
            endsAt = now.AddMinutes(10),
        };
        static string StateIn(List<JsonElement> list, string name, string service) => list.SingleOrDefault(a => a.GetProperty("labels").GetProperty("alertname").GetString() == name
            && a.GetProperty("labels").GetProperty("service").GetString() == service) is { ValueKind: JsonValueKind.Object } alert ? alert.GetProperty("status").GetProperty("state").GetString()! : "missing";

        // deposito down: its own errors are muted, negocio's are not.
        (await http.PostAsJsonAsync("api/v2/alerts", new[]
        {
            Alert(("alertname", "ServiceDown"), ("service", "deposito"), ("severity", "critical"), ("category", "app")),
            Alert(("alertname", "HighErrorRate"), ("service", "deposito"), ("severity", "high"), ("category", "app")),
            Alert(("alertname", "HighErrorRate"), ("service", "negocio"), ("severity", "high"), ("category", "app")),
            Alert(("alertname", "HighLatency"), ("service", "ml"), ("severity", "high"), ("category", "app")),
            Alert(("alertname", "ServiceDown"), ("service", "postgres-exporter"), ("severity", "critical"), ("category", "database")),
            Alert(("alertname", "SLOErrorBudgetBurn"), ("service", "deposito"), ("slo", "disponibilidad"), ("severity", "critical"), ("category", "slo")),
            Alert(("alertname", "SLOErrorBudgetBurn"), ("service", "negocio"), ("slo", "errores"), ("severity", "critical"), ("category", "slo")),
        })).EnsureSuccessStatusCode();
        // Alertmanager marks inhibitions as its pipeline processes the alerts: wait for the muted one to be marked.
        var alerts = await Poll.UntilAsync(async () => await http.GetFromJsonAsync<List<JsonElement>>("api/v2/alerts") ?? [],
            list => list.Count == 7 && StateIn(list, "HighErrorRate", "deposito") == "suppressed" && StateIn(list, "SLOErrorBudgetBurn", "deposito") == "suppressed",
            TimeSpan.FromSeconds(30), "deposito's errors and objectives suppressed");
        Assert.Equal("active", StateIn(alerts, "SLOErrorBudgetBurn", "negocio"));
        Assert.Equal("active", StateIn(alerts, "HighErrorRate", "negocio"));
        Assert.Equal("active", StateIn(alerts, "HighLatency", "ml"));
        Assert.Equal("active", StateIn(alerts, "ServiceDown", "postgres-exporter"));

        // Then the database goes down: the database category and every agent's errors and latency follow from it.
        (await http.PostAsJsonAsync("api/v2/alerts", new[]
        {
            Alert(("alertname", "DatabaseDown"), ("service", "postgres"), ("severity", "critical"), ("category", "database")),
        })).EnsureSuccessStatusCode();
        alerts = await Poll.UntilAsync(async () => await http.GetFromJsonAsync<List<JsonElement>>("api/v2/alerts") ?? [],
            list => list.Count == 8 && StateIn(list, "HighErrorRate", "negocio") == "suppressed" && StateIn(list, "HighLatency", "ml") == "suppressed"
                && StateIn(list, "SLOErrorBudgetBurn", "negocio") == "suppressed"
                && StateIn(list, "ServiceDown", "postgres-exporter") == "suppressed",
            TimeSpan.FromSeconds(30), "the database's consequences suppressed");
        Assert.Equal("active", StateIn(alerts, "DatabaseDown", "postgres"));
        Assert.Equal("active", StateIn(alerts, "ServiceDown", "deposito")); // a service that is down is still said
    }

    /// <summary>In a chain the stores share the Alertmanagers: an inhibition stays within its store.</summary>
    [Fact]
    public async Task Inhibition_StaysWithinItsStore()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(ProductionConfigForTest("http://127.0.0.1:9/slack", fast: true));
        using var http = new HttpClient { BaseAddress = alertmanager.Url };
        var now = DateTimeOffset.UtcNow;
        object Alert(string store, string name, string service, string severity, string category) => new
        {
            labels = new Dictionary<string, string> { ["store"] = store, ["alertname"] = name, ["service"] = service, ["severity"] = severity, ["category"] = category },
            annotations = new Dictionary<string, string> { ["summary"] = "prueba" },
            startsAt = now.AddMinutes(-1),
            endsAt = now.AddMinutes(10),
        };
        static string StateIn(List<JsonElement> list, string store, string name, string service) => list.Single(a => a.GetProperty("labels").GetProperty("store").GetString() == store
            && a.GetProperty("labels").GetProperty("alertname").GetString() == name && a.GetProperty("labels").GetProperty("service").GetString() == service)
            .GetProperty("status").GetProperty("state").GetString()!;

        (await http.PostAsJsonAsync("api/v2/alerts", new[]
        {
            Alert("palermo", "DatabaseDown", "postgres", "critical", "database"),
            Alert("palermo", "HighErrorRate", "negocio", "high", "app"),
            Alert("quilmes", "HighErrorRate", "negocio", "high", "app"),
            Alert("palermo", "ServiceDown", "deposito", "critical", "app"),
            Alert("palermo", "HighLatency", "deposito", "high", "app"),
            Alert("quilmes", "HighLatency", "deposito", "high", "app"),
        })).EnsureSuccessStatusCode();
        var alerts = await Poll.UntilAsync(async () => await http.GetFromJsonAsync<List<JsonElement>>("api/v2/alerts") ?? [],
            list => list.Count == 6 && StateIn(list, "palermo", "HighErrorRate", "negocio") == "suppressed" && StateIn(list, "palermo", "HighLatency", "deposito") == "suppressed",
            TimeSpan.FromSeconds(30), "palermo's consequences suppressed");
        Assert.Equal("active", StateIn(alerts, "quilmes", "HighErrorRate", "negocio"));
        Assert.Equal("active", StateIn(alerts, "quilmes", "HighLatency", "deposito"));
        Assert.Equal("active", StateIn(alerts, "palermo", "DatabaseDown", "postgres"));
    }
}
