namespace MiniMarket.Console.Services;

/// <summary>Why a query to an observability source gave no answer.</summary>
public enum SourceErrorKind
{
    /// <summary>Could not connect, timed out, or got something that is not the API (a proxy's HTML page).</summary>
    Unreachable,
    /// <summary>The API answered with status "error" (bad_data, execution, timeout, ...).</summary>
    ApiError,
}

public sealed record SourceError(SourceErrorKind Kind, string Message, string? ErrorType = null, int? HttpStatus = null);

/// <summary>
/// The answer of an observability source: a value (with the warnings that mean it may be partial) or an error.
/// Never both; a client returns this instead of throwing, so pages show "unknown" with the reason.
/// </summary>
public sealed record SourceResult<T>
{
    public T? Value { get; private init; }
    public SourceError? Error { get; private init; }
    public IReadOnlyList<string> Warnings { get; private init; } = [];
    public bool Ok => Error is null;

    public static SourceResult<T> Success(T value, IReadOnlyList<string>? warnings = null) =>
        new() { Value = value, Warnings = warnings ?? [] };

    public static SourceResult<T> Failure(SourceError error) => new() { Error = error };
}

/// <summary>One scrape target as Prometheus sees it (<c>/api/v1/targets</c>).</summary>
public sealed record ScrapeTarget(
    IReadOnlyDictionary<string, string> Labels,
    string ScrapePool,
    string ScrapeUrl,
    string Health,
    DateTimeOffset? LastScrape,
    TimeSpan? LastScrapeDuration,
    string? LastError)
{
    public string Job => Labels.GetValueOrDefault("job", ScrapePool);
    public string Instance => Labels.GetValueOrDefault("instance", ScrapeUrl);
}

/// <summary>One sample of an instant vector. <see cref="Value"/> may be NaN or ±Infinity, as Prometheus says.</summary>
public sealed record PromSample(IReadOnlyDictionary<string, string> Metric, DateTimeOffset Timestamp, double Value);

/// <summary>One series of a range query.</summary>
public sealed record PromSeries(IReadOnlyDictionary<string, string> Metric, IReadOnlyList<(DateTimeOffset Timestamp, double Value)> Points);

/// <summary>An alert as Prometheus evaluates it: <see cref="State"/> is pending or firing; <see cref="Value"/> may be NaN.</summary>
public sealed record PromAlert(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, string State, DateTimeOffset? ActiveAt, double Value)
{
    public string Name => Labels.GetValueOrDefault("alertname", "");
}

/// <summary>An alerting rule: its expression, <c>for</c>, labels and annotations, state (inactive, pending, firing) and health.</summary>
public sealed record AlertingRule(
    string Name,
    string Group,
    string Query,
    TimeSpan For,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string State,
    string Health,
    string? LastError,
    IReadOnlyList<PromAlert> Alerts)
{
    public string Severity => Labels.GetValueOrDefault("severity", "");
}
