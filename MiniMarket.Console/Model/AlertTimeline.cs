using MiniMarket.Console.Services;

namespace MiniMarket.Console.Model;

/// <summary>A span of time an alert was active (pending or firing), from Prometheus' <c>ALERTS_FOR_STATE</c>.</summary>
public sealed record AlertEpisode(DateTimeOffset ActiveFrom, DateTimeOffset SeenUntil, bool Ongoing)
{
    public TimeSpan Duration => SeenUntil - ActiveFrom;
}

/// <summary>What the alert page charts: the rule's expression around the alert's start, and the alert's last 24 hours.</summary>
public sealed record AlertCharts(
    IReadOnlyList<ChartLine> Expression, DateTimeOffset Start, DateTimeOffset End, TimeSpan Step, string? ExpressionNoData, int HiddenSeries,
    IReadOnlyList<AlertEpisode> History, string? HistoryNoData);

/// <summary>
/// Loads an alert's charts, both queries in parallel: the rule's expression from an hour before the alert started to now
/// (at most a day), and its 24-hour history (<c>ALERTS_FOR_STATE</c>, whose value is when the alert became active; a gap
/// in the samples is the end of an episode).
/// </summary>
public sealed class AlertTimeline(IPrometheusClient prometheus, TimeProvider time)
{
    public static readonly TimeSpan HistoryLength = TimeSpan.FromHours(24);
    public static readonly TimeSpan HistoryStep = TimeSpan.FromMinutes(1);
    public const int MaxLines = 8;

    /// <summary>The PromQL of an alert's history: its own series (the labels that tell it apart, escaped), pending or firing.</summary>
    public static string HistoryQuery(AlertRow alert) =>
        "ALERTS_FOR_STATE{" + string.Join(",", AlertsViewModel.SilenceMatchers(alert).Select(m => PromQl.LabelMatcher(m.Name, m.Value))) + "}";

    public async Task<AlertCharts> LoadAsync(AlertRow alert, string? ruleQuery, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var since = alert.Since ?? now;
        var start = since.AddHours(-1);
        if (now - start > TimeSpan.FromHours(25)) start = now.AddHours(-25);
        var end = now > start.AddMinutes(5) ? now : start.AddMinutes(5);
        var step = PromQl.Step(end - start, TimeRange.ScrapeInterval, TimeRange.ChartPoints);

        var expressionTask = ruleQuery is { Length: > 0 }
            ? prometheus.QueryRangeAsync(ruleQuery, start, end, step, cancellationToken)
            : Task.FromResult(SourceResult<IReadOnlyList<PromSeries>>.Failure(new SourceError(SourceErrorKind.ApiError, "Prometheus no tiene una regla con este nombre.")));
        var historyTask = prometheus.QueryRangeAsync(HistoryQuery(alert), now - HistoryLength, now, HistoryStep, cancellationToken);
        await Task.WhenAll(expressionTask, historyTask);

        var expression = await expressionTask;
        List<ChartLine> lines = [];
        string? expressionNoData = null;
        var hidden = 0;
        if (!expression.Ok) expressionNoData = expression.Error!.Message;
        else
        {
            lines = expression.Value!.Take(MaxLines).Select(s => new ChartLine(SeriesName(s.Metric), s.Points, ruleQuery!)).ToList();
            hidden = Math.Max(0, expression.Value!.Count - MaxLines);
            if (lines.Count == 0) expressionNoData = "La expresión no devolvió datos en este rango.";
        }

        var history = await historyTask;
        return history.Ok
            ? new AlertCharts(lines, start, end, step, expressionNoData, hidden, Episodes(history.Value!, now), null)
            : new AlertCharts(lines, start, end, step, expressionNoData, hidden, [], history.Error!.Message);
    }

    /// <summary>
    /// Episodes from the history samples: a run of samples with the same "active since" value is one episode; it is
    /// ongoing when its last sample is within two steps of now.
    /// </summary>
    public static IReadOnlyList<AlertEpisode> Episodes(IReadOnlyList<PromSeries> series, DateTimeOffset now)
    {
        var episodes = new List<AlertEpisode>();
        foreach (var s in series)
        {
            foreach (var run in s.Points.Where(p => double.IsFinite(p.Value)).GroupBy(p => p.Value))
            {
                var activeFrom = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(run.Key * 1000));
                var last = run.Max(p => p.Timestamp);
                episodes.Add(new AlertEpisode(activeFrom, last, now - last <= HistoryStep * 2));
            }
        }
        return episodes.OrderByDescending(e => e.ActiveFrom).ToList();
    }

    private static string SeriesName(IReadOnlyDictionary<string, string> metric)
    {
        var labels = metric.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}").ToList();
        return labels.Count == 0 ? "valor" : string.Join(", ", labels);
    }
}
