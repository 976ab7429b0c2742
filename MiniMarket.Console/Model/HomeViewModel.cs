using Microsoft.Extensions.Options;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Model;

/// <summary>The home page's answer to "¿está todo bien?": ok, problema, or sin visibilidad (we cannot tell).</summary>
public enum SystemStatus
{
    Ok,
    Problem,
    NoVisibility,
}

/// <summary>A KPI's value now: a number, or no data with the reason (never a 0 the source did not give).</summary>
public sealed record KpiValue(KpiDefinition Definition, double? Value, string? NoData);

/// <summary>An alert the home page lists, with the first step of its runbook.</summary>
public sealed record HomeAlert(string Name, string Severity, string Service, string Summary, string? Fingerprint, string? WhatToDo);

public sealed record HomeSnapshot(
    SystemStatus Status,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<KpiValue> Kpis,
    IReadOnlyList<HomeAlert> TopAlerts,
    int TargetsDown,
    DateTimeOffset CheckedAt,
    SloSnapshot? Slos = null);

/// <summary>
/// Builds the home page: the status from the firing critical/high alerts, the scrape targets and the monitoring
/// pipeline itself (Prometheus and Alertmanager reachable, Watchdog present) — "we can't see" is never "all good" —,
/// today's KPIs (queried in parallel), and the top alerts with what to do from their runbooks.
/// </summary>
public sealed class HomeViewModel(IPrometheusClient prometheus, IAlertmanagerClient alertmanager, HealthViewModel health, RunbookLibrary runbooks,
    ILogSource loki, IOptions<ObservabilityOptions> options, TimeProvider time, SloViewModel slos, CurrentStore? store = null)
{
    public const int TopAlertCount = 5;

    /// <summary>The console's own services log all the time (requests, jobs, scrapes): no line for this long means logs are not arriving.</summary>
    public TimeSpan LogFreshness => options.Value.LogFreshness;

    /// <summary>The LogQL of the freshness check: any line of the MiniMarket services.</summary>
    public const string FreshnessQuery = "{service_name=~\"deposito|negocio|ml|console\"}";

    /// <summary>The freshness check for one store's lines (every service labels its lines with its store), or any store's.</summary>
    public static string FreshnessQueryFor(string? storeId) => storeId is null
        ? FreshnessQuery
        : FreshnessQuery[..^1] + ", " + PromQl.LabelMatcher("store", storeId) + "}";

    public async Task<HomeSnapshot> LoadAsync(CancellationToken cancellationToken = default)
    {
        var scope = store is null ? null : await store.GetAsync(cancellationToken);
        var targetsTask = health.RefreshAsync(traffic: false, cancellationToken);
        var alertsTask = alertmanager.GetAlertsAsync(cancellationToken);
        var kpiTasks = Kpis.Today.Select(k => KpiQueries.ValueAsync(prometheus, k, cancellationToken)).ToList();
        var now = time.GetUtcNow();
        var logsTask = loki.Configured ? loki.QueryRangeAsync(FreshnessQueryFor(scope?.Id), now - LogFreshness, now, 1, cancellationToken) : null;
        var slosTask = slos.LoadAsync(chart: false, cancellationToken);
        await Task.WhenAll(kpiTasks.Cast<Task>().Append(targetsTask).Append(alertsTask).Append(slosTask).Append(logsTask ?? Task.CompletedTask));
        var targets = await targetsTask;
        var alerts = await alertsTask;

        var reasons = new List<string>();
        var blind = false;
        if (logsTask is not null)
        {
            var logs = await logsTask;
            if (!logs.Ok)
            {
                blind = true;
                reasons.Add($"Logs ({loki.Name}): " + logs.Error!.Message);
            }
            else if (logs.Value!.Entries.Count == 0)
            {
                blind = true;
                reasons.Add($"No llegan logs desde hace más de {Durations.Describe(LogFreshness)} (fuente: {loki.Name}).");
            }
        }
        if (targets.UnknownReason is not null)
        {
            blind = true;
            reasons.Add("Prometheus: " + targets.UnknownReason);
        }
        IReadOnlyList<AmAlert> active = [];
        if (!alerts.Ok)
        {
            blind = true;
            reasons.Add("Alertmanager: " + alerts.Error!.Message);
        }
        else
        {
            // The chosen store's alerts (each store's Prometheus labels its alerts with its store; Alertmanager may hold the chain's).
            active = scope is null ? alerts.Value! : [.. alerts.Value!.Where(a => scope.Holds(a.Labels))];
            if (!active.Any(a => a.Name == "Watchdog"))
            {
                blind = true;
                reasons.Add("Falta la alerta Watchdog: Prometheus no está evaluando reglas o no llega a Alertmanager.");
            }
        }
        var unknownTargets = targets.Rows.Count(r => r.State == HealthState.Unknown);
        if (targets.UnknownReason is null && unknownTargets > 0)
        {
            blind = true;
            reasons.Add($"{unknownTargets} servicio(s) sin datos recientes.");
        }

        var urgent = active.Where(a => a.Name != "Watchdog" && a.State == "active" && a.Severity is "critical" or "high")
            .OrderBy(a => AlertsViewModel.SeverityRank(a.Severity)).ThenBy(a => a.StartsAt).ToList();
        var down = targets.Rows.Count(r => r.State == HealthState.Down);
        // An error budget spent (measured on enough data) is a problem even when nothing pages right now.
        var sloSnapshot = await slosTask;
        var exhausted = sloSnapshot.Exhausted;
        if (exhausted.Count > 0) reasons.Insert(0, $"Presupuesto de error agotado: {string.Join(", ", exhausted.Select(e => $"{e.Definition.Name.ToLowerInvariant()} de {e.Service}"))}.");
        if (urgent.Count > 0) reasons.Insert(0, $"{urgent.Count} alerta(s) crítica(s) o alta(s) activa(s).");
        if (down > 0) reasons.Insert(0, $"{down} servicio(s) caído(s).");
        var status = urgent.Count > 0 || down > 0 || exhausted.Count > 0 ? SystemStatus.Problem : blind ? SystemStatus.NoVisibility : SystemStatus.Ok;

        var top = active.Where(a => a.Name != "Watchdog" && a.State == "active")
            .OrderBy(a => AlertsViewModel.SeverityRank(a.Severity)).ThenBy(a => a.StartsAt).Take(TopAlertCount)
            .Select(a => new HomeAlert(a.Name, a.Severity, a.Service, a.Annotations.GetValueOrDefault("summary", a.Name), a.Fingerprint,
                runbooks.Find(a.Name)?.WhatToDo)).ToList();
        return new HomeSnapshot(status, reasons, kpiTasks.Select(t => t.Result).ToList(), top, down, time.GetUtcNow(), sloSnapshot);
    }

    public string? GrafanaBusinessUrl => GrafanaLinks.Dashboard(options, "minimarket-business", time.GetUtcNow().AddHours(-24), time.GetUtcNow());
}
