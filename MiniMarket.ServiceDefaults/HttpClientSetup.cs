using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace MiniMarket.ServiceDefaults;

/// <summary>How a client of another service is set up: its base address, and the resilience of a call a person waits on.</summary>
public static class HttpClientSetup
{
    /// <summary>A base address under which relative paths resolve: "http://host/prometheus" gets its trailing slash, or "api/v1/query" would replace "prometheus".</summary>
    public static Uri BaseAddress(string url) => new(url.EndsWith('/') ? url : url + "/");

    /// <summary>
    /// Microsoft's standard resilience for a call a person waits on: one more attempt, and only for what a retry can fix
    /// (<see cref="HttpRetries.OnlyTransient"/>: never a 500, never an unsafe request), a timeout per attempt and in total,
    /// and a circuit breaker that samples over <paramref name="sampling"/> (at least twice the attempt timeout, as Polly
    /// requires).
    /// </summary>
    public static IHttpClientBuilder AddCallerWaitingResilience(this IHttpClientBuilder client, TimeSpan attempt, TimeSpan total, TimeSpan sampling)
    {
        client.AddStandardResilienceHandler(o =>
        {
            o.Retry.OnlyTransient(maxRetries: 1);
            o.AttemptTimeout.Timeout = attempt;
            o.TotalRequestTimeout.Timeout = total;
            o.CircuitBreaker.SamplingDuration = sampling;
        });
        return client;
    }
}
