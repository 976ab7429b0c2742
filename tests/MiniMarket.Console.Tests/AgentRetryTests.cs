using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MiniMarket.Console.Services;
using MiniMarket.Core.Hosting;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

/// <summary>
/// What the console retries when an agent fails: a 500 is a bug on the agent's side and is shown at once (no second try:
/// a page once waited 6.9 s for three); a 503 or a refused connection is tried once more, and only for a read.
/// </summary>
public sealed class AgentRetryTests : IAsyncLifetime
{
    private WebApplication? _agent;
    private int _status = 500;
    private int _calls;
    private TestDatabase? _database;
    private ConsoleFactory? _console;

    public async Task InitializeAsync()
    {
        var port = TestServers.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _agent = builder.Build();
        _agent.Run(context =>
        {
            Interlocked.Increment(ref _calls);
            context.Response.StatusCode = _status;
            return context.Response.WriteAsJsonAsync(new { title = "falla", status = _status });
        });
        await _agent.StartAsync();
        _database = await TestDatabase.CreateAsync("retry");
        var url = $"http://127.0.0.1:{port}/";
        _console = new ConsoleFactory(_database.ConnectionString, "http://127.0.0.1:1", new Dictionary<string, string?>
        {
            ["Agents:DepositoUrl"] = url, ["Agents:NegocioUrl"] = url, ["Agents:MlUrl"] = url,
        });
        _console.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        if (_console is not null) await _console.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_agent is not null) await _agent.DisposeAsync();
    }

    private async Task<(int Calls, AgentProblem? Problem)> ReadAsync(int status)
    {
        _status = status;
        Interlocked.Exchange(ref _calls, 0);
        await using var scope = _console!.Services.CreateAsyncScope();
        using var person = AmbientUser.Act(AmbientUser.For("maria", Roles.Encargado));
        var result = await scope.ServiceProvider.GetRequiredService<IDepositoClient>().GetProductAsync(1);
        return (_calls, result.Problem);
    }

    [Fact]
    public async Task AgentAnswers500_AskedOnce()
    {
        var (calls, problem) = await ReadAsync(500);

        Assert.Equal(1, calls);
        Assert.Equal(500, problem?.Status);
    }

    [Fact]
    public async Task AgentAnswers503_ReadTriedOnceMore()
    {
        var (calls, problem) = await ReadAsync(503);

        Assert.Equal(2, calls);
        Assert.Equal(503, problem?.Status);
    }

    [Fact]
    public async Task AgentAnswers503_WriteWithoutIdempotencyKey_AskedOnce()
    {
        _status = 503;
        Interlocked.Exchange(ref _calls, 0);
        await using var scope = _console!.Services.CreateAsyncScope();
        using var person = AmbientUser.Act(AmbientUser.For("maria", Roles.Encargado));

        await scope.ServiceProvider.GetRequiredService<IDepositoClient>().CreateCategoryAsync("Nueva");

        Assert.Equal(1, _calls);
    }
}
