using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Agents.Deposito;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Deposito;

/// <summary>
/// What deposito retries when it asks negocio whether a supplier exists: the same rule as every other call
/// (<see cref="HttpRetries.OnlyTransient"/>) — a 503 once more, never a 500, which is a bug on negocio's side.
/// </summary>
public sealed class SupplierCheckRetryTests : IAsyncLifetime
{
    private StatusServer? _server;
    private TestDatabase? _database;
    private AgentsFactory? _deposito;

    public async Task InitializeAsync()
    {
        _server = await StatusServer.StartAsync();
        _database = await TestDatabase.CreateAsync("supplier-retry");
        _deposito = new AgentsFactory("deposito", _database.ConnectionString, new Dictionary<string, string?> { ["Deposito:NegocioUrl"] = _server.Url.ToString() });
        _deposito.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        if (_deposito is not null) await _deposito.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }

    private async Task<int> CallsForAsync(int status)
    {
        _server!.Answer(status);
        await using var scope = _deposito!.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => scope.ServiceProvider.GetRequiredService<SupplierDirectory>().ExistsAsync(Guid.NewGuid(), CancellationToken.None));
        return _server.Calls;
    }

    [Fact]
    public async Task Negocio500_AskedOnce() => Assert.Equal(1, await CallsForAsync(500));

    [Fact]
    public async Task Negocio503_AskedOnceMore() => Assert.Equal(2, await CallsForAsync(503));
}
