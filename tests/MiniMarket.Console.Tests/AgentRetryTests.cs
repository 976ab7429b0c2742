using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

/// <summary>
/// What the console retries when an agent fails: a 500 is a bug on the agent's side and is shown at once (no second try:
/// a page once waited 6.9 s for three); a 503 or a refused connection is tried once more, and only for a read.
/// </summary>
public sealed class AgentRetryTests : IAsyncLifetime
{
    private StatusServer? _server;
    private TestDatabase? _database;
    private ConsoleFactory? _console;

    public async Task InitializeAsync()
    {
        _server = await StatusServer.StartAsync();
        _database = await TestDatabase.CreateAsync("retry");
        var url = _server.Url.ToString();
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
        if (_server is not null) await _server.DisposeAsync();
    }

    private async Task<(int Calls, AgentProblem? Problem)> ReadAsync(int status)
    {
        _server!.Answer(status);
        await using var scope = _console!.Services.CreateAsyncScope();
        using var person = AmbientUser.Act(AmbientUser.For("maria", Roles.Encargado));
        var result = await scope.ServiceProvider.GetRequiredService<IDepositoClient>().GetProductAsync(1);
        return (_server.Calls, result.Problem);
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
        _server!.Answer(503);
        await using var scope = _console!.Services.CreateAsyncScope();
        using var person = AmbientUser.Act(AmbientUser.For("maria", Roles.Encargado));

        await scope.ServiceProvider.GetRequiredService<IDepositoClient>().CreateCategoryAsync("Nueva");

        Assert.Equal(1, _server.Calls);
    }
}
