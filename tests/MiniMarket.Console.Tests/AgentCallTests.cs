using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Services;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

/// <summary>The console calls an agent as the signed-in person: a short-lived token with that person's roles.</summary>
public sealed class AgentCallTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private AgentsFactory? _agents;
    private ConsoleFactory? _console;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("calls");
        _agents = new AgentsFactory("all", _database.ConnectionString);
        var url = _agents.StartOnKestrel().ToString();
        _console = new ConsoleFactory(_database.ConnectionString, "http://127.0.0.1:1", new Dictionary<string, string?>
        {
            ["Agents:DepositoUrl"] = url,
            ["Agents:NegocioUrl"] = url,
            ["Agents:MlUrl"] = url,
        });
        _console.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        if (_console is not null) await _console.DisposeAsync();
        if (_agents is not null) await _agents.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("deposito")]
    [InlineData("negocio")]
    [InlineData("ml")]
    public async Task AgentInfo_SignedInEncargado_AgentSeesTheUserAndRoles(string agent)
    {
        await using var scope = _console!.Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, "maria"), new Claim(ClaimTypes.Role, "encargado")], "Identity.Application")),
        };

        var info = await scope.ServiceProvider.GetRequiredService<IAgentInfoClient>().GetAsync(agent);

        Assert.Equal("maria", info.Caller);
        Assert.Equal(["encargado"], info.CallerRoles);
        Assert.Contains(agent, info.Agents);
    }

    [Fact]
    public async Task AgentInfo_NobodySignedIn_IsRefusedBeforeCalling()
    {
        await using var scope = _console!.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            scope.ServiceProvider.GetRequiredService<IAgentInfoClient>().GetAsync("deposito"));

        Assert.Contains("anonymously", error.Message, StringComparison.Ordinal);
    }
}
