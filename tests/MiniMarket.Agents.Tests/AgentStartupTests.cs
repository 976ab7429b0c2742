using System.Net;
using System.Text.Json;
using MiniMarket.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MiniMarket.Agents.Tests;

public class AgentStartupTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string, string[]> Roles => new()
    {
        { "deposito", ["deposito"] },
        { "negocio", ["negocio"] },
        { "ml", ["ml"] },
        { "all", ["deposito", "negocio", "ml"] },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Start_EachRole_ReportsReadyWithItsOwnSchemaMigrated(string role, string[] schemas)
    {
        await using var agents = new AgentsFactory(role, database.ConnectionString);
        using var client = agents.CreateClient();

        var response = await client.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["postgres"]);
        Assert.Equal("Healthy", checks["redis"]);
        foreach (var schema in new[] { "deposito", "negocio", "ml" })
        {
            Assert.Equal(schemas.Contains(schema), checks.ContainsKey("migrations-" + schema));
        }
        foreach (var schema in schemas)
        {
            Assert.Equal("Healthy", checks["migrations-" + schema]);
            Assert.NotEmpty(await TablesAsync(schema));
        }
    }

    [Fact]
    public async Task Start_Deposito_CreatesProductsMovementsAndCategoriesTables()
    {
        await using var agents = new AgentsFactory("deposito", database.ConnectionString);
        using var client = agents.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();

        var tables = await TablesAsync("deposito");

        Assert.Contains("products", tables);
        Assert.Contains("stock_movements", tables);
        Assert.Contains("categories", tables);
        Assert.Contains("__ef_migrations_history", tables);
    }

    [Fact]
    public async Task Live_AnswersWithoutTokenAndWithoutChecks()
    {
        await using var agents = new AgentsFactory("ml", database.ConnectionString);
        using var client = agents.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(json.RootElement.GetProperty("checks").EnumerateArray());
    }

    [Fact]
    public async Task Ready_RedisDown_StaysReadyButSaysDegraded()
    {
        var closedPort = TestServers.FreePort();
        await using var agents = new AgentsFactory("deposito", database.ConnectionString,
            new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = $"127.0.0.1:{closedPort}" });
        using var client = agents.CreateClient();

        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        var redis = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "redis");
        Assert.Equal("Degraded", redis.GetProperty("status").GetString());
        Assert.Contains("sin caché", redis.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private async Task<List<string>> TablesAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @s", connection);
        command.Parameters.AddWithValue("s", schema);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }
}

public class MigrationTests(AgentsAppFixture app) : IClassFixture<AgentsAppFixture>
{
    [Fact]
    public async Task EveryAgentModel_HasAMigrationForEachChange()
    {
        await using var scope = app.Agents.Services.CreateAsyncScope();

        Assert.False(scope.ServiceProvider.GetRequiredService<MiniMarket.Agents.Deposito.DepositoDbContext>().Database.HasPendingModelChanges());
        Assert.False(scope.ServiceProvider.GetRequiredService<MiniMarket.Agents.Negocio.NegocioDbContext>().Database.HasPendingModelChanges());
        Assert.False(scope.ServiceProvider.GetRequiredService<MiniMarket.Agents.Ml.MlDbContext>().Database.HasPendingModelChanges());
    }
}
