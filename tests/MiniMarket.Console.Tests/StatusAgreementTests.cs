using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Data;
using MiniMarket.Testing;
using Serilog.Core;

namespace MiniMarket.Console.Tests;

/// <summary>The HTTP metrics are process-wide: these tests count one endpoint's requests, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StatusAgreementGroup
{
    public const string Name = "console-status-agreement";
}

/// <summary>The console with its database calls open to injected faults, its log events captured, and a one-second request timeout.</summary>
public sealed class ConsoleStatusFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public ConsoleFactory Console { get; private set; } = null!;
    public CapturingLogSink Logs { get; } = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("console_status");
        Console = new ConsoleFactory(_database.ConnectionString, $"http://127.0.0.1:{TestServers.FreePort()}",
            new Dictionary<string, string?> { ["Http:RequestTimeout"] = "00:00:01" },
            services =>
            {
                DatabaseFaults.Register<ConsoleDbContext>(services);
                services.AddSingleton<ILogEventSink>(Logs);
            });
        using var client = Console.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        await client.SendAsync(StatusAgreementTests.SignIn.Request()); // warm: Identity's first query builds its model
    }

    public async Task DisposeAsync()
    {
        await Console.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>
/// The console's own API (<c>POST /api/v1/token</c>, which reads the users' table): the status a client got, the status in
/// <c>http_requests_received_total</c>'s code label and in the request log agree, for a refusal, a binding failure, the
/// database unavailable, a handler that throws, a client that gives up and a timeout.
/// </summary>
[Collection(StatusAgreementGroup.Name)]
public class StatusAgreementTests(ConsoleStatusFixture fixture) : IClassFixture<ConsoleStatusFixture>
{
    private const string Endpoint = "/api/v1/token";

    public static Probe SignIn { get; } = new("POST", Endpoint, () => new HttpRequestMessage(HttpMethod.Post, Endpoint)
    {
        Content = JsonContent.Create(new { userName = "admin", password = ConsoleFactory.AdminPassword }),
    }, 200);

    private static readonly Probe WrongPassword = new("POST", Endpoint, () => new HttpRequestMessage(HttpMethod.Post, Endpoint)
    {
        Content = JsonContent.Create(new { userName = "admin", password = "not-the-password" }),
    }, 401);

    private static readonly Probe WrongType = new("POST", Endpoint, () => new HttpRequestMessage(HttpMethod.Post, Endpoint)
    {
        Content = new StringContent("{\"userName\": 12, \"password\": \"x\"}", System.Text.Encoding.UTF8, "application/json"),
    }, 400);

    private async Task<StatusAgreement.Outcome> SendAsync(Probe probe, string? fault = null, TimeSpan? giveUpAfter = null)
    {
        using var client = fixture.Console.CreateClient();
        return await StatusAgreement.SendAsync(client, probe, fixture.Logs, fault, giveUpAfter);
    }

    [Fact]
    public async Task Success_200OnWireMetricAndLog() => StatusAgreement.AssertAgree(await SendAsync(SignIn), 200);

    [Fact]
    public async Task Refusal_WrongPassword_401OnWireMetricAndLog() => StatusAgreement.AssertAgree(await SendAsync(WrongPassword), 401);

    [Fact]
    public async Task BindingFailure_NumberForText_400NamingTheField()
    {
        var outcome = await SendAsync(WrongType);

        StatusAgreement.AssertAgree(outcome, 400);
        Assert.Contains("\"userName\"", await outcome.Response!.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabaseUnavailable_503WithRetryAfter()
    {
        var outcome = await SendAsync(SignIn, "unavailable");

        StatusAgreement.AssertAgree(outcome, 503);
        Assert.True(StatusAgreement.IsRetryAfter(outcome.Response), "a 503 says when to retry");
    }

    [Fact]
    public async Task HandlerThrows_500OnWireMetricAndLog() => StatusAgreement.AssertAgree(await SendAsync(SignIn, "throw"), 500);

    [Fact]
    public async Task ClientGivesUp_499InMetricAndLog() =>
        StatusAgreement.AssertAgree(await SendAsync(SignIn, "slow", TimeSpan.FromMilliseconds(300)), 499, clientGaveUp: true);

    [Fact]
    public async Task RequestTimesOut_504OnWireMetricAndLog() => StatusAgreement.AssertAgree(await SendAsync(SignIn, "slow"), 504);
}
