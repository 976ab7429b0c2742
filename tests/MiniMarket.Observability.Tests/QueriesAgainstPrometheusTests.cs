using MiniMarket.Testing;
using System.Net.Http.Json;
using System.Text.Json;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// Every PromQL expression the project writes — alert and recording rules, every Grafana panel, the console's KPIs — sent to a real
/// Prometheus that scraped the real services after a workload: it parses, and every metric it reads exists there.
/// Grafana panels must also return data.
/// </summary>
public class QueriesAgainstPrometheusTests(ObservedServices stack) : IClassFixture<ObservedServices>
{
    /// <summary>Metrics that exist only in compose (none: every panel and rule is proven here). Kept short on purpose.</summary>
    public static readonly string[] ComposeOnlyMetrics = [];

    /// <summary>Panels that may be empty with the workload and why (they are series that appear on events).</summary>
    public static readonly Dictionary<string, string> MayBeEmpty = new(StringComparer.Ordinal)
    {
        ["ml_inflacion_calculada_percent"] = "absent until ml has measured the store's inflation (60 days of purchases)",
        ["negocio_ventas_proyectadas_hoy_ars"] = "absent while ml cannot forecast",
    };

    public static IEnumerable<object[]> Expressions()
    {
        foreach (var alert in ObservabilityFiles.Alerts()) yield return ["alerta " + alert.Name, alert.Expr, false];
        foreach (var record in ObservabilityFiles.RecordingRules()) yield return ["registro " + record.Record, record.Expr, false];
        foreach (var query in GrafanaDashboards.Queries().Where(q => q.DatasourceUid == "prometheus"))
            yield return [$"grafana {query.Dashboard} / {query.Panel}", query.Expr, true];
        foreach (var kpi in MiniMarket.Console.Model.Kpis.All) yield return ["consola KPI " + kpi.Id, kpi.PromQl, true];
        foreach (var query in MiniMarket.Console.Model.HealthViewModel.Queries) yield return ["consola Salud " + query, query, true];
        foreach (var query in MiniMarket.Console.Model.HealthViewModel.BackupQueries) yield return ["consola Salud backups " + query, query, true];
        foreach (var query in MiniMarket.Console.Model.BusinessKpisViewModel.Queries.Except(MiniMarket.Console.Model.Kpis.All.Select(k => k.PromQl)))
            yield return ["consola KPIs de negocio " + query, query, true];
        yield return ["consola Modelos deriva", MiniMarket.Console.Components.Pages.Models.Models.DriftQuery, true];
        foreach (var query in MiniMarket.Console.Model.SloViewModel.Queries) yield return ["consola SLOs " + query, query, true];
        // The same console queries scoped to a store (the store selector): the console's own store still has every figure on
        // its own Prometheus (whose series carry no store label); another store's: AnotherStoresQuery_OnAStorePrometheus_IsEmpty.
        foreach (var query in ConsoleStoreQueries().Distinct(StringComparer.Ordinal))
        {
            yield return ["consola sucursal propia " + query, new MiniMarket.Console.Services.StoreScope("casa-central", Own: true).Apply(query), true];
        }
        // The chain overview: firing alerts and targets down may be none after the workload; the rest must have data.
        foreach (var query in MiniMarket.Console.Model.ChainViewModel.Queries)
            yield return ["consola Sucursales " + query, query, query is not (MiniMarket.Console.Model.ChainViewModel.AlertsQuery or MiniMarket.Console.Model.ChainViewModel.TargetsDownQuery or MiniMarket.Console.Model.ChainViewModel.ProjectedQuery)];
        // Grafana's variables: label_values(series, label) needs the series with that label.
        foreach (var (dashboard, name, series, label) in GrafanaDashboards.Variables())
        {
            var selector = series.EndsWith('}') ? $"{series[..^1]}, {label}!=\"\"}}" : $"{series}{{{label}!=\"\"}}";
            // The store label exists at the chain's central store only (the store Prometheus' external label).
            yield return [$"grafana {dashboard} variable {name}", $"count by ({label}) ({selector})", label != "store"];
        }
    }

    /// <summary>What the store's pages ask (Inicio, KPIs, Salud, SLOs, Modelos), each scoped to the chosen store.</summary>
    private static IEnumerable<string> ConsoleStoreQueries() =>
        MiniMarket.Console.Model.Kpis.All.Select(k => k.PromQl)
            .Concat(MiniMarket.Console.Model.HealthViewModel.Queries)
            .Concat(MiniMarket.Console.Model.HealthViewModel.BackupQueries)
            .Concat(MiniMarket.Console.Model.BusinessKpisViewModel.Queries)
            .Concat(MiniMarket.Console.Model.SloViewModel.Queries)
            .Append(MiniMarket.Console.Components.Pages.Models.Models.DriftQuery)
            .Append("up").Append("timestamp(up)").Append("ALERTS");

    [Theory]
    [MemberData(nameof(ScopedEmpty))]
    public async Task AnotherStoresQuery_OnAStorePrometheus_IsEmpty(string query)
    {
        var response = await stack.Query.PostAsync("api/v1/query", new FormUrlEncodedContent([new("query", PromQlNames.Substitute(query))]));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("status").GetString() == "success", $"{query}: {body}");
        // Nothing read from this store's series: no series at all (a scalar such as time() alone is no series).
        var data = body.GetProperty("data");
        Assert.True(data.GetProperty("resultType").GetString() == "scalar" || data.GetProperty("result").GetArrayLength() == 0, $"{query}: {body}");
    }

    public static IEnumerable<object[]> ScopedEmpty() => ConsoleStoreQueries().Distinct(StringComparer.Ordinal)
        .Select(q => new object[] { new MiniMarket.Console.Services.StoreScope("quilmes", Own: false).Apply(q) });

    [Fact]
    public void ComposeOnlyExceptions_AreFew() => Assert.True(ComposeOnlyMetrics.Length <= 3);

    [Fact]
    public void Expressions_CoverEveryRuleAndPanel()
    {
        var all = Expressions().ToList();
        Assert.True(all.Count >= ObservabilityFiles.Alerts().Count + ObservabilityFiles.RecordingRules().Count + 40, $"only {all.Count} expressions");
    }

    [Theory]
    [MemberData(nameof(Expressions))]
    public async Task Expression_ParsesAndReadsOnlyExportedMetrics(string where, string expr, bool mustReturnData)
    {
        var query = PromQlNames.Substitute(expr);
        var response = await stack.Query.PostAsync("api/v1/query", new FormUrlEncodedContent([new("query", query)]));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("status").GetString() == "success", $"{where}: {body}");

        var names = (await stack.NamesAsync()).ToHashSet(StringComparer.Ordinal);
        var missing = PromQlNames.Of(query).Where(n => !names.Contains(n) && !ComposeOnlyMetrics.Contains(n)).ToList();
        Assert.True(missing.Count == 0 || missing.All(MayBeEmpty.ContainsKey), $"{where}: {string.Join(", ", missing)} not exported. Query: {query}");

        if (mustReturnData && !PromQlNames.Of(query).Any(MayBeEmpty.ContainsKey))
        {
            // A subquery ([15m:15s], [1d:1m]) only has points at its step's boundaries: right after the first scrapes it may
            // still be empty. Ask again for a bounded while before calling it "no data".
            var deadline = DateTime.UtcNow.AddSeconds(query.Contains(":1m])", StringComparison.Ordinal) ? 75 : 30);
            while (IsEmpty(body) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                response = await stack.Query.PostAsync("api/v1/query", new FormUrlEncodedContent([new("query", query)]));
                body = await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            Assert.False(IsEmpty(body), $"{where}: no data. Query: {query}");
        }
    }

    private static bool IsEmpty(JsonElement body)
    {
        var result = body.GetProperty("data").GetProperty("result");
        return result.ValueKind == JsonValueKind.Array && result.GetArrayLength() == 0;
    }

    [Fact]
    public void NameReader_FindsMetricsNotFunctionsLabelsOrKeywords()
    {
        Assert.Equal(["http_request_duration_seconds_bucket"],
            PromQlNames.Of("histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{code=~\"5..\"}[5m])))"));
        Assert.Equal(["up"], PromQlNames.Of("label_replace(count by (job) (up offset 15m) unless count by (job) (up), \"service\", \"$1\", \"job\", \"(.*)\")"));
        Assert.Equal(["a_total", "b"], PromQlNames.Of("sum(rate(a_total[5m])) / on(service) group_left(x) b > bool 0.5"));
    }

    /// <summary>
    /// The SLOs page as the console builds it, on the real Prometheus after the workload: every objective of the definition
    /// for every service has its budget, burn rates and the time its data starts, and the budget over time has points.
    /// </summary>
    [Fact]
    public async Task SloPage_OnTheRealPrometheus_HasFiguresForEveryObjective()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new MiniMarket.Console.Services.ObservabilityOptions
        {
            PrometheusUrl = stack.Prometheus.Url.ToString(), SlosPath = SloRules.DefinitionFile,
        });
        using var http = new HttpClient { BaseAddress = stack.Prometheus.Url };
        var model = new MiniMarket.Console.Model.SloViewModel(new MiniMarket.Console.Services.PrometheusClient(http),
            new MiniMarket.Console.Services.SloCatalog(options), TimeProvider.System);

        static string Missing(MiniMarket.Console.Model.SloSnapshot s) => s.Error ?? string.Join(", ", s.Rows
            .Where(r => r.Remaining is null || r.Burn1h is null || r.DataSince is null || r.BudgetOverTime.Count == 0)
            .Select(r => $"{r.Definition.Id}/{r.Service} (restante {r.Remaining}, 1h {r.Burn1h}, desde {r.DataSince}, puntos {r.BudgetOverTime.Count})"));
        await Poll.UntilAsync(async () => Missing(await model.LoadAsync(chart: true)), missing => missing.Length == 0,
            TimeSpan.FromSeconds(90), "every objective with figures (missing)");
        var snapshot = await model.LoadAsync(chart: true);
        Assert.Equal(SloRules.Load().All.Sum(s => s.Services.Count), snapshot.Rows.Count);
        Assert.All(snapshot.Rows, r => Assert.True(r.Provisional(snapshot.CheckedAt), "minutes of data are provisional"));
    }
}
