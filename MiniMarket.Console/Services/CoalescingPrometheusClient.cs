using System.Collections.Concurrent;

namespace MiniMarket.Console.Services;

/// <summary>
/// Identical reads from many open sessions share one request: a read already in flight is joined, and its answer is
/// reused for <see cref="MaxAge"/>. Only successful answers are kept; a failure is retried by the next caller.
/// </summary>
public sealed class ReadCoalescer(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Lazy: under contention the dictionary may build several entries for one key, but only the stored one's read starts.
    private sealed record Entry(Lazy<Task<object>> Answer, DateTimeOffset StartedAt);

    private long _lastSweepTicks;

    /// <summary>Answers kept now (the range queries' keys carry their times, so old ones are swept, not left to pile up).</summary>
    public int Count => _entries.Count;

    /// <summary>The shared answer; <paramref name="cancellationToken"/> stops this caller's wait (a closed page), not the read others wait on.</summary>
    public async Task<SourceResult<T>> ShareAsync<T>(string key, Func<Task<SourceResult<T>>> read, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        while (true)
        {
            var entry = _entries.GetOrAdd(key, _ => new Entry(new Lazy<Task<object>>(() => Start(read)), now));
            if (now - entry.StartedAt <= MaxAge)
            {
                var answer = (SourceResult<T>)await entry.Answer.Value.WaitAsync(cancellationToken);
                if (!answer.Ok) _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                return answer;
            }
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }

    // At most once per MaxAge, one caller drops every answer past its age.
    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < MaxAge.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last) return;
        foreach (var pair in _entries)
        {
            if (now - pair.Value.StartedAt > MaxAge) _entries.TryRemove(pair);
        }
    }

    /// <summary>Drops a kept answer (after a write that changes it), so the next read asks the source.</summary>
    public void Forget(string key) => _entries.TryRemove(key, out _);

    // Not tied to one caller's cancellation: others may be waiting on the same answer.
    private static async Task<object> Start<T>(Func<Task<SourceResult<T>>> read) => await read();
}

/// <summary>
/// Prometheus reads shared between sessions (<see cref="ReadCoalescer"/>): a hundred sessions on the home page cost
/// Prometheus about what one does. Range queries are asked with whole seconds (<see cref="PromQl.WholeSecond"/>), so the
/// same chart refreshed on the same tick in two tabs is one query; a query at a given time is shared with the same query
/// at the same millisecond (the SLO page evaluates at whole seconds for that).
/// </summary>
/// <remarks>The inner client is made per read (a typed HttpClient is short-lived; the factory pools its handlers).</remarks>
public sealed class CoalescingPrometheusClient(Func<IPrometheusClient> inner, TimeProvider time) : IPrometheusClient
{
    public static readonly TimeSpan MaxAge = ReadCoalescer.MaxAge;
    private readonly ReadCoalescer _reads = new(time);

    public Task<SourceResult<IReadOnlyList<ScrapeTarget>>> GetTargetsAsync(CancellationToken cancellationToken = default) =>
        _reads.ShareAsync("targets", () => inner().GetTargetsAsync(CancellationToken.None), cancellationToken);

    public Task<SourceResult<IReadOnlyList<PromSample>>> QueryAsync(string promQl, DateTimeOffset? time = null, CancellationToken cancellationToken = default) =>
        time is { } at
            ? _reads.ShareAsync(string.Join('\n', "query-at", at.ToUnixTimeMilliseconds(), promQl), () => inner().QueryAsync(promQl, at, CancellationToken.None), cancellationToken)
            : _reads.ShareAsync("query\n" + promQl, () => inner().QueryAsync(promQl, null, CancellationToken.None), cancellationToken);

    public Task<SourceResult<IReadOnlyList<PromSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        var (wholeStart, wholeEnd) = (PromQl.WholeSecond(start), PromQl.WholeSecond(end));
        if (wholeEnd <= wholeStart || step <= TimeSpan.Zero) return inner().QueryRangeAsync(promQl, start, end, step, cancellationToken);
        var key = string.Join('\n', "range", promQl, wholeStart.ToUnixTimeSeconds(), wholeEnd.ToUnixTimeSeconds(), (long)step.TotalMilliseconds);
        return _reads.ShareAsync(key, () => inner().QueryRangeAsync(promQl, wholeStart, wholeEnd, step, CancellationToken.None), cancellationToken);
    }

    public Task<SourceResult<IReadOnlyList<AlertingRule>>> GetAlertingRulesAsync(CancellationToken cancellationToken = default) =>
        _reads.ShareAsync("rules", () => inner().GetAlertingRulesAsync(CancellationToken.None), cancellationToken);

    public Task<SourceResult<IReadOnlyList<PromAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default) =>
        _reads.ShareAsync("alerts", () => inner().GetAlertsAsync(CancellationToken.None), cancellationToken);
}

/// <summary>
/// Alertmanager reads shared between sessions (Inicio, Alertas and the notification bell of every open page read the
/// same alerts). Creating or expiring a silence goes straight through and drops the kept answers, so the page that
/// made the change reads the new state.
/// </summary>
public sealed class CoalescingAlertmanagerClient(Func<IAlertmanagerClient> inner, TimeProvider time) : IAlertmanagerClient
{
    private readonly ReadCoalescer _reads = new(time);

    public Task<SourceResult<IReadOnlyList<AmAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default) =>
        _reads.ShareAsync("alerts", () => inner().GetAlertsAsync(CancellationToken.None), cancellationToken);

    public Task<SourceResult<IReadOnlyList<AmSilence>>> GetSilencesAsync(CancellationToken cancellationToken = default) =>
        _reads.ShareAsync("silences", () => inner().GetSilencesAsync(CancellationToken.None), cancellationToken);

    public async Task<SourceResult<string>> CreateSilenceAsync(IReadOnlyList<AmMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment,
        CancellationToken cancellationToken = default)
    {
        var created = await inner().CreateSilenceAsync(matchers, startsAt, endsAt, createdBy, comment, cancellationToken);
        Forget();
        return created;
    }

    public async Task<SourceResult<bool>> ExpireSilenceAsync(string id, CancellationToken cancellationToken = default)
    {
        var expired = await inner().ExpireSilenceAsync(id, cancellationToken);
        Forget();
        return expired;
    }

    private void Forget()
    {
        _reads.Forget("alerts");
        _reads.Forget("silences");
    }
}
