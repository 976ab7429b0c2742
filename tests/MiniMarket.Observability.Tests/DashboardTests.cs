using System.Text.Json;

namespace MiniMarket.Observability.Tests;

/// <summary>Grafana's provisioning and dashboards, checked as data (there is no Grafana here; their queries are checked against a real Prometheus elsewhere).</summary>
public class DashboardTests
{
    public static readonly string[] DashboardUids = ["minimarket-overview", "minimarket-business", "minimarket-performance", "minimarket-ml", "minimarket-slo"];
    public static readonly string[] DatasourceUids = ["prometheus", "loki", "alertmanager"];

    [Fact]
    public void Datasources_HaveTheFixedUids()
    {
        var file = Path.Combine(ObservabilityFiles.GrafanaDirectory, "provisioning", "datasources", "datasources.yml");
        var sources = ObservabilityFiles.List(ObservabilityFiles.Map(ObservabilityFiles.Yaml(file))["datasources"]).Select(ObservabilityFiles.Map).ToList();
        Assert.Equal(DatasourceUids.Order(StringComparer.Ordinal), sources.Select(s => ObservabilityFiles.Text(s, "uid")!).Order(StringComparer.Ordinal));
        Assert.Equal(["Prometheus"], sources.Where(s => ObservabilityFiles.Text(s, "isDefault") == "true").Select(s => ObservabilityFiles.Text(s, "name")));
    }

    [Fact]
    public void Dashboards_AreValidWithUniqueStableUidsInBuenosAiresTime()
    {
        var dashboards = GrafanaDashboards.Files.Select(GrafanaDashboards.Load).ToList();
        Assert.Equal(DashboardUids.Order(StringComparer.Ordinal), dashboards.Select(d => d.GetProperty("uid").GetString()!).Order(StringComparer.Ordinal));
        foreach (var dashboard in dashboards)
        {
            Assert.Equal("America/Argentina/Buenos_Aires", dashboard.GetProperty("timezone").GetString());
            Assert.True(dashboard.GetProperty("title").GetString()!.Length > 0);
            var ids = GrafanaDashboards.Panels(dashboard).Select(p => p.GetProperty("id").GetInt32()).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }

    [Fact]
    public void EveryPanel_UsesAProvisionedDatasourceAndHasAQuery()
    {
        foreach (var file in GrafanaDashboards.Files)
        {
            var dashboard = GrafanaDashboards.Load(file);
            foreach (var panel in GrafanaDashboards.Panels(dashboard).Where(p => p.GetProperty("type").GetString() != "row"))
            {
                var title = $"{Path.GetFileName(file)}: {panel.GetProperty("title").GetString()}";
                Assert.True(panel.TryGetProperty("targets", out var targets) && targets.GetArrayLength() > 0, title + " has no query");
                Assert.Contains(GrafanaDashboards.DatasourceUid(panel), DatasourceUids);
                foreach (var target in targets.EnumerateArray())
                {
                    Assert.Contains(GrafanaDashboards.DatasourceUid(target) ?? GrafanaDashboards.DatasourceUid(panel), DatasourceUids);
                    Assert.False(string.IsNullOrWhiteSpace(target.TryGetProperty("expr", out var expr) ? expr.GetString() : null), title + " has an empty query");
                }
            }
        }
    }

    [Fact]
    public void SystemOverview_HasALogsPanelOnLoki()
    {
        var overview = GrafanaDashboards.Load(GrafanaDashboards.Files.Single(f => GrafanaDashboards.Load(f).GetProperty("uid").GetString() == "minimarket-overview"));
        Assert.Contains(GrafanaDashboards.Panels(overview), p => p.GetProperty("type").GetString() == "logs" && GrafanaDashboards.DatasourceUid(p) == "loki");
    }

    /// <summary>Log panels choose lines by their level (Loki's detected_level, from the OTLP severity), never by words in the text.</summary>
    [Fact]
    public void LogPanels_FilterOnTheLevel_NotOnTheText()
    {
        var loki = GrafanaDashboards.Queries().Where(q => q.DatasourceUid == "loki").ToList();
        Assert.NotEmpty(loki);
        foreach (var query in loki)
        {
            Assert.False(System.Text.RegularExpressions.Regex.IsMatch(query.Expr, @"\|~\s*""[^""]*(error|warn)", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
                $"{query.Dashboard} / {query.Panel}: filters levels on the text: {query.Expr}");
        }
        Assert.Contains(loki, q => q.Expr.Contains("detected_level=~\"error|warn", StringComparison.Ordinal));
    }

    [Fact]
    public void UptimePanel_AveragesUpOverSevenDays()
    {
        Assert.Contains(GrafanaDashboards.Queries(), q => q.Dashboard == "minimarket-overview" && q.Expr.Contains("avg_over_time(up", StringComparison.Ordinal)
            && q.Expr.Contains("[7d]", StringComparison.Ordinal));
    }

    [Fact]
    public void JsonFiles_ParseStrictly()
    {
        foreach (var file in GrafanaDashboards.Files) JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { AllowTrailingCommas = false });
    }

    /// <summary>
    /// A chain's Grafana reads every store's series from the central store: every dashboard has the store variable
    /// (Sucursal; All is the whole chain, and on a store's own Prometheus, whose series have no store label, the store
    /// itself), and every Prometheus selector and every Loki stream selector filters on it.
    /// </summary>
    [Fact]
    public void EveryDashboard_FiltersEveryQueryByStore()
    {
        foreach (var file in GrafanaDashboards.Files)
        {
            var store = GrafanaDashboards.Load(file).GetProperty("templating").GetProperty("list").EnumerateArray().First();
            Assert.Equal("store", store.GetProperty("name").GetString());
            Assert.Equal("label_values(up, store)", store.GetProperty("definition").GetString());
            Assert.True(store.GetProperty("includeAll").GetBoolean() && store.GetProperty("multi").GetBoolean(), file);
            Assert.Equal(".*", store.GetProperty("allValue").GetString());
        }
        var queries = GrafanaDashboards.Queries();
        Assert.True(queries.Count > 100);
        foreach (var query in queries.Where(q => q.DatasourceUid == "prometheus"))
            Assert.True(PromQlNames.SelectorsWithout(query.Expr, "store=~\"$store\"") is [], $"{query.Dashboard} / {query.Panel}: {string.Join(", ", PromQlNames.SelectorsWithout(query.Expr, "store=~\"$store\""))} without the store in {query.Expr}");
        foreach (var query in queries.Where(q => q.DatasourceUid == "loki"))
            Assert.Contains("store=~\"$store\"", query.Expr[..(query.Expr.IndexOf('}') + 1)], StringComparison.Ordinal);
        // The check itself finds a selector without the store, in braces or bare, and leaves functions and variables alone.
        Assert.Equal(["up", "b"], PromQlNames.SelectorsWithout("sum by (job) (rate(up[5m])) / b{x=\"1\"} + c{store=~\"$store\"}[$__rate_interval]", "store=~\"$store\""));
    }

    /// <summary>The SLOs dashboard reads the same recorded series as the console's SLOs page (one source of numbers).</summary>
    [Fact]
    public void SloDashboard_ReadsWhatTheConsolesSloPageReads()
    {
        var slo = GrafanaDashboards.Queries().Where(q => q.Dashboard == "minimarket-slo").Select(q => q.Expr).ToList();
        foreach (var series in new[] { MiniMarket.Console.Model.SloViewModel.RemainingQuery, MiniMarket.Console.Model.SloViewModel.Burn1hQuery,
                     MiniMarket.Console.Model.SloViewModel.Burn6hQuery, MiniMarket.Console.Model.SloViewModel.Burn30dQuery })
            Assert.Contains(slo, q => q.Contains(series, StringComparison.Ordinal));
        Assert.Contains(slo, q => q.Contains("ALERTS{store=~\"$store\", alertname=~\"SLOErrorBudgetBurn.*\"}", StringComparison.Ordinal));
    }

    /// <summary>The original targets drawn on the panels that show them: P95 300 ms, errors 0.5 %, uptime 99.9 %.</summary>
    [Theory]
    [InlineData("minimarket-overview", "service:http_request_duration_seconds:p95_5m", 0.3)]
    [InlineData("minimarket-overview", "service:http_errors:ratio_rate5m", 0.005)]
    [InlineData("minimarket-overview", "avg_over_time(up{store=~\"$store\"}[7d])", 99.9)]
    [InlineData("minimarket-performance", "histogram_quantile(0.95", 0.3)]
    [InlineData("minimarket-performance", "service:http_errors:ratio_rate5m", 0.005)]
    public void Targets_AreThresholdsOnTheirPanels(string uid, string query, double target)
    {
        var dashboard = GrafanaDashboards.Load(GrafanaDashboards.Files.Single(f => GrafanaDashboards.Load(f).GetProperty("uid").GetString() == uid));
        var panel = GrafanaDashboards.Panels(dashboard).First(p => p.TryGetProperty("targets", out var t)
            && t.EnumerateArray().Any(x => x.GetProperty("expr").GetString()!.Contains(query, StringComparison.Ordinal)));
        var steps = panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("thresholds").GetProperty("steps").EnumerateArray()
            .Where(s => s.GetProperty("value").ValueKind == JsonValueKind.Number).Select(s => s.GetProperty("value").GetDouble()).ToList();
        Assert.Contains(target, steps);
    }

    /// <summary>
    /// Every dashboard links to the console, its SLOs page and the runbooks, at the address the deployment configures: the
    /// hidden variable reads the console_url label of Watchdog, which Prometheus fills from its external label.
    /// </summary>
    [Fact]
    public void EveryDashboard_LinksToTheConsoleAndRunbooks_AtTheDeploymentsAddress()
    {
        foreach (var file in GrafanaDashboards.Files)
        {
            var dashboard = GrafanaDashboards.Load(file);
            var urls = dashboard.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("url").GetString()).ToList();
            Assert.Contains("${consola}/slo", urls);
            Assert.Contains("${consola}/runbooks", urls);
            var variable = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "consola");
            Assert.Equal("label_values(ALERTS{alertname=\"Watchdog\"}, console_url)", variable.GetProperty("definition").GetString());
        }
        var watchdog = ObservabilityFiles.Alerts().Single(a => a.Name == "Watchdog");
        Assert.Equal("{{ $externalLabels.console_url }}", watchdog.Labels["console_url"]);
    }
}
