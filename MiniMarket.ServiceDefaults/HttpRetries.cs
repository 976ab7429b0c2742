using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// When a call to another service is retried: only when the failure is one that a second attempt can fix — no connection,
/// an attempt that timed out, 502/503/504 — and only for a request that is safe to repeat (GET, HEAD, PUT, or a POST
/// carrying an Idempotency-Key). A 500 is a bug on the other side: retrying it only multiplies the load and the wait (the
/// console once took 6.9 s to show one). A Retry-After is not waited for here: the caller answers at once and says so.
/// </summary>
public static class HttpRetries
{
    /// <summary>Retries only what a retry can fix, at most <paramref name="maxRetries"/> times, <paramref name="delay"/> apart (default 200 ms: a person is waiting).</summary>
    public static HttpRetryStrategyOptions OnlyTransient(this HttpRetryStrategyOptions options, int maxRetries, TimeSpan? delay = null)
    {
        options.Delay = delay ?? TimeSpan.FromMilliseconds(200);
        options.BackoffType = Polly.DelayBackoffType.Constant;
        // Polly wants at least one attempt configured; "no retries" is a predicate that never retries.
        options.MaxRetryAttempts = Math.Max(1, maxRetries);
        options.ShouldRetryAfterHeader = false;
        options.ShouldHandle = args => ValueTask.FromResult(maxRetries > 0 && IsSafe(args.Context.GetRequestMessage()) && IsTransient(args.Outcome));
        return options;
    }

    public static bool IsSafe(HttpRequestMessage? request) =>
        request is not null && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put
                                || request.Headers.Contains("Idempotency-Key"));

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    };
}
