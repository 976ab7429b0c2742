using Microsoft.Extensions.Options;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Model;

/// <summary>
/// One query of a chart: its PromQL and how each of its series is named in the legend — the value of
/// <see cref="LegendLabel"/> when set (one series per label value), else the fixed <see cref="LegendKey"/> text.
/// </summary>
public sealed record ChartQuery(string PromQl, string? LegendKey = null, string? LegendLabel = null);

/// <summary>A chart of the KPIs page: title, definition and caveats (resource keys), unit and queries.</summary>
public sealed record KpiChartDefinition(string Id, KpiUnit Unit, IReadOnlyList<ChartQuery> Queries)
{
    public string TitleKey => $"Chart.{Id}.Title";
    public string DefinitionKey => $"Chart.{Id}.Definition";
    public string CaveatsKey => $"Chart.{Id}.Caveats";
}

/// <summary>A breakdown (one bar per label value, now) of the KPIs page.</summary>
public sealed record KpiBreakdownDefinition(string Id, KpiUnit Unit, string PromQl, string Label)
{
    public string TitleKey => $"Chart.{Id}.Title";
    public string DefinitionKey => $"Chart.{Id}.Definition";
    public string CaveatsKey => $"Chart.{Id}.Caveats";
}

/// <summary>A named line of a chart. Points with NaN or ±Inf are gaps, never zeros.</summary>
public sealed record ChartLine(string Name, IReadOnlyList<(DateTimeOffset Time, double Value)> Points, string PromQl);

/// <summary>A shaded range under a chart's lines (a forecast's p10–p90 band): its name in the legend, and low/high per point.</summary>
public sealed record ChartBand(string Name, IReadOnlyList<(DateTimeOffset Time, double Low, double High)> Points);

/// <summary>A chart as loaded: its lines, or why it has none (no data, or the source's error), and Prometheus' warnings.</summary>
public sealed record ChartData(KpiChartDefinition Definition, IReadOnlyList<ChartLine> Lines, string? NoData, IReadOnlyList<string> Warnings);

/// <summary>A breakdown as loaded: (label value, value) pairs, largest first, or why there are none.</summary>
public sealed record BreakdownData(KpiBreakdownDefinition Definition, IReadOnlyList<(string Name, double Value)> Bars, string? NoData);

public sealed record BusinessKpisSnapshot(
    TimeRange Range,
    IReadOnlyList<KpiValue> Cards,
    IReadOnlyList<ChartData> Charts,
    IReadOnlyList<BreakdownData> Breakdowns,
    DateTimeOffset CheckedAt,
    string? GrafanaUrl);

/// <summary>
/// The KPIs de negocio page: the Business KPIs of the Grafana dashboard (minimarket-business), native — cards with
/// today's values, time series over the chosen range, breakdowns by category — every query issued in parallel.
/// </summary>
public sealed class BusinessKpisViewModel(IPrometheusClient prometheus, IOptions<ObservabilityOptions> options, TimeProvider time)
{
    public const string GrafanaDashboardUid = "minimarket-business";

    public static readonly KpiDefinition SalesProgress = new("AvanceVentas", "sum(negocio_ventas_hoy_ars) / sum(negocio_ventas_proyectadas_hoy_ars)", KpiUnit.Ratio);
    public static readonly KpiDefinition SeasonalFactor = new("FactorEstacional", "max(deposito_factor_estacional)", KpiUnit.Factor);
    public static readonly KpiDefinition StockValue = new("ValorStock", "sum(deposito_stock_valor_ars)", KpiUnit.Ars);

    /// <summary>The cards, in the order shown: the home page's KPIs and three more of the dashboard.</summary>
    public static IReadOnlyList<KpiDefinition> Cards { get; } =
        [Kpis.SalesToday, Kpis.ProjectedToday, SalesProgress, Kpis.CriticalProducts, Kpis.PendingOrders, Kpis.DraftInvoices, SeasonalFactor, StockValue];

    public static IReadOnlyList<KpiChartDefinition> Charts { get; } =
    [
        new("Ventas", KpiUnit.Ars,
        [
            new("sum(negocio_ventas_hoy_ars)", LegendKey: "Chart.Ventas.Real"),
            new("sum(negocio_ventas_proyectadas_hoy_ars)", LegendKey: "Chart.Ventas.Projected"),
        ]),
        new("Criticos", KpiUnit.Count, [new("max(deposito_productos_criticos)", LegendKey: "Chart.Criticos.Line")]),
        new("OrdenesGeneradas", KpiUnit.Count, [new("sum by (origen) (increase(negocio_ordenes_generadas_total[1h]))", LegendLabel: "origen")]),
        new("FacturasPorHora", KpiUnit.Count,
        [
            new("sum by (resultado) (increase(negocio_facturas_procesadas_total[1h]))", LegendLabel: "resultado"),
            new("sum(increase(negocio_facturas_confirmadas_total[1h]))", LegendKey: "Chart.FacturasPorHora.Confirmed"),
        ]),
        new("Movimientos", KpiUnit.Count, [new("60 * sum by (tipo) (rate(deposito_productos_procesados_total[5m]))", LegendLabel: "tipo")]),
        new("Inflacion", KpiUnit.Percent,
        [
            new("max(ml_inflacion_calculada_percent)", LegendKey: "Chart.Inflacion.Measured"),
            new("max(ml_inflacion_baseline_percent)", LegendKey: "Chart.Inflacion.Baseline"),
        ]),
    ];

    public static IReadOnlyList<KpiBreakdownDefinition> Breakdowns { get; } =
    [
        new("StockPorCategoria", KpiUnit.Ars, "sum by (categoria) (deposito_stock_valor_ars)", "categoria"),
        new("OrdenesPorEstado", KpiUnit.Count, "sum by (estado) (negocio_ordenes_abiertas)", "estado"),
    ];

    /// <summary>Every PromQL the page runs (the observability tests run each one on a real Prometheus).</summary>
    public static IEnumerable<string> Queries =>
        Cards.Select(c => c.PromQl).Concat(Charts.SelectMany(c => c.Queries).Select(q => q.PromQl)).Concat(Breakdowns.Select(b => b.PromQl));

    public async Task<BusinessKpisSnapshot> LoadAsync(TimeRange range, Func<string, string> text, CancellationToken cancellationToken = default)
    {
        var cards = Cards.Select(c => KpiQueries.ValueAsync(prometheus, c, cancellationToken)).ToList();
        var charts = Charts.Select(c => LoadChartAsync(c, range, text, cancellationToken)).ToList();
        var breakdowns = Breakdowns.Select(b => LoadBreakdownAsync(b, cancellationToken)).ToList();
        await Task.WhenAll(cards.Cast<Task>().Concat(charts).Concat(breakdowns));
        return new BusinessKpisSnapshot(range, cards.Select(t => t.Result).ToList(), charts.Select(t => t.Result).ToList(),
            breakdowns.Select(t => t.Result).ToList(), time.GetUtcNow(), GrafanaLinks.Dashboard(options, GrafanaDashboardUid, range.Start, range.End));
    }

    private async Task<ChartData> LoadChartAsync(KpiChartDefinition chart, TimeRange range, Func<string, string> text, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(chart.Queries.Select(q => prometheus.QueryRangeAsync(q.PromQl, range.Start, range.End, range.Step, cancellationToken)));
        var lines = new List<ChartLine>();
        var errors = new List<string>();
        var warnings = new List<string>();
        for (var i = 0; i < results.Length; i++)
        {
            var (query, result) = (chart.Queries[i], results[i]);
            if (!result.Ok)
            {
                errors.Add(result.Error!.Message);
                continue;
            }
            warnings.AddRange(result.Warnings);
            foreach (var series in result.Value!)
            {
                var name = query.LegendLabel is { } label
                    ? series.Metric.GetValueOrDefault(label) is { Length: > 0 } value ? value : text("Chart.NoLabel")
                    : text(query.LegendKey ?? chart.TitleKey);
                lines.Add(new ChartLine(name, series.Points, query.PromQl));
            }
        }
        var noData = lines.Count > 0 ? null : errors.Count > 0 ? string.Join(" ", errors.Distinct(StringComparer.Ordinal)) : text("Chart.NoData");
        // Some lines may load and others fail: the chart shows what it has and says what is missing.
        if (lines.Count > 0 && errors.Count > 0) warnings.AddRange(errors);
        return new ChartData(chart, lines, noData, warnings.Distinct(StringComparer.Ordinal).ToList());
    }

    private async Task<BreakdownData> LoadBreakdownAsync(KpiBreakdownDefinition breakdown, CancellationToken cancellationToken)
    {
        var result = await prometheus.QueryAsync(breakdown.PromQl, cancellationToken: cancellationToken);
        if (!result.Ok) return new BreakdownData(breakdown, [], result.Error!.Message);
        var bars = result.Value!
            .Where(s => double.IsFinite(s.Value))
            .Select(s => (Name: s.Metric.GetValueOrDefault(breakdown.Label, ""), s.Value))
            .OrderByDescending(b => b.Value).ThenBy(b => b.Name, StringComparer.Ordinal).ToList();
        return new BreakdownData(breakdown, bars, bars.Count == 0 ? "Prometheus no tiene datos de esta medida." : null);
    }
}

/// <summary>A KPI's value now, shared by the home and KPIs pages: NaN, ±Inf or no series is "sin datos", never 0.</summary>
public static class KpiQueries
{
    public static async Task<KpiValue> ValueAsync(IPrometheusClient prometheus, KpiDefinition kpi, CancellationToken cancellationToken)
    {
        var result = await prometheus.QueryAsync(kpi.PromQl, cancellationToken: cancellationToken);
        if (!result.Ok) return new KpiValue(kpi, null, result.Error!.Message);
        var sample = result.Value!.Count > 0 ? result.Value[0] : null;
        return sample is null || !double.IsFinite(sample.Value)
            ? new KpiValue(kpi, null, "Prometheus no tiene datos de esta medida.")
            : new KpiValue(kpi, sample.Value, null);
    }
}
