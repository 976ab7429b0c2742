using System.Collections.Concurrent;

namespace MiniMarket.Console.Services;

/// <summary>
/// Identical Prometheus reads from many open sessions share one request: a read already in flight is joined, and its
/// answer is reused for <see cref="MaxAge"/>. A hundred sessions on the home page cost Prometheus about what one does.
/// Only successful answers are kept; a failure is retried by the next caller.
/// </summary>
/// <remarks>The inner client is made per read (a typed HttpClient is short-lived; the factory pools its handlers).</remarks>
public sealed class CoalescingPrometheusClient(Func<IPrometheusClient> inner, TimeProvider time) : IPrometheusClient
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Lazy: under contention the dictionary may build several entries for one key, but only the stored one's read starts.
    private sealed record Entry(Lazy<Task<object>> Answer, DateTimeOffset StartedAt);

    private async Task<SourceResult<T>> ShareAsync<T>(string key, Func<Task<SourceResult<T>>> read)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            var entry = _entries.GetOrAdd(key, _ => new Entry(new Lazy<Task<object>>(() => Start(read)), now));
            if (now - entry.StartedAt <= MaxAge)
            {
                var answer = (SourceResult<T>)await entry.Answer.Value;
                if (!answer.Ok) _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                return answer;
            }
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }

    // Not tied to one caller's cancellation: others may be waiting on the same answer.
    private static async Task<object> Start<T>(Func<Task<SourceResult<T>>> read) => await read();

    public Task<SourceResult<IReadOnlyList<ScrapeTarget>>> GetTargetsAsync(CancellationToken cancellationToken = default) =>
        ShareAsync("targets", () => inner().GetTargetsAsync(CancellationToken.None));

    public Task<SourceResult<IReadOnlyList<PromSample>>> QueryAsync(string promQl, DateTimeOffset? time = null, CancellationToken cancellationToken = default) =>
        time is not null
            ? inner().QueryAsync(promQl, time, cancellationToken)
            : ShareAsync("query\n" + promQl, () => inner().QueryAsync(promQl, null, CancellationToken.None));

    public Task<SourceResult<IReadOnlyList<PromSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) =>
        inner().QueryRangeAsync(promQl, start, end, step, cancellationToken);

    public Task<SourceResult<IReadOnlyList<AlertingRule>>> GetAlertingRulesAsync(CancellationToken cancellationToken = default) =>
        ShareAsync("rules", () => inner().GetAlertingRulesAsync(CancellationToken.None));

    public Task<SourceResult<IReadOnlyList<PromAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default) =>
        ShareAsync("alerts", () => inner().GetAlertsAsync(CancellationToken.None));
}
