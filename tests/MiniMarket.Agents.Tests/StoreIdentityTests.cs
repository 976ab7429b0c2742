using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Testing;
using Serilog.Core;
using Serilog.Events;

namespace MiniMarket.Agents.Tests;

/// <summary>
/// Every agent knows its store (Store:Id, Store:Name): every log line carries it as the property store, and /metrics
/// says it in minimarket_store_info (the store's Prometheus adds the same id to every series as its external label).
/// minimarket_store_info is process-wide (prometheus-net's default registry) and every other test's agent sets its own
/// store: these run alone, after the parallel ones.
/// </summary>
[Collection(StatusAgreementGroup.Name)]
public class StoreIdentityTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [InlineData("deposito")]
    [InlineData("negocio")]
    [InlineData("ml")]
    public async Task TheStore_IsOnEveryLogLine_AndInTheMetrics(string role)
    {
        var logs = new CapturingLogSink();
        await using var agent = new AgentsFactory(role, database.ConnectionString,
            new Dictionary<string, string?> { ["Store:Id"] = "villa-crespo", ["Store:Name"] = "Villa Crespo" },
            services => services.AddSingleton<ILogEventSink>(logs));
        using var client = agent.CreateClient();

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/agent")).StatusCode);
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("minimarket_store_info{store_id=\"villa-crespo\",store_name=\"Villa Crespo\"} 1", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("minimarket_store_info{store_id=\"casa-central\"", metrics, StringComparison.Ordinal);
        var events = await Poll.UntilAsync(() => Task.FromResult(logs.Events), e => e.Any(x => x.Properties.ContainsKey("StatusCode")),
            TimeSpan.FromSeconds(10), "the request log line");
        Assert.All(events, e => Assert.Equal("villa-crespo", Assert.IsType<ScalarValue>(e.Properties["store"]).Value));
    }
}
