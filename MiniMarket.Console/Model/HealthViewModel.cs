using Microsoft.Extensions.Options;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Model;

/// <summary>Three states, never two: a target we cannot see is unknown, not up.</summary>
public enum HealthState
{
    Up,
    Down,
    Unknown,
    /// <summary>Not answering yet, but its target appeared less than <see cref="ObservabilityOptions.StartupGrace"/> ago: starting, not red.</summary>
    Starting,
}

/// <summary>A service's traffic as the recording rules give it; null is "sin datos" (no traffic, not scraped yet, Prometheus unreadable).</summary>
public sealed record ServiceTraffic(double? RequestsPerSecond, double? ErrorRatio, double? P95Seconds, double? Uptime7d);

/// <summary>One scrape target (a service, an exporter) as the health page shows it.</summary>
public sealed record ServiceHealthRow(
    string Service,
    string Job,
    string Instance,
    HealthState State,
    string? Reason,
    DateTimeOffset? LastScrape,
    TimeSpan? LastScrapeDuration,
    ServiceTraffic? Traffic = null);

/// <summary>
/// The store's backups as the backup schedule's metrics say (backup/minimarket-backup.sh through node-exporter): when the
/// newest good backup ended (null: none), when WAL was last archived and last failed to be, and whether a run failed.
/// </summary>
public sealed record BackupHealth(DateTimeOffset? LastBackup, DateTimeOffset? LastWalArchived, DateTimeOffset? LastWalFailure, bool LastRunFailed)
{
    /// <summary>The age BackupTooOld alerts at (a test compares it with the rule).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(26);

    public bool WalArchivingFailing => LastWalFailure is { } failed && (LastWalArchived is not { } archived || failed > archived);

    /// <summary>Up when a backup younger than <see cref="MaxAge"/> exists and nothing fails; Down otherwise.</summary>
    public HealthState State(DateTimeOffset now) =>
        LastBackup is { } last && now - last <= MaxAge && !LastRunFailed && !WalArchivingFailing ? HealthState.Up : HealthState.Down;
}

/// <summary>What the health page shows at one moment.</summary>
public sealed record HealthSnapshot(
    DateTimeOffset CheckedAt,
    HealthState Overall,
    string? UnknownReason,
    IReadOnlyList<ServiceHealthRow> Rows,
    IReadOnlyList<string> Warnings,
    BackupHealth? Backup = null)
{
    public int Count(HealthState state) => Rows.Count(r => r.State == state);
}

/// <summary>
/// Builds the health page from Prometheus' targets: up/down as Prometheus says, unknown when a target is stale,
/// missing from Prometheus, or when Prometheus itself cannot be read (then the last rows are kept, as unknown,
/// with the reason). Overall: down if anything is down, else unknown if anything is unknown, else up.
/// </summary>
public sealed class HealthViewModel(IPrometheusClient prometheus, IOptions<ObservabilityOptions> options, TimeProvider time)
{
    public HealthSnapshot? Current { get; private set; }

    /// <summary>The per-service figures of the health page (a test runs each on a real Prometheus).</summary>
    public static readonly string RequestRateQuery = "service:http_requests:rate5m";
    public static readonly string ErrorRatioQuery = "service:http_errors:ratio_rate5m";
    public static readonly string P95Query = "service:http_request_duration_seconds:p95_5m";
    public static readonly string Uptime7dQuery = "avg by (service) (avg_over_time(up[7d]))";
    /// <summary>Seconds since each job's first sample in the last 15 minutes: a young series is a target that just appeared.</summary>
    public static readonly string SeriesAgeQuery = "time() - min by (job) (min_over_time(timestamp(up)[15m:15s]))";

    /// <summary>Whether each job answered at all in the last 15 minutes: one that did and stopped is down, not starting.</summary>
    public static readonly string EverUpQuery = "max by (job) (max_over_time(up[15m]))";

    public static IReadOnlyList<string> Queries { get; } = [RequestRateQuery, ErrorRatioQuery, P95Query, Uptime7dQuery, SeriesAgeQuery, EverUpQuery];

    /// <summary>The backups' figures (Salud only): newest good backup, last WAL archived and failed (Unix times, 0 never), worst last run.</summary>
    public static readonly string LastBackupQuery = "max(minimarket_backup_last_success_timestamp_seconds{type=\"any\"})";
    public static readonly string LastWalArchivedQuery = "max(minimarket_backup_wal_last_archived_timestamp_seconds)";
    public static readonly string LastWalFailureQuery = "max(minimarket_backup_wal_last_failed_timestamp_seconds)";
    public static readonly string BackupRunQuery = "min(minimarket_backup_last_run_success)";

    public static IReadOnlyList<string> BackupQueries { get; } = [LastBackupQuery, LastWalArchivedQuery, LastWalFailureQuery, BackupRunQuery];

    /// <summary>The targets with their state and each service's figures (the Salud page).</summary>
    public Task<HealthSnapshot> RefreshAsync(CancellationToken cancellationToken = default) => RefreshAsync(traffic: true, cancellationToken);

    /// <summary>
    /// The targets with their state; with <paramref name="traffic"/> (the Salud page) also each service's figures. Inicio
    /// needs only the states: it does not send the traffic queries (the 7-day one is the costliest the console runs).
    /// </summary>
    public async Task<HealthSnapshot> RefreshAsync(bool traffic, CancellationToken cancellationToken = default)
    {
        // The targets and every figure in parallel: the page waits for the slowest, not the sum.
        var targetsTask = prometheus.GetTargetsAsync(cancellationToken);
        var figures = Queries.Select(q => traffic || q == SeriesAgeQuery || q == EverUpQuery
            ? ByLabelAsync(q, q == SeriesAgeQuery || q == EverUpQuery ? "job" : "service", cancellationToken)
            : Task.FromResult(new Dictionary<string, double>())).ToList();
        var backupTask = traffic ? BackupAsync(cancellationToken) : Task.FromResult<BackupHealth?>(null);
        await Task.WhenAll(figures.Cast<Task>().Append(targetsTask).Append(backupTask));
        var result = await targetsTask;
        var now = time.GetUtcNow();
        Current = result.Ok
            ? FromTargets(result.Value!, result.Warnings, now, figures.Select(f => f.Result).ToList()) with { Backup = await backupTask }
            : Unreachable(result.Error!, now);
        return Current;
    }

    /// <summary>Null when Prometheus has no backup figures (no backup schedule scraped, or Prometheus unreadable).</summary>
    private async Task<BackupHealth?> BackupAsync(CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(BackupQueries.Select(q => prometheus.QueryAsync(q, cancellationToken: cancellationToken)));
        double? Value(int i) => answers[i].Ok && answers[i].Value!.Count > 0 && double.IsFinite(answers[i].Value![0].Value) ? answers[i].Value![0].Value : null;
        if (Value(0) is null) return null;
        static DateTimeOffset? At(double? unix) => unix is > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeMilliseconds((long)(unix.Value * 1000)) : null;
        return new BackupHealth(At(Value(0)), At(Value(1)), At(Value(2)), Value(3) == 0);
    }

    private async Task<Dictionary<string, double>> ByLabelAsync(string query, string label, CancellationToken cancellationToken)
    {
        var answer = await prometheus.QueryAsync(query, cancellationToken: cancellationToken);
        return answer.Ok
            ? answer.Value!.Where(s => double.IsFinite(s.Value)).GroupBy(s => s.Metric.GetValueOrDefault(label, "")).ToDictionary(g => g.Key, g => g.First().Value)
            : [];
    }

    private HealthSnapshot FromTargets(IReadOnlyList<ScrapeTarget> targets, IReadOnlyList<string> warnings, DateTimeOffset now, List<Dictionary<string, double>> figures)
    {
        var staleAfter = options.Value.StaleAfter;
        var grace = options.Value.StartupGrace;
        var (rate, errors, p95, uptime, age, everUp) = (figures[0], figures[1], figures[2], figures[3], figures[4], figures[5]);
        var rows = targets.Select(t =>
        {
            var service = t.Labels.GetValueOrDefault("service", t.Job);
            var (state, reason) = t.Health switch
            {
                "up" when t.LastScrape is { } last && now - last > staleAfter =>
                    (HealthState.Unknown, $"Sin lecturas desde hace {Durations.Describe(now - last)}."),
                "up" => (HealthState.Up, null),
                "down" => (HealthState.Down, t.LastError ?? "Prometheus no pudo leerlo."),
                _ => (HealthState.Unknown, t.LastError ?? "Prometheus todavía no lo leyó."),
            };
            // Starting: it appeared less than the grace ago and has not answered once (a service that answered and stopped is down,
            // even right after Prometheus itself restarted).
            if (state != HealthState.Up && age.TryGetValue(t.Job, out var seconds) && seconds < grace.TotalSeconds && everUp.GetValueOrDefault(t.Job) < 1)
            {
                (state, reason) = (HealthState.Starting, $"Apareció hace {Durations.Describe(TimeSpan.FromSeconds(seconds))}: se espera que responda en {Durations.Describe(grace)}. {reason}");
            }
            var traffic = new ServiceTraffic(Get(rate, service), Get(errors, service), Get(p95, service), Get(uptime, service));
            return new ServiceHealthRow(service, t.Job, t.Instance, state, reason, t.LastScrape, t.LastScrapeDuration, traffic);
        }).ToList();

        var present = rows.Select(r => r.Job).ToHashSet(StringComparer.Ordinal);
        rows.AddRange(options.Value.Jobs.Where(job => !present.Contains(job)).Select(job =>
            new ServiceHealthRow(job, job, "—", HealthState.Unknown, "Prometheus no tiene este objetivo configurado.", null, null)));

        return new HealthSnapshot(now, Overall(rows), null, Order(rows), warnings);
    }

    private static double? Get(Dictionary<string, double> values, string service) => values.TryGetValue(service, out var value) ? value : null;

    private HealthSnapshot Unreachable(SourceError error, DateTimeOffset now)
    {
        var reason = error.Kind == SourceErrorKind.ApiError
            ? $"Prometheus respondió con error ({error.ErrorType}): {error.Message}"
            : error.Message;
        var previous = Current?.Rows ?? options.Value.Jobs
            .Select(job => new ServiceHealthRow(job, job, "—", HealthState.Unknown, null, null, null)).ToList();
        var rows = previous.Select(r => r with { State = HealthState.Unknown, Reason = "Sin visibilidad: " + reason }).ToList();
        return new HealthSnapshot(now, HealthState.Unknown, reason, Order(rows), []);
    }

    private static HealthState Overall(List<ServiceHealthRow> rows) =>
        rows.Any(r => r.State == HealthState.Down) ? HealthState.Down
        : rows.Count == 0 || rows.Any(r => r.State is HealthState.Unknown or HealthState.Starting) ? HealthState.Unknown
        : HealthState.Up;

    private static List<ServiceHealthRow> Order(IEnumerable<ServiceHealthRow> rows) => rows
        .OrderBy(r => r.State switch { HealthState.Down => 0, HealthState.Starting => 1, HealthState.Unknown => 2, _ => 3 })
        .ThenBy(r => r.Service, StringComparer.Ordinal)
        .ThenBy(r => r.Instance, StringComparer.Ordinal)
        .ToList();
}

/// <summary>Spanish, human durations: "12 s", "3 min", "2 h", "5 d".</summary>
public static class Durations
{
    public static string Describe(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalSeconds < 90 ? $"{(int)span.TotalSeconds} s"
            : span.TotalMinutes < 90 ? $"{(int)span.TotalMinutes} min"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours} h"
            : $"{(int)span.TotalDays} d";
    }
}
