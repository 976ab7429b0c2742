using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MiniMarket.Agents.Deposito;
using MiniMarket.Core.Hosting;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Deposito;

/// <summary>
/// What deposito retries when it asks negocio whether a supplier exists: the same rule as every other call
/// (<see cref="HttpRetries.OnlyTransient"/>) — a 503 once more, never a 500, which is a bug on negocio's side.
/// </summary>
public sealed class SupplierCheckRetryTests : IAsyncLifetime
{
    private WebApplication? _negocio;
    private int _status = 500;
    private int _calls;
    private TestDatabase? _database;
    private AgentsFactory? _deposito;

    public async Task InitializeAsync()
    {
        var port = TestServers.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _negocio = builder.Build();
        _negocio.Run(context =>
        {
            Interlocked.Increment(ref _calls);
            context.Response.StatusCode = _status;
            return Task.CompletedTask;
        });
        await _negocio.StartAsync();
        _database = await TestDatabase.CreateAsync("supplier-retry");
        _deposito = new AgentsFactory("deposito", _database.ConnectionString, new Dictionary<string, string?> { ["Deposito:NegocioUrl"] = $"http://127.0.0.1:{port}/" });
        _deposito.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        if (_deposito is not null) await _deposito.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_negocio is not null) await _negocio.DisposeAsync();
    }

    private async Task<int> CallsForAsync(int status)
    {
        _status = status;
        Interlocked.Exchange(ref _calls, 0);
        await using var scope = _deposito!.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => scope.ServiceProvider.GetRequiredService<SupplierDirectory>().ExistsAsync(Guid.NewGuid(), CancellationToken.None));
        return _calls;
    }

    [Fact]
    public async Task Negocio500_AskedOnce() => Assert.Equal(1, await CallsForAsync(500));

    [Fact]
    public async Task Negocio503_AskedOnceMore() => Assert.Equal(2, await CallsForAsync(503));
}
