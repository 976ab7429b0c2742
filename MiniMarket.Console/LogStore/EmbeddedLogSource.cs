using MiniMarket.Console.Services;

namespace MiniMarket.Console.LogStore;

/// <summary>
/// <see cref="ILogSource"/> over the console's <see cref="EmbeddedLogStore"/>: the same LogQL the pages send to Loki, parsed by
/// <see cref="LogQuery"/>; what it cannot translate is an error that names it (the page shows it), and a query that had to
/// stop early says so in a warning.
/// </summary>
public sealed class EmbeddedLogSource(EmbeddedLogStore store) : ILogSource
{
    public const string SourceName = "el almacén de logs de la consola";

    public bool Configured => true;

    public string Name => SourceName;

    public EmbeddedLogStore Store => store;

    public async Task<SourceResult<LogPage>> QueryRangeAsync(string logQl, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logQl);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, LokiClient.MaxLimit);
        if (end <= start) throw new ArgumentException("end must be after start", nameof(end));
        LogQuery query;
        try
        {
            query = LogQuery.Parse(logQl);
        }
        catch (LogQlException ex)
        {
            return SourceResult<LogPage>.Failure(new SourceError(SourceErrorKind.ApiError, ex.Message, "bad_data"));
        }
        try
        {
            // SQLite reads block: off the caller's thread (a Blazor circuit's).
            var result = await Task.Run(() => store.Query(query, LogQl.Nanos(start), LogQl.Nanos(end), limit, cancellationToken), cancellationToken);
            var entries = result.Records.Select(r => new LogEntry(r.UnixNanos, r.Line, r.AllLabels())).ToList();
            return SourceResult<LogPage>.Success(new LogPage(entries, result.ReachedLimit), result.Warning is { } w ? [w] : []);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            return SourceResult<LogPage>.Failure(new SourceError(SourceErrorKind.Unreachable, $"No se pudo leer {SourceName} ({store.FilePath}): {ex.Message}"));
        }
    }

    public async Task<SourceResult<IReadOnlyList<string>>> LabelValuesAsync(string label, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (end <= start) throw new ArgumentException("end must be after start", nameof(end));
        try
        {
            var values = await Task.Run(() => store.LabelValues(label, LogQl.Nanos(start), LogQl.Nanos(end)), cancellationToken);
            return SourceResult<IReadOnlyList<string>>.Success(values);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            return SourceResult<IReadOnlyList<string>>.Failure(new SourceError(SourceErrorKind.Unreachable, $"No se pudo leer {SourceName} ({store.FilePath}): {ex.Message}"));
        }
    }
}
