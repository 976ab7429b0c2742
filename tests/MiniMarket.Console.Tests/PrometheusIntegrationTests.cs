using Microsoft.Extensions.Options;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

/// <summary>
/// The whole path with real parts: the three agents on Kestrel, a real Prometheus scraping them, the console's
/// Prometheus client and health page model reading it.
/// </summary>
public sealed class PrometheusIntegrationTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private readonly List<AgentsFactory> _agents = [];

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("prom");

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents) await agent.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public async Task HealthModel_RealPrometheusScrapingAgents_ShowsUpThenDownThenUnknownWhenPrometheusStops()
    {
        var targets = new List<(string Job, Uri Target)>();
        foreach (var role in new[] { "deposito", "negocio", "ml" })
        {
            var agent = new AgentsFactory(role, _database!.ConnectionString);
            _agents.Add(agent);
            targets.Add((role, agent.StartOnKestrel()));
        }
        await using var prometheus = await PrometheusProcess.StartAsync(targets);
        var model = new HealthViewModel(
            new PrometheusClient(new HttpClient { BaseAddress = prometheus.Url, Timeout = TimeSpan.FromSeconds(5) }),
            Options.Create(new ObservabilityOptions { PrometheusUrl = prometheus.Url.ToString(), ExpectedJobs = ["deposito", "negocio", "ml"] }),
            TimeProvider.System);

        var up = await Poll.UntilAsync(() => model.RefreshAsync(), s => s.Overall == HealthState.Up, TimeSpan.FromSeconds(45), "every agent up in Prometheus");
        Assert.Equal(["deposito", "ml", "negocio"], up.Rows.Select(r => r.Service));
        Assert.All(up.Rows, r => Assert.NotNull(r.LastScrape));

        await _agents[1].DisposeAsync(); // negocio stops
        var down = await Poll.UntilAsync(() => model.RefreshAsync(), s => s.Overall == HealthState.Down, TimeSpan.FromSeconds(45), "negocio down in Prometheus");
        var negocio = down.Rows[0];
        Assert.Equal(("negocio", HealthState.Down), (negocio.Service, negocio.State));
        Assert.False(string.IsNullOrWhiteSpace(negocio.Reason));
        Assert.All(down.Rows.Skip(1), r => Assert.Equal(HealthState.Up, r.State));

        await prometheus.StopAsync();
        var unknown = await model.RefreshAsync();
        Assert.Equal(HealthState.Unknown, unknown.Overall);
        Assert.Contains("no se pudo conectar", unknown.UnknownReason, StringComparison.Ordinal);
        Assert.All(unknown.Rows, r => Assert.Equal(HealthState.Unknown, r.State));
        Assert.Equal(3, unknown.Rows.Count);
    }
}
