using System.Globalization;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Model;

/// <summary>One alert as the console shows it, from Alertmanager (or from Prometheus when Alertmanager cannot be read).</summary>
public sealed record AlertRow(
    string? Fingerprint,
    string Name,
    string Severity,
    string Service,
    string State,
    string Summary,
    string Description,
    DateTimeOffset? Since,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<string> SilencedBy,
    IReadOnlyList<string> InhibitedBy)
{
    public bool IsWatchdog => Name == "Watchdog";

    /// <summary>The store the alert is of (its store label, from the store Prometheus' external label); empty when it has none.</summary>
    public string Store => Labels.GetValueOrDefault("store") ?? "";
}

/// <summary>What the alert list shows: the rows, where they came from, and why the list may be partial or missing.</summary>
public sealed record AlertsSnapshot(IReadOnlyList<AlertRow> Rows, string Source, string? Banner, string? Error, DateTimeOffset CheckedAt);

/// <summary>The filters of the alert list, as they are kept in the page's address.</summary>
public sealed record AlertFilter(string? State = null, string? Severity = null, string? Service = null, string? Text = null, string? Store = null)
{
    public bool Matches(AlertRow row) =>
        (string.IsNullOrEmpty(State) || row.State == State)
        && (string.IsNullOrEmpty(Store) || row.Store == Store)
        && (string.IsNullOrEmpty(Severity) || row.Severity == Severity)
        && (string.IsNullOrEmpty(Service) || row.Service == Service)
        && (string.IsNullOrWhiteSpace(Text) || Contains(row.Name, Text) || Contains(row.Summary, Text) || Contains(row.Description, Text)
            || row.Labels.Values.Any(v => Contains(v, Text)));

    private static bool Contains(string value, string text) =>
        CultureInfo.InvariantCulture.CompareInfo.IndexOf(value, text.Trim(), CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;
}

/// <summary>
/// Reads the alerts for the Alertas pages: Alertmanager v2 (every alert, silenced and inhibited included, each once by
/// fingerprint); when Alertmanager cannot be read, Prometheus' own alerts with a banner saying so; when neither can, the error.
/// </summary>
public sealed class AlertsViewModel(IAlertmanagerClient alertmanager, IPrometheusClient prometheus, TimeProvider time)
{
    /// <summary>Order of severities on the page.</summary>
    public static readonly string[] Severities = ["critical", "high", "medium", "none"];

    public static int SeverityRank(string severity) => Array.IndexOf(Severities, severity) is var i and >= 0 ? i : Severities.Length;

    public async Task<AlertsSnapshot> LoadAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var fromAlertmanager = await alertmanager.GetAlertsAsync(cancellationToken);
        if (fromAlertmanager.Ok)
        {
            var rows = fromAlertmanager.Value!.GroupBy(a => a.Fingerprint).Select(g => g.First()).Select(FromAlertmanager);
            return new AlertsSnapshot(Sort(rows), "alertmanager", null, null, now);
        }
        var fromPrometheus = await prometheus.GetAlertsAsync(cancellationToken);
        if (fromPrometheus.Ok)
        {
            var banner = "No se pudo leer Alertmanager (" + fromAlertmanager.Error!.Message + "): se muestran las alertas de Prometheus, sin silencios ni inhibiciones.";
            return new AlertsSnapshot(Sort(fromPrometheus.Value!.Select(FromPrometheus)), "prometheus", banner, null, now);
        }
        return new AlertsSnapshot([], "ninguna", null,
            $"No se pudo leer Alertmanager ({fromAlertmanager.Error!.Message}) ni Prometheus ({fromPrometheus.Error!.Message}).", now);
    }

    public async Task<AlertRow?> FindAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        var alerts = await alertmanager.GetAlertsAsync(cancellationToken);
        return alerts.Ok ? alerts.Value!.Where(a => a.Fingerprint == fingerprint).Select(FromAlertmanager).FirstOrDefault() : null;
    }

    private static List<AlertRow> Sort(IEnumerable<AlertRow> rows) =>
        rows.OrderBy(r => SeverityRank(r.Severity)).ThenBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Since).ToList();

    public static AlertRow FromAlertmanager(AmAlert a) => new(
        a.Fingerprint, a.Name, a.Severity, a.Service,
        a.Silenced ? "silenciada" : a.Inhibited ? "inhibida" : a.State == "unprocessed" ? "sin_procesar" : "disparada",
        a.Annotations.GetValueOrDefault("summary", a.Name), a.Annotations.GetValueOrDefault("description", ""), a.StartsAt,
        a.Labels, a.Annotations, a.SilencedBy, a.InhibitedBy);

    public static AlertRow FromPrometheus(PromAlert a) => new(
        null, a.Name, a.Labels.GetValueOrDefault("severity", ""), a.Labels.GetValueOrDefault("service", ""),
        a.State == "pending" ? "pendiente" : "disparada",
        a.Annotations.GetValueOrDefault("summary", a.Name), a.Annotations.GetValueOrDefault("description", ""), a.ActiveAt,
        a.Labels, a.Annotations, [], []);

    /// <summary>The LogQL for an alert's logs: every line of its service (label value escaped).</summary>
    public static string LogQuery(AlertRow row) => LogQl.Build(LogQl.ForAlert(row.Labels));

    /// <summary>The console's Logs page for an alert: its service, from <see cref="LogQl.AlertLookBack"/> before it started to now.</summary>
    public static string LogsLink(AlertRow row)
    {
        var query = new List<string>();
        if (row.Service is { Length: > 0 } service) query.Add("servicio=" + Uri.EscapeDataString(service));
        if (row.Since is { } since) query.Add("desde=" + Uri.EscapeDataString(TimeRange.ToQuery(since - LogQl.AlertLookBack)));
        return "logs" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    /// <summary>The silence matchers for an alert: its name and the labels that tell this alert from others of the same rule.</summary>
    public static IReadOnlyList<AmMatcher> SilenceMatchers(AlertRow row) =>
        row.Labels.Where(l => l.Key is "alertname" or "service" or "instance" or "job" or "model" or "mountpoint")
            .OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new AmMatcher(l.Key, l.Value)).ToList();
}

/// <summary>Grafana deep links (dashboards with stable uids).</summary>
public static class GrafanaLinks
{
    public static string? Dashboard(IOptions<ObservabilityOptions> options, string uid, DateTimeOffset from, DateTimeOffset to) =>
        options.Value.GrafanaUrl is { Length: > 0 } grafana
            ? $"{grafana.TrimEnd('/')}/d/{uid}?from={from.ToUnixTimeMilliseconds()}&to={to.ToUnixTimeMilliseconds()}&tz=America%2FArgentina%2FBuenos_Aires"
            : null;

    /// <summary>The dashboard an alert is best looked at on.</summary>
    public static string DashboardFor(AlertRow row) => row.Labels.GetValueOrDefault("category") switch
    {
        "negocio" => "minimarket-business",
        "ml" => "minimarket-ml",
        "slo" => "minimarket-slo",
        "app" when row.Name is "HighLatency" or "SlowRequests" or "HighErrorRate" => "minimarket-performance",
        _ => "minimarket-overview",
    };
}
