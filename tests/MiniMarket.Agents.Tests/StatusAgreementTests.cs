using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Agents.Deposito;
using MiniMarket.Agents.Ml;
using MiniMarket.Agents.Negocio;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;
using Serilog.Core;

namespace MiniMarket.Agents.Tests;

/// <summary>
/// The HTTP metrics are process-wide (prometheus-net's default registry): these tests count one endpoint's requests, so
/// they run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StatusAgreementGroup
{
    public const string Name = "status-agreement";
}

/// <summary>An agent as the tests drive it: its app (with database faults and a log sink), and its probes.</summary>
public sealed record AgentUnderTest(string Name, AgentsFactory App, CapturingLogSink Logs, Probe Refusal, Probe Binding, Probe Database, Probe? Dependency)
{
    public HttpClient Client()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", App.TokenFor("admin", Roles.Admin));
        return client;
    }
}

/// <summary>
/// The three agents, each with its database calls open to injected faults (<see cref="DatabaseFaults"/>), its log events
/// captured, and a request timeout of one second (so that a slow statement times out). Other agents are unreachable
/// (port 9): a call to one is a dependency that is down.
/// </summary>
public sealed class AgentsStatusFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public IReadOnlyDictionary<string, AgentUnderTest> Agents { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("status");
        var agents = new[]
        {
            Start<DepositoDbContext>("deposito",
                Refusal: new Probe("GET", "/api/v1/products/{id:int}", () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/products/987654"), 404),
                Binding: new Probe("GET", "/api/v1/stock/history/sales", () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/stock/history/sales?from=abc"), 400),
                Database: new Probe("GET", "/api/v1/stock/valuation", () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/stock/valuation"), 200),
                Dependency: null),
            Start<NegocioDbContext>("negocio",
                Refusal: new Probe("GET", "/api/v1/suppliers/{id:guid}", () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/suppliers/" + Guid.NewGuid()), 404),
                Binding: new Probe("GET", "/api/v1/suppliers/", () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/suppliers/?active=maybe"), 400),
                Database: new Probe("GET", "/api/v1/suppliers/", () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/suppliers/"), 200),
                Dependency: new Probe("GET", "/api/v1/prices/{productId:int}", () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/prices/1"), 503)),
            Start<MlDbContext>("ml",
                Refusal: new Probe("POST", "/api/v1/ocr/invoices", () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/ocr/invoices") { Content = new StringContent("texto") }, 415),
                Binding: new Probe("GET", "/api/v1/forecasts/demand/{productId:int}", () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/forecasts/demand/1?horizon=abc"), 400),
                Database: new Probe("GET", "/api/v1/models", () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/models"), 200),
                Dependency: new Probe("POST", "/api/v1/models/retrain", () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/models/retrain"), 503)),
        };
        // Started and warmed up (migrations, the first query's model building, the Redis connection) before the first test:
        // a cold first request can take longer than the one-second timeout.
        foreach (var agent in agents)
        {
            using var client = agent.Client();
            await client.SendAsync(agent.Database.Request());
            await client.SendAsync(agent.Refusal.Request());
        }
        Agents = agents.ToDictionary(a => a.Name);
    }

    private AgentUnderTest Start<TContext>(string role, Probe Refusal, Probe Binding, Probe Database, Probe? Dependency) where TContext : DbContext
    {
        var logs = new CapturingLogSink();
        var app = new AgentsFactory(role, _database!.ConnectionString, new Dictionary<string, string?> { ["Http:RequestTimeout"] = "00:00:01" },
            services =>
            {
                DatabaseFaults.Register<TContext>(services);
                services.AddSingleton<ILogEventSink>(logs);
            });
        return new AgentUnderTest(role, app, logs, Refusal, Binding, Database, Dependency);
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in Agents?.Values ?? []) await agent.App.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>
/// For each agent, the status a client got, the status in <c>http_requests_received_total</c>'s code label and the status
/// in the request log are the same — for a refusal, a binding failure, a dependency that is down, the database
/// unavailable, a handler that throws, a request the client gives up on and a request that times out.
/// </summary>
[Collection(StatusAgreementGroup.Name)]
public class StatusAgreementTests(AgentsStatusFixture fixture) : IClassFixture<AgentsStatusFixture>
{
    public static TheoryData<string> AgentNames => ["deposito", "negocio", "ml"];

    public static TheoryData<string> AgentsWithDependencies => ["negocio", "ml"];

    private static async Task<StatusAgreement.Outcome> SendAsync(AgentUnderTest agent, Probe probe, string? fault = null, TimeSpan? giveUpAfter = null)
    {
        using var client = agent.Client();
        return await StatusAgreement.SendAsync(client, probe, agent.Logs, fault, giveUpAfter);
    }

    [Theory, MemberData(nameof(AgentNames))]
    public async Task Refusal_HandlerAnswers4xx_SameStatusOnWireMetricAndLog(string name)
    {
        var agent = fixture.Agents[name];

        var outcome = await SendAsync(agent, agent.Refusal);

        StatusAgreement.AssertAgree(outcome, agent.Refusal.Expected);
    }

    [Theory, MemberData(nameof(AgentNames))]
    public async Task BindingFailure_BadQueryValue_400OnWireMetricAndLogNamingTheParameter(string name)
    {
        var agent = fixture.Agents[name];

        var outcome = await SendAsync(agent, agent.Binding);

        StatusAgreement.AssertAgree(outcome, 400);
        var body = await outcome.Response!.Content.ReadAsStringAsync();
        Assert.Contains("\"errors\":{\"", body, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(AgentsWithDependencies))]
    public async Task DependencyDown_HandlerAnswers503_SameStatusOnWireMetricAndLog(string name)
    {
        var agent = fixture.Agents[name];

        var outcome = await SendAsync(agent, agent.Dependency!);

        StatusAgreement.AssertAgree(outcome, 503);
        Assert.True(StatusAgreement.IsRetryAfter(outcome.Response), "a 503 says when to retry");
    }

    [Theory, MemberData(nameof(AgentNames))]
    public async Task DatabaseUnavailable_503WithRetryAfter_SameStatusOnWireMetricAndLog(string name)
    {
        var agent = fixture.Agents[name];

        var outcome = await SendAsync(agent, agent.Database, "unavailable");

        StatusAgreement.AssertAgree(outcome, 503);
        Assert.True(StatusAgreement.IsRetryAfter(outcome.Response), "a 503 says when to retry");
    }

    [Theory, MemberData(nameof(AgentNames))]
    public async Task HandlerThrows_500OnWireMetricAndLog(string name)
    {
        var agent = fixture.Agents[name];

        var outcome = await SendAsync(agent, agent.Database, "throw");

        StatusAgreement.AssertAgree(outcome, 500);
        Assert.Equal("application/problem+json", outcome.Response!.Content.Headers.ContentType?.MediaType);
    }

    [Theory, MemberData(nameof(AgentNames))]
    public async Task ClientGivesUp_499InMetricAndLog(string name)
    {
        var agent = fixture.Agents[name];

        var outcome = await SendAsync(agent, agent.Database, "slow", giveUpAfter: TimeSpan.FromMilliseconds(300));

        StatusAgreement.AssertAgree(outcome, 499, clientGaveUp: true);
    }

    [Theory, MemberData(nameof(AgentNames))]
    public async Task RequestTimesOut_504OnWireMetricAndLog(string name)
    {
        var agent = fixture.Agents[name];

        var outcome = await SendAsync(agent, agent.Database, "slow");

        StatusAgreement.AssertAgree(outcome, 504);
        Assert.Equal("application/problem+json", outcome.Response!.Content.Headers.ContentType?.MediaType);
    }

    [Theory, MemberData(nameof(AgentNames))]
    public async Task Probes_HealthAndMetrics_AreNotMeasured(string name)
    {
        using var client = fixture.Agents[name].Client();
        foreach (var path in new[] { "/health/live", "/health/ready", "/metrics" }) (await client.GetAsync(path)).EnsureSuccessStatusCode();

        var metrics = await client.GetStringAsync("/metrics");

        foreach (var path in new[] { "/health/live", "/health/ready", "/metrics" }) Assert.Empty(HttpMetricsText.ByCode(metrics, "GET", path));
    }

    [Theory, MemberData(nameof(AgentNames))]
    public async Task Success_200OnWireMetricAndLog(string name)
    {
        var agent = fixture.Agents[name];

        var outcome = await SendAsync(agent, agent.Database);

        StatusAgreement.AssertAgree(outcome, 200);
    }
}
