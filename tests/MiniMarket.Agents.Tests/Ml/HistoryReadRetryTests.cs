using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Agents.Ml.Training;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Ml;

/// <summary>
/// What ml retries when it reads deposito's sales history for training: the rule of every call
/// (<see cref="HttpRetries.OnlyTransient"/>) — a 503 once more, never a 500, which is a bug on deposito's side; either
/// way training is told the history is unavailable.
/// </summary>
public sealed class HistoryReadRetryTests : IAsyncLifetime
{
    private StatusServer? _server;
    private TestDatabase? _database;
    private AgentsFactory? _ml;

    public async Task InitializeAsync()
    {
        // Only this test's read (its own dates): ml's background jobs read deposito's history too.
        _server = await StatusServer.StartAsync(request => request.QueryString.Value?.Contains("from=2001-01-01", StringComparison.Ordinal) == true);
        _database = await TestDatabase.CreateAsync("history-retry");
        _ml = new AgentsFactory("ml", _database.ConnectionString, new Dictionary<string, string?> { ["Ml:DepositoUrl"] = _server.Url.ToString() });
        _ml.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        if (_ml is not null) await _ml.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }

    private async Task<int> CallsForAsync(int status)
    {
        _server!.Answer(status);
        await using var scope = _ml!.Services.CreateAsyncScope();
        var history = scope.ServiceProvider.GetRequiredService<DepositoHistoryClient>();
        await Assert.ThrowsAsync<HistoryUnavailableException>(() => history.GetSalesAsync(new DateOnly(2001, 1, 1), new DateOnly(2001, 12, 1), CancellationToken.None));
        return _server.Calls;
    }

    [Fact]
    public async Task Deposito500_AskedOnce() => Assert.Equal(1, await CallsForAsync(500));

    [Fact]
    public async Task Deposito503_AskedOnceMore() => Assert.Equal(2, await CallsForAsync(503));
}
