using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using MiniMarket.ServiceDefaults;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MiniMarket.Agents.Negocio;

/// <summary>
/// Measures every call to another agent as the caller sees it (retries included) and counts the failures by reason:
/// <c>negocio_dependencia_duracion_seconds</c> and <c>negocio_dependencia_fallas_total</c>. Outermost handler.
/// </summary>
public sealed class DependencyMetricsHandler(string target) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = NegocioMetrics.Outcome.Error;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            outcome = status < 400 ? NegocioMetrics.Outcome.Ok : status >= 500 || status == 429 ? NegocioMetrics.Outcome.Error : NegocioMetrics.Outcome.Refused;
            return response;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = DependencyCalls.Classify(e);
            throw;
        }
        finally
        {
            NegocioMetrics.DependencyDuration.WithLabels(target, outcome).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            if (outcome is not (NegocioMetrics.Outcome.Ok or NegocioMetrics.Outcome.Refused)) NegocioMetrics.DependencyFailures.WithLabels(target, outcome).Inc();
        }
    }
}

/// <summary>Turns what another agent answered into values, refusals or "unavailable" (503 + Retry-After), in one place.</summary>
public static class DependencyCalls
{
    public const string Deposito = "deposito";
    public const string Ml = "ml";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How long a caller is told to wait when a dependency is down: about one open-circuit period.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(15);

    public static string Classify(Exception e) => CallFailures.Of(e) switch
    {
        CallFailure.CircuitOpen => NegocioMetrics.Outcome.CircuitOpen,
        CallFailure.Timeout => NegocioMetrics.Outcome.Timeout,
        CallFailure.NoConnection => NegocioMetrics.Outcome.NoConnection,
        _ => NegocioMetrics.Outcome.Error,
    };

    /// <summary>Sends and reads a <typeparamref name="T"/>; 404 gives default when <paramref name="notFoundIsNull"/>.</summary>
    public static async Task<T?> SendAsync<T>(HttpClient http, string target, HttpRequestMessage request, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        using var response = await SendRawAsync(http, target, request, cancellationToken);
        if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound) return default;
        await EnsureSuccessAsync(response, target, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new DependencyUnavailableException(target, $"{target} respondió algo que no se pudo leer: {e.Message}", RetryAfter, e);
        }
    }

    public static async Task<HttpResponseMessage> SendRawAsync(HttpClient http, string target, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            throw new DependencyUnavailableException(target, $"{target} falló varias veces seguidas: se deja de llamarlo unos segundos.", RetryAfter, e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && CallFailures.IsUnavailable(e))
        {
            var why = Classify(e) switch
            {
                NegocioMetrics.Outcome.Timeout => "no respondió a tiempo",
                NegocioMetrics.Outcome.NoConnection => "no acepta conexiones",
                _ => "falló",
            };
            throw new DependencyUnavailableException(target, $"{target} {why}: {e.Message}", RetryAfter, e);
        }
    }

    /// <summary>A 5xx, 408, 429, 401 or 403 means the dependency cannot serve us now (503 to our caller); any other 4xx is a refusal relayed as is.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string target, CancellationToken cancellationToken, Func<string, string>? renameField = null)
    {
        if (response.IsSuccessStatusCode) return;
        var status = (int)response.StatusCode;
        var problem = ProblemBody.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var (title, detail, errors) = (problem?.Title, problem?.Detail, problem?.Errors ?? new Dictionary<string, string[]>());
        if (status is >= 400 and < 500 and not (401 or 403 or 408 or 429))
        {
            var renamed = errors.ToDictionary(e => renameField?.Invoke(e.Key) ?? e.Key, e => e.Value);
            throw new DependencyRefusedException(target, status, title ?? $"{target} rechazó la operación.", detail ?? title ?? $"{target} respondió {status}.", renamed);
        }
        var retryAfter = response.Headers.RetryAfter?.Delta ?? RetryAfter;
        throw new DependencyUnavailableException(target, $"{target} respondió {status}{(detail is null ? "" : ": " + detail)}", retryAfter);
    }

    /// <summary>
    /// The typed clients' pipeline: metrics (outermost), then the resilience every client has
    /// (<see cref="HttpClientSetup.AddCallResilience"/>), then the service token and the correlation id on each attempt.
    /// </summary>
    public static IHttpClientBuilder AddDependencyPipeline(this IHttpClientBuilder client, string target, Func<NegocioOptions, TimeSpan> attemptTimeout, bool retries)
    {
        client.AddHttpMessageHandler(() => new DependencyMetricsHandler(target));
        client.AddCallResilience(sp =>
        {
            var attempt = attemptTimeout(sp.GetRequiredService<IOptions<NegocioOptions>>().Value);
            // Retries only for calls that are safe to repeat (reads, PUTs that set absolute values, POSTs with an
            // idempotency key) and only what a retry can fix; the breaker opens on half the calls failing, and stays open
            // as long as the Retry-After negocio gives its own callers.
            return new CallResilience(attempt, attempt * 3 + TimeSpan.FromSeconds(2), Retries: retries ? 2 : 0)
            {
                BreakerSampling = attempt * 2 + TimeSpan.FromSeconds(10),
                BreakerMinimumThroughput = 5,
                BreakerFailureRatio = 0.5,
                BreakDuration = RetryAfter,
            };
        });
        client.AddHttpMessageHandler(sp => new ServiceTokenHandler(sp.GetRequiredService<TokenIssuer>(), Roles.Negocio));
        client.AddHttpMessageHandler(() => new CorrelationHandler());
        return client;
    }
}
