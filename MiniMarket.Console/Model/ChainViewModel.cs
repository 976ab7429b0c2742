using Microsoft.Extensions.Options;
using MiniMarket.Console.Services;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Model;

/// <summary>One store on the chain overview: its state and today's numbers (null: no data, never a 0 the source did not give).</summary>
public sealed record StoreRow(
    string Id,
    string Name,
    SystemStatus Status,
    IReadOnlyList<string> Reasons,
    double? SalesToday,
    double? ProjectedToday,
    double? CriticalProducts,
    double? PendingOrders,
    double? DraftInvoices,
    int CriticalAlerts,
    int HighAlerts,
    int OtherAlerts,
    int TargetsDown)
{
    public int FiringAlerts => CriticalAlerts + HighAlerts + OtherAlerts;

    /// <summary>Today's sales as a share of the projection (null without both).</summary>
    public double? SalesVsProjection => SalesToday is { } s && ProjectedToday is > 0 and var p ? s / p : null;
}

/// <summary>The chain overview: a row per store, the chain's totals, today's sales per store over time, and what went wrong.</summary>
public sealed record ChainSnapshot(
    IReadOnlyList<StoreRow> Stores,
    StoreRow Totals,
    IReadOnlyList<ChartLine> SalesToday,
    DateTimeOffset RangeStart,
    DateTimeOffset RangeEnd,
    TimeSpan Step,
    string? Error,
    DateTimeOffset CheckedAt);

/// <summary>
/// "¿Está todo bien?" for every store at once, read from the chain's Prometheus (Mimir; a store's own Prometheus for a
/// store alone, where series carry no store label and are the console's own store). Every figure is one query grouped by
/// <c>store</c> — the number of queries does not grow with the stores (a test counts them) —, on the metrics the agents
/// export and the ALERTS series each store's rules write. A store is <b>sin visibilidad</b> when its Prometheus sent
/// data in the last day but none now (or it is one of Chain:Stores and never did), <b>problema</b> with a critical or high alert
/// firing or a target down, <b>ok</b> otherwise.
/// </summary>
public sealed class ChainViewModel(IPrometheusClient prometheus, IOptions<StoreOptions> store, IOptions<ChainOptions> chain, TimeProvider time)
{
    public const string SalesQuery = "sum by (store) (negocio_ventas_hoy_ars)";
    public const string ProjectedQuery = "sum by (store) (negocio_ventas_proyectadas_hoy_ars)";
    public const string CriticalQuery = "max by (store) (deposito_productos_criticos)";
    public const string OrdersQuery = "sum by (store) (negocio_ordenes_abiertas)";
    public const string InvoicesQuery = "max by (store) (negocio_facturas_pendientes)";
    public const string AlertsQuery = "count by (store, severity) (ALERTS{alertstate=\"firing\", severity=~\"critical|high|medium\"})";
    public const string TargetsDownQuery = "count by (store) (up == 0)";
    /// <summary>The stores whose Prometheus is sending now (its own scrape, within the lookback).</summary>
    public const string SeenNowQuery = "group by (store) (up{job=\"prometheus\"})";
    /// <summary>The stores whose Prometheus sent in the last day: one missing from <see cref="SeenNowQuery"/> went silent.</summary>
    public const string SeenTodayQuery = "group by (store) (present_over_time(up{job=\"prometheus\"}[1d]))";
    /// <summary>The stores' names, as their services are configured (Store:Name).</summary>
    public const string NamesQuery = "max by (store, store_id, store_name) (minimarket_store_info)";

    /// <summary>Every instant query of a refresh (the observability tests run each one on a real Prometheus).</summary>
    public static IReadOnlyList<string> Queries { get; } =
        [SalesQuery, ProjectedQuery, CriticalQuery, OrdersQuery, InvoicesQuery, AlertsQuery, TargetsDownQuery, SeenNowQuery, SeenTodayQuery, NamesQuery];

    public static readonly TimeSpan ChartStep = TimeSpan.FromMinutes(5);

    /// <param name="at">The refresh's clock tick (every open tab asks the same queries at the same instant), else now.</param>
    /// <param name="only">The stores the person may see (an encargado's); null: every store. The queries are the same.</param>
    public async Task<ChainSnapshot> LoadAsync(DateTimeOffset? at = null, IReadOnlySet<string>? only = null, CancellationToken cancellationToken = default)
    {
        var now = PromQl.WholeSecond(at ?? time.GetUtcNow());
        var local = BuenosAiresTime.ToLocal(now);
        var midnight = new DateTimeOffset(local.Date, local.Offset).ToUniversalTime();
        var start = midnight < now - ChartStep ? midnight : now - ChartStep;
        var instant = Queries.ToDictionary(q => q, q => prometheus.QueryAsync(q, now, cancellationToken), StringComparer.Ordinal);
        var range = prometheus.QueryRangeAsync(SalesQuery, start, now, ChartStep, cancellationToken);
        await Task.WhenAll(instant.Values.Cast<Task>().Append(range));

        var failed = instant.Values.Select(t => t.Result).FirstOrDefault(r => !r.Ok);
        if (failed is not null)
        {
            var empty = new StoreRow("", "", SystemStatus.NoVisibility, [], null, null, null, null, null, 0, 0, 0, 0);
            return new ChainSnapshot([], empty, [], start, now, ChartStep, "Prometheus: " + failed.Error!.Message, now);
        }
        IReadOnlyList<PromSample> Result(string query) => instant[query].Result.Value!;
        var own = store.Value;
        string Id(IReadOnlyDictionary<string, string> labels) => labels.GetValueOrDefault("store") is { Length: > 0 } id ? id : own.Id;
        Dictionary<string, double> ByStore(string query) => Result(query).Where(s => double.IsFinite(s.Value))
            .GroupBy(s => Id(s.Metric), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);

        // A store's Prometheus may also scrape a service of another store (a console shared by the chain): the name is the
        // one its own services give (store_id equal to the store label).
        var names = Result(NamesQuery).GroupBy(s => Id(s.Metric), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Where(s => s.Metric.GetValueOrDefault("store_id") == g.Key)
                .Select(s => s.Metric.GetValueOrDefault("store_name")).FirstOrDefault(n => !string.IsNullOrEmpty(n)), StringComparer.Ordinal);
        var sending = Result(SeenNowQuery).Select(s => Id(s.Metric)).ToHashSet(StringComparer.Ordinal);
        var today = Result(SeenTodayQuery).Select(s => Id(s.Metric)).ToHashSet(StringComparer.Ordinal);
        var expected = chain.Value.Stores.Select(s => s.Id);
        var sales = ByStore(SalesQuery);
        var projected = ByStore(ProjectedQuery);
        var critical = ByStore(CriticalQuery);
        var orders = ByStore(OrdersQuery);
        var invoices = ByStore(InvoicesQuery);
        var down = ByStore(TargetsDownQuery);
        var alerts = Result(AlertsQuery).Where(s => double.IsFinite(s.Value))
            .GroupBy(s => (Store: Id(s.Metric), Severity: s.Metric.GetValueOrDefault("severity", "")))
            .ToDictionary(g => g.Key, g => (int)g.Sum(s => s.Value));
        int Alerts(string id, string severity) => alerts.GetValueOrDefault((id, severity));

        var ids = sending.Concat(today).Concat(expected).Concat(names.Keys).Concat(sales.Keys).Distinct(StringComparer.Ordinal)
            .Where(id => only is null || only.Contains(id));
        var rows = new List<StoreRow>();
        foreach (var id in ids)
        {
            var name = names.GetValueOrDefault(id) ?? chain.Value.Stores.FirstOrDefault(s => s.Id == id)?.Name ?? (id == own.Id ? own.Name : id);
            var reasons = new List<string>();
            var status = SystemStatus.Ok;
            if (!sending.Contains(id))
            {
                status = SystemStatus.NoVisibility;
                reasons.Add(today.Contains(id) ? "Dejó de enviar datos (los envió en el último día)." : "No envió datos en el último día.");
            }
            else
            {
                var severe = Alerts(id, "critical") + Alerts(id, "high");
                if (severe > 0) reasons.Add($"{severe} alerta(s) crítica(s) o alta(s) disparada(s).");
                if (down.GetValueOrDefault(id) is > 0 and var d) reasons.Add($"{d:0} servicio(s) sin responder.");
                if (reasons.Count > 0) status = SystemStatus.Problem;
            }
            double? Value(Dictionary<string, double> values) => values.TryGetValue(id, out var v) ? v : null;
            rows.Add(new StoreRow(id, name, status, reasons, Value(sales), Value(projected), Value(critical), Value(orders), Value(invoices),
                Alerts(id, "critical"), Alerts(id, "high"), Alerts(id, "medium"), (int)down.GetValueOrDefault(id)));
        }
        rows.Sort((a, b) => StatusRank(b.Status).CompareTo(StatusRank(a.Status)) is var byStatus and not 0 ? byStatus : string.Compare(a.Name, b.Name, StringComparison.Ordinal));

        var totals = new StoreRow("", "Cadena", rows.Any(r => r.Status == SystemStatus.NoVisibility) ? SystemStatus.NoVisibility
                : rows.Any(r => r.Status == SystemStatus.Problem) ? SystemStatus.Problem : SystemStatus.Ok, [],
            Sum(rows.Select(r => r.SalesToday)), Sum(rows.Select(r => r.ProjectedToday)), Sum(rows.Select(r => r.CriticalProducts)),
            Sum(rows.Select(r => r.PendingOrders)), Sum(rows.Select(r => r.DraftInvoices)),
            rows.Sum(r => r.CriticalAlerts), rows.Sum(r => r.HighAlerts), rows.Sum(r => r.OtherAlerts), rows.Sum(r => r.TargetsDown));

        // The range's points fall on its steps (up to 5 minutes before now): each line ends with the same query's value now.
        var chart = range.Result.Ok
            ? range.Result.Value!.Select(s =>
            {
                var id = Id(s.Metric);
                var points = s.Points.Select(p => (p.Timestamp, p.Value)).ToList();
                if (sales.TryGetValue(id, out var current) && (points.Count == 0 || points[^1].Timestamp < now)) points.Add((now, current));
                return new ChartLine(rows.FirstOrDefault(r => r.Id == id)?.Name ?? id, points, SalesQuery);
            }).OrderBy(l => l.Name, StringComparer.Ordinal).ToList()
            : [];
        return new ChainSnapshot(rows, totals, chart, start, now, ChartStep, null, now);
    }

    /// <summary>Worst first: sin visibilidad, problema, ok.</summary>
    private static int StatusRank(SystemStatus status) => status switch { SystemStatus.NoVisibility => 2, SystemStatus.Problem => 1, _ => 0 };

    private static double? Sum(IEnumerable<double?> values)
    {
        var present = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return present.Count == 0 ? null : present.Sum();
    }
}
