namespace MiniMarket.Console.Services;

/// <summary>
/// One log line. <see cref="Labels"/> are the stream's labels plus, for OTLP logs, the structured metadata
/// (CorrelationId, severity_text, detected_level…): Loki's default JSON merges them into the stream labels.
/// </summary>
public sealed record LogEntry(long UnixNanos, string Line, IReadOnlyDictionary<string, string> Labels)
{
    private static readonly string[] LevelLabels = ["detected_level", "level", "severity_text"];

    /// <summary>The entry's time (100 ns precision; Loki keeps nanoseconds in <see cref="UnixNanos"/>).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(UnixNanos / 100);

    public string Service => First("service_name") ?? First("service") ?? "";

    /// <summary>
    /// Lower-case level from <c>detected_level</c>, else <c>level</c>, else <c>severity_text</c>, with warning→warn,
    /// information→info, err→error; Loki's "unknown" counts as absent. Null when no label says it.
    /// </summary>
    public string? Level
    {
        get
        {
            foreach (var key in LevelLabels)
            {
                var level = First(key)?.ToLowerInvariant();
                if (level is null or "unknown") continue;
                return level switch
                {
                    "warning" => "warn",
                    "information" => "info",
                    "err" => "error",
                    _ => level,
                };
            }
            return null;
        }
    }

    public string? CorrelationId => First("CorrelationId") ?? First("correlation_id");

    private string? First(string key) =>
        Labels.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>One answer of a log query: <see cref="Entries"/> newest first; <see cref="MayHaveMore"/> when it reached the limit.</summary>
public sealed record LogPage(IReadOnlyList<LogEntry> Entries, bool MayHaveMore);

/// <summary>
/// Where the console reads logs: Loki (<see cref="LokiClient"/>, when <c>Observability:LokiUrl</c> is set) or the console's own
/// embedded store (<see cref="LogStore.EmbeddedLogSource"/>, fed over OTLP/HTTP). Both take LogQL: the embedded store translates
/// the part of LogQL it can and answers an error naming what it cannot. Never throws for a source problem: see
/// <see cref="SourceResult{T}"/>.
/// </summary>
public interface ILogSource
{
    /// <summary>False when there is no source at all: the pages say so instead of querying.</summary>
    bool Configured { get; }

    /// <summary>The source as the pages name it ("Loki", "el almacén de logs de la consola").</summary>
    string Name { get; }

    /// <summary>
    /// A log query (<c>/loki/api/v1/query_range</c>, backward: the newest <paramref name="limit"/> entries of
    /// [<paramref name="start"/>, <paramref name="end"/>)). <paramref name="limit"/> is 1..5000 (Loki's cap).
    /// A metric query (matrix answer) is an error.
    /// </summary>
    Task<SourceResult<LogPage>> QueryRangeAsync(string logQl, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken = default);

    /// <summary>The values a label takes in the window (<c>/loki/api/v1/label/{name}/values</c>), sorted ordinally.</summary>
    Task<SourceResult<IReadOnlyList<string>>> LabelValuesAsync(string label, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default);
}
