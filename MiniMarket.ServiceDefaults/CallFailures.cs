using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MiniMarket.ServiceDefaults;

/// <summary>Why an outgoing call got no answer.</summary>
public enum CallFailure
{
    /// <summary>The other side accepts no connections (down, wrong address).</summary>
    NoConnection,

    /// <summary>An attempt, or the whole call, ran out of time.</summary>
    Timeout,

    /// <summary>The circuit breaker is open after repeated failures: no call was made.</summary>
    CircuitOpen,

    /// <summary>The connection failed another way (reset, a broken response).</summary>
    Failed,
}

/// <summary>
/// The one place that says whether an exception from an outgoing HTTP call (HttpClient with Polly's resilience handlers)
/// means the other service is away, and why. Every client — the console's Prometheus, Alertmanager, Loki and agent clients,
/// the agents' clients of each other — classifies with it instead of keeping its own list.
/// </summary>
public static class CallFailures
{
    /// <summary>The kind of failure, or null when the exception is none of the other side's (a bug here): let it through.</summary>
    public static CallFailure? Of(Exception exception) => exception switch
    {
        BrokenCircuitException => CallFailure.CircuitOpen,
        TimeoutRejectedException or TaskCanceledException or TimeoutException => CallFailure.Timeout,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => CallFailure.NoConnection,
        HttpRequestException or IOException => CallFailure.Failed,
        _ => null,
    };

    /// <summary>Whether the exception says the other service is away (see <see cref="Of"/>).</summary>
    public static bool IsUnavailable(Exception exception) => Of(exception) is not null;

    /// <summary>What a person is told, in Spanish, about <paramref name="service"/> not answering.</summary>
    public static string Describe(string service, Exception exception) => Of(exception) switch
    {
        CallFailure.NoConnection => $"no se pudo conectar con {service} ({exception.Message})",
        CallFailure.Timeout => $"{service} no respondió a tiempo",
        CallFailure.CircuitOpen => $"{service} falló varias veces seguidas; se reintentará en unos segundos",
        _ => $"{service} no responde: {exception.Message}",
    };
}
