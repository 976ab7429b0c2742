namespace MiniMarket.ServiceDefaults;

/// <summary>
/// How calls to another service are bounded (<see cref="HttpClientSetup.AddCallResilience"/>): a timeout per attempt and in
/// total, how many more attempts (only for what a retry can fix, <see cref="HttpRetries.OnlyTransient"/>), and a circuit
/// breaker that stops calling a service that keeps failing. Defaults are Microsoft's standard resilience handler's.
/// </summary>
public sealed record CallResilience(TimeSpan Attempt, TimeSpan Total, int Retries)
{
    /// <summary>How long the breaker looks back (at least twice <see cref="Attempt"/>); null: no breaker.</summary>
    public TimeSpan? BreakerSampling { get; init; }

    /// <summary>Calls within <see cref="BreakerSampling"/> before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; init; } = 100;

    /// <summary>Share of failed calls that opens the breaker.</summary>
    public double BreakerFailureRatio { get; init; } = 0.1;

    /// <summary>How long an open breaker refuses calls before trying one.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);
}
