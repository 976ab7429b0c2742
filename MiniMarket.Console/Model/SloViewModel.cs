using MiniMarket.Console.Services;

namespace MiniMarket.Console.Model;

/// <summary>An objective's state: budget left and not burning fast, burning faster than allowed, budget spent, or no data.</summary>
public enum SloState
{
    Ok,
    Burning,
    Exhausted,
    NoData,
}

/// <summary>
/// One objective for one service now, from the generated recording rules: burn rates (1 = spending exactly the 30-day budget),
/// the share of the budget left, since when the rules have data, the budget over time, and the SLO alerts on it.
/// </summary>
public sealed record SloStatus(
    SloDefinition Definition,
    string Service,
    double? Burn1h,
    double? Burn6h,
    double? Burn30d,
    double? Remaining,
    DateTimeOffset? DataSince,
    IReadOnlyList<PromAlert> Alerts,
    IReadOnlyList<(DateTimeOffset Time, double Value)> BudgetOverTime)
{
    /// <summary>A budget measured on less than this much data is provisional: shown, never a "problema" on Inicio.</summary>
    public static readonly TimeSpan MinimumData = TimeSpan.FromDays(1);

    /// <summary>What the window achieved: the share of good events (ratio objectives) or bad events an hour (count objectives).</summary>
    public double? Achieved => Burn30d is not { } burn ? null
        : Definition.IsCount ? burn * Definition.MaxPerHour!.Value
        : 1 - burn * Definition.Budget!.Value;

    /// <summary>The budget left in minutes of the window's bad share (ratio objectives; for availability, minutes of outage).</summary>
    public double? MinutesLeft(TimeSpan window) => Remaining is { } left && Definition.Budget is { } budget ? left * budget * window.TotalMinutes : null;

    /// <summary>The bad events still allowed in the window (count objectives).</summary>
    public double? EventsLeft(TimeSpan window) => Remaining is { } left && Definition.MaxPerHour is { } max ? left * max * window.TotalHours : null;

    public bool Provisional(DateTimeOffset now) => DataSince is not { } since || now - since < MinimumData;

    public SloState State => Remaining is not { } left ? SloState.NoData
        : left <= 0 ? SloState.Exhausted
        : Burn1h > 1 || Alerts.Count > 0 ? SloState.Burning
        : SloState.Ok;
}

/// <summary>The SLOs page at one moment; <see cref="Error"/> says why there are no figures (Prometheus unreadable).</summary>
public sealed record SloSnapshot(DateTimeOffset CheckedAt, IReadOnlyList<SloStatus> Rows, TimeSpan Window, string? Error, TimeSpan ChartStep = default)
{
    /// <summary>Objectives whose budget is spent, measured on enough data to say so: each is a "problema".</summary>
    public IReadOnlyList<SloStatus> Exhausted => Rows.Where(r => r.State == SloState.Exhausted && !r.Provisional(CheckedAt)).ToList();

    public int Count(SloState state) => Rows.Count(r => r.State == state);
}

/// <summary>
/// Builds the SLOs page (and the summaries of Inicio and Salud) from the SLOs' definition and the recording rules generated
/// from it (observability/prometheus/rules/slo.rules.yml): every figure is a query a test runs on a real Prometheus.
/// </summary>
public sealed class SloViewModel(IPrometheusClient prometheus, SloCatalog catalog, TimeProvider time)
{
    public const string Burn1hQuery = "slo:burn_rate:rate1h";
    public const string Burn6hQuery = "slo:burn_rate:rate6h";
    public const string Burn30dQuery = "slo:burn_rate:rate30d";
    public const string RemainingQuery = "slo:error_budget:remaining_ratio";

    /// <summary>
    /// When each objective's rules first had data in the window: the budget covers only that. To the hour over the 30 days and
    /// to the minute over the last day (two cheap subqueries, 720 and 1,440 steps, told apart by a label so that both are kept).
    /// </summary>
    public const string DataSinceQuery = "min by (slo, service) ("
        + "label_replace(min_over_time(timestamp(slo:burn_rate:rate5m)[30d:1h]), \"resolution\", \"1h\", \"\", \"\")"
        + " or label_replace(min_over_time(timestamp(slo:burn_rate:rate5m)[1d:1m]), \"resolution\", \"1m\", \"\", \"\"))";

    public static IReadOnlyList<string> Queries { get; } = [Burn1hQuery, Burn6hQuery, Burn30dQuery, RemainingQuery, DataSinceQuery];

    /// <summary>The budget over time: one range query for every objective.</summary>
    public const string BudgetRangeQuery = RemainingQuery;

    public const int ChartPoints = 120;

    public SloCatalog Catalog => catalog;

    /// <summary>Every objective with its figures; <paramref name="chart"/> also reads the budget over time (the SLOs page).</summary>
    public Task<SloSnapshot> LoadAsync(bool chart, CancellationToken cancellationToken = default) => LoadAsync(chart, null, cancellationToken);

    /// <summary>
    /// The same at <paramref name="at"/> (a live view's clock tick, <c>LiveRefresh.Tick</c>), so that every session
    /// refreshing on that tick asks the same queries even when its turn comes a moment later; now when null.
    /// </summary>
    public async Task<SloSnapshot> LoadAsync(bool chart, DateTimeOffset? at, CancellationToken cancellationToken = default)
    {
        // Every figure at one instant, a whole second: the sessions refreshing together ask the same queries (shared).
        var now = PromQl.WholeSecond(at ?? time.GetUtcNow());
        var answers = Queries.Select(q => prometheus.QueryAsync(q, now, cancellationToken)).ToList();
        var alertsTask = prometheus.GetAlertsAsync(cancellationToken);
        await Task.WhenAll(answers.Cast<Task>().Append(alertsTask));
        var failed = answers.Select(a => a.Result).FirstOrDefault(a => !a.Ok);
        if (failed is not null)
            return new SloSnapshot(now, [], catalog.Window, failed.Error!.Message);

        var figures = answers.Select(a => ByObjective(a.Result.Value!)).ToList();
        var alerts = await alertsTask;
        var sloAlerts = alerts.Ok
            ? alerts.Value!.Where(a => a.Labels.GetValueOrDefault("alertname", "").StartsWith("SLOErrorBudgetBurn", StringComparison.Ordinal)).ToList()
            : [];
        var since = figures[4].ToDictionary(kv => kv.Key, kv => DateTimeOffset.FromUnixTimeMilliseconds((long)(kv.Value * 1000)));

        var series = new Dictionary<(string, string), IReadOnlyList<(DateTimeOffset, double)>>();
        var step = TimeSpan.Zero;
        if (chart && since.Count > 0)
        {
            var start = Max(since.Values.Min(), now - catalog.Window);
            if (now - start < TimeSpan.FromMinutes(2)) start = now - TimeSpan.FromMinutes(2);
            step = PromQl.Step(now - start, TimeSpan.FromSeconds(30), ChartPoints);
            var range = await prometheus.QueryRangeAsync(BudgetRangeQuery, start, now, step, cancellationToken);
            if (range.Ok)
            {
                foreach (var s in range.Value!)
                    series[(s.Metric.GetValueOrDefault("slo", ""), s.Metric.GetValueOrDefault("service", ""))] = s.Points.Where(p => double.IsFinite(p.Value)).ToList();
            }
        }

        var rows = catalog.All.SelectMany(slo => slo.Services.Select(service =>
        {
            var key = (slo.Id, service);
            double? Get(int i) => figures[i].TryGetValue(key, out var v) ? v : null;
            return new SloStatus(slo, service, Get(0), Get(1), Get(2), Get(3), since.TryGetValue(key, out var s) ? s : null,
                sloAlerts.Where(a => a.Labels.GetValueOrDefault("slo") == slo.Id && a.Labels.GetValueOrDefault("service") == service).ToList(),
                series.TryGetValue(key, out var points) ? points : []);
        })).ToList();
        return new SloSnapshot(now, rows, catalog.Window, null, step);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static Dictionary<(string Slo, string Service), double> ByObjective(IReadOnlyList<PromSample> samples) => samples
        .Where(s => double.IsFinite(s.Value))
        .GroupBy(s => (s.Metric.GetValueOrDefault("slo", ""), s.Metric.GetValueOrDefault("service", "")))
        .ToDictionary(g => g.Key, g => g.First().Value);

    /// <summary>The PromQL behind one objective's figures, for guardia and admin: the SLI and the recorded series read.</summary>
    public IReadOnlyList<string> QueriesFor(SloStatus row) =>
    [
        row.Definition.QueryFor(row.Service, "5m", catalog.SlowEndpoints),
        $"slo:burn_rate:rate1h{{{PromQl.LabelMatcher("slo", row.Definition.Id)}, {PromQl.LabelMatcher("service", row.Service)}}}",
        $"slo:error_budget:remaining_ratio{{{PromQl.LabelMatcher("slo", row.Definition.Id)}, {PromQl.LabelMatcher("service", row.Service)}}}",
    ];
}
