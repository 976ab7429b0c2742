using System.Net.Sockets;
using MiniMarket.ServiceDefaults;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MiniMarket.ServiceDefaults.Tests;

public class CallFailuresTests
{
    public static TheoryData<Exception, CallFailure?> Exceptions() => new()
    {
        { new BrokenCircuitException("open"), CallFailure.CircuitOpen },
        { new TimeoutRejectedException("slow"), CallFailure.Timeout },
        { new TaskCanceledException("slow"), CallFailure.Timeout },
        { new TimeoutException("slow"), CallFailure.Timeout },
        { new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException()), CallFailure.NoConnection },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), CallFailure.NoConnection },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), CallFailure.Failed },
        { new IOException("reset"), CallFailure.Failed },
        { new InvalidOperationException("a bug here"), null },
        { new ArgumentException("a bad request built here"), null },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Of_SaysWhichFailureOfTheOtherSide_OrNoneForABugHere(Exception exception, CallFailure? expected)
    {
        Assert.Equal(expected, CallFailures.Of(exception));
        Assert.Equal(expected is not null, CallFailures.IsUnavailable(exception));
    }

    [Fact]
    public void Describe_TellsThePersonWhatHappenedInSpanish()
    {
        Assert.Equal("no se pudo conectar con Loki (refused)", CallFailures.Describe("Loki", new HttpRequestException(HttpRequestError.ConnectionError, "refused")));
        Assert.Equal("Prometheus no respondió a tiempo", CallFailures.Describe("Prometheus", new TimeoutRejectedException()));
        Assert.Equal("Alertmanager falló varias veces seguidas; se reintentará en unos segundos", CallFailures.Describe("Alertmanager", new BrokenCircuitException()));
        Assert.Equal("Loki no responde: reset", CallFailures.Describe("Loki", new IOException("reset")));
    }
}
