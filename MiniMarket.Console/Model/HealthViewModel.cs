using Microsoft.Extensions.Options;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Model;

/// <summary>Three states, never two: a target we cannot see is unknown, not up.</summary>
public enum HealthState
{
    Up,
    Down,
    Unknown,
}

/// <summary>One scrape target (a service, an exporter) as the health page shows it.</summary>
public sealed record ServiceHealthRow(
    string Service,
    string Job,
    string Instance,
    HealthState State,
    string? Reason,
    DateTimeOffset? LastScrape,
    TimeSpan? LastScrapeDuration);

/// <summary>What the health page shows at one moment.</summary>
public sealed record HealthSnapshot(
    DateTimeOffset CheckedAt,
    HealthState Overall,
    string? UnknownReason,
    IReadOnlyList<ServiceHealthRow> Rows,
    IReadOnlyList<string> Warnings)
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

    public async Task<HealthSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var result = await prometheus.GetTargetsAsync(cancellationToken);
        var now = time.GetUtcNow();
        Current = result.Ok ? FromTargets(result.Value!, result.Warnings, now) : Unreachable(result.Error!, now);
        return Current;
    }

    private HealthSnapshot FromTargets(IReadOnlyList<ScrapeTarget> targets, IReadOnlyList<string> warnings, DateTimeOffset now)
    {
        var staleAfter = options.Value.StaleAfter;
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
            return new ServiceHealthRow(service, t.Job, t.Instance, state, reason, t.LastScrape, t.LastScrapeDuration);
        }).ToList();

        var present = rows.Select(r => r.Job).ToHashSet(StringComparer.Ordinal);
        rows.AddRange(options.Value.Jobs.Where(job => !present.Contains(job)).Select(job =>
            new ServiceHealthRow(job, job, "—", HealthState.Unknown, "Prometheus no tiene este objetivo configurado.", null, null)));

        return new HealthSnapshot(now, Overall(rows), null, Order(rows), warnings);
    }

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
        : rows.Count == 0 || rows.Any(r => r.State == HealthState.Unknown) ? HealthState.Unknown
        : HealthState.Up;

    private static List<ServiceHealthRow> Order(IEnumerable<ServiceHealthRow> rows) => rows
        .OrderBy(r => r.State switch { HealthState.Down => 0, HealthState.Unknown => 1, _ => 2 })
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
