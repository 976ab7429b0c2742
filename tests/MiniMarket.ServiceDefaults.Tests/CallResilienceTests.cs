using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MiniMarket.ServiceDefaults.Tests;

/// <summary>The one resilience pipeline every MiniMarket client gets (<see cref="HttpClientSetup.AddCallResilience"/>).</summary>
public class CallResilienceTests
{
    /// <summary>Answers every request with one status (or waits <see cref="Delay"/> first) and counts them.</summary>
    private sealed class Backend(HttpStatusCode status) : HttpMessageHandler
    {
        private int _calls;
        public int Calls => _calls;
        public TimeSpan Delay { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
            return new HttpResponseMessage(status);
        }
    }

    private static HttpClient Client(Backend backend, CallResilience settings)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("dependency", http => http.BaseAddress = new Uri("http://127.0.0.1:9/"))
            .AddCallResilience(_ => settings)
            .ConfigurePrimaryHttpMessageHandler(() => backend);
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("dependency");
    }

    private static readonly CallResilience TwoRetries = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), Retries: 2);

    [Fact]
    public async Task A503_OnARead_IsTriedAgainAsManyTimesAsSaid()
    {
        var backend = new Backend(HttpStatusCode.ServiceUnavailable);

        using var response = await Client(backend, TwoRetries).GetAsync("x");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, backend.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "GET")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "POST")]
    public async Task A500_OrAPostWithoutKey_IsNotTriedAgain(HttpStatusCode status, string method)
    {
        var backend = new Backend(status);

        using var response = await Client(backend, TwoRetries).SendAsync(new HttpRequestMessage(new HttpMethod(method), "x"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(1, backend.Calls);
    }

    [Fact]
    public async Task ASlowAttempt_TimesOut()
    {
        var backend = new Backend(HttpStatusCode.OK) { Delay = TimeSpan.FromSeconds(30) };
        var settings = new CallResilience(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), Retries: 0);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => Client(backend, settings).GetAsync("x"));
        Assert.Equal(1, backend.Calls);
    }

    [Fact]
    public async Task TheBreaker_OpensOnFailures_AndThenCallsNothing()
    {
        var backend = new Backend(HttpStatusCode.ServiceUnavailable);
        var settings = new CallResilience(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), Retries: 0)
        {
            BreakerSampling = TimeSpan.FromSeconds(30), BreakerMinimumThroughput = 3, BreakerFailureRatio = 0.5, BreakDuration = TimeSpan.FromMinutes(1),
        };
        var client = Client(backend, settings);
        for (var i = 0; i < 3; i++) (await client.GetAsync("x")).Dispose();

        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync("x"));
        Assert.Equal(3, backend.Calls);
    }

    [Fact]
    public async Task WithoutABreaker_EveryCallReachesTheService()
    {
        var backend = new Backend(HttpStatusCode.ServiceUnavailable);
        var settings = new CallResilience(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), Retries: 0);
        var client = Client(backend, settings);

        for (var i = 0; i < 150; i++) (await client.GetAsync("x")).Dispose();

        Assert.Equal(150, backend.Calls);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9090/prometheus", "http://127.0.0.1:9090/prometheus/api/v1/query")]
    [InlineData("http://127.0.0.1:9090/prometheus/", "http://127.0.0.1:9090/prometheus/api/v1/query")]
    [InlineData("http://127.0.0.1:9090", "http://127.0.0.1:9090/api/v1/query")]
    public void PointAt_KeepsTheBasePath_AndLeavesTimeoutsToThePipeline(string url, string expected)
    {
        using var http = new HttpClient();

        http.PointAt(new Uri(url));

        Assert.Equal(expected, new Uri(http.BaseAddress!, "api/v1/query").ToString());
        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
    }
}
