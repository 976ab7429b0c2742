using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace MiniMarket.ServiceDefaults;

/// <summary>How a client of another service is set up: its base address, and the resilience of its calls (one way for every client).</summary>
public static class HttpClientSetup
{
    /// <summary>
    /// Points a client at a service: a base address under which relative paths resolve ("http://host/prometheus" gets its
    /// trailing slash, or "api/v1/query" would replace "prometheus"), and HttpClient's own 100 s timeout off, so that the
    /// resilience pipeline's timeouts are the ones that apply (a 120 s total would otherwise be cut at 100 s).
    /// </summary>
    public static void PointAt(this HttpClient http, string url)
    {
        http.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
        http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <inheritdoc cref="PointAt(HttpClient, string)"/>
    public static void PointAt(this HttpClient http, Uri url) => http.PointAt(url.ToString());

    /// <summary>
    /// The resilience pipeline of every MiniMarket client, in the order of Microsoft's standard handler: total timeout, retry
    /// (<see cref="HttpRetries.OnlyTransient"/>: never a 500, never an unsafe request), circuit breaker, attempt timeout.
    /// <paramref name="settings"/> is read when the pipeline is built, so that it can come from the options of the service.
    /// </summary>
    public static IHttpClientBuilder AddCallResilience(this IHttpClientBuilder client, Func<IServiceProvider, CallResilience> settings)
    {
        client.AddResilienceHandler(client.Name + "-resilience", (pipeline, context) =>
        {
            var call = settings(context.ServiceProvider);
            pipeline.AddTimeout(call.Total)
                .AddRetry(new HttpRetryStrategyOptions().OnlyTransient(call.Retries));
            if (call.BreakerSampling is { } sampling)
            {
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    SamplingDuration = sampling,
                    MinimumThroughput = call.BreakerMinimumThroughput,
                    FailureRatio = call.BreakerFailureRatio,
                    BreakDuration = call.BreakDuration,
                });
            }
            pipeline.AddTimeout(call.Attempt);
        });
        return client;
    }

    /// <summary>A call a person waits on: one more attempt, fixed timeouts, and a breaker that samples over <paramref name="sampling"/>.</summary>
    public static IHttpClientBuilder AddCallerWaitingResilience(this IHttpClientBuilder client, TimeSpan attempt, TimeSpan total, TimeSpan sampling) =>
        client.AddCallResilience(_ => new CallResilience(attempt, total, Retries: 1) { BreakerSampling = sampling });
}
