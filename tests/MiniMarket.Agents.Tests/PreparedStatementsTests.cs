using MiniMarket.Agents.Deposito;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;
using Npgsql;

namespace MiniMarket.Agents.Tests;

/// <summary>The services' statements are prepared on their connection after their second use (PostgreSQL plans them once), unless the connection string says otherwise.</summary>
public class PreparedStatementsTests
{
    [Fact]
    public async Task ByDefault_ARepeatedStatementIsPreparedOnItsConnection()
    {
        await using var dataSource = HostingDefaults.PostgresDataSource(TestServers.Postgres, "test");
        Assert.Equal(HostingDefaults.DefaultMaxAutoPrepare, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
        Assert.Equal(0, await PreparedAfterThreeRunsAsync(dataSource, "SELECT 1 + @x")); // once: not prepared
        Assert.Equal(1, await PreparedAfterThreeRunsAsync(dataSource, "SELECT 1 + @x", runs: 3, sameConnection: true));
    }

    [Theory]
    [InlineData("Max Auto Prepare=0")]
    [InlineData("maxautoprepare=0")]
    public async Task TheConnectionStringWins(string setting)
    {
        await using var dataSource = HostingDefaults.PostgresDataSource(TestServers.Postgres + ";" + setting, "test");
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
        Assert.Equal(0, await PreparedAfterThreeRunsAsync(dataSource, "SELECT 1 + @x", runs: 3, sameConnection: true));
    }

    [Fact]
    public void TheMovementStatement_NamesEveryParameterTheLedgerSends()
    {
        // The benchmark's pgbench ceiling runs this very text: its parameters are the ledger's.
        foreach (var name in new[] { "quantity", "now", "user", "product", "kind", "reason", "reference", "price", "agent", "key", "hash", "at" })
            Assert.Contains("@" + name, StockLedger.ApplyOneSql, StringComparison.Ordinal);
    }

    /// <summary>How many statements the connection has prepared after running <paramref name="sql"/> (once on a fresh connection unless asked).</summary>
    private static async Task<long> PreparedAfterThreeRunsAsync(NpgsqlDataSource dataSource, string sql, int runs = 1, bool sameConnection = false)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var i = 0; i < (sameConnection ? runs : 1); i++)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("x", i);
            await command.ExecuteScalarAsync();
        }
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT 1 + %'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
