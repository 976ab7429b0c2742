using System.Text.RegularExpressions;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;
using Npgsql;

namespace MiniMarket.Agents.Tests;

/// <summary>
/// Pooled connections are not reset when they go back to the pool (Npgsql's reset is seven commands PostgreSQL runs
/// before each borrowed connection's next statement). That is safe only while no code leaves state on a session: this
/// keeps it so, and shows what the reset would have undone.
/// </summary>
public partial class SessionStateTests
{
    [Fact]
    public async Task ByDefault_APooledConnectionIsNotReset_AndTheConnectionStringWins()
    {
        await using var dataSource = HostingDefaults.PostgresDataSource(TestServers.Postgres + ";Maximum Pool Size=1", "test");
        Assert.True(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose);
        // With one connection in the pool, a session setting outlives its borrower: exactly why nothing may set one.
        Assert.Equal("leaked", await SessionSettingSeenByNextBorrowerAsync(dataSource));

        await using var resetting = HostingDefaults.PostgresDataSource(TestServers.Postgres + ";Maximum Pool Size=1;No Reset On Close=false", "test");
        Assert.False(new NpgsqlConnectionStringBuilder(resetting.ConnectionString).NoResetOnClose);
        Assert.Equal("", await SessionSettingSeenByNextBorrowerAsync(resetting));
    }

    [Fact]
    public void NoProductCode_LeavesStateOnAPostgresSession()
    {
        var found = new List<string>();
        foreach (var project in new[] { "MiniMarket.Agents", "MiniMarket.Console", "MiniMarket.Core", "MiniMarket.ServiceDefaults" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, project), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Root, file);
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)) continue;
                found.AddRange(SessionState(File.ReadAllText(file)).Select(m => $"{relative}: {m}"));
            }
        }
        Assert.Empty(found);
    }

    [Theory]
    [InlineData("await db.Database.ExecuteSqlRawAsync(\"SET statement_timeout = 0\");")]
    [InlineData("\"set search_path to deposito\"")]
    [InlineData("SET SESSION work_mem = '64MB'")]
    [InlineData("select pg_advisory_lock(42)")]
    [InlineData("SELECT pg_try_advisory_lock(hashtext(@k))")]
    [InlineData("CREATE TEMP TABLE staging (id int)")]
    [InlineData("DECLARE c CURSOR WITH HOLD FOR SELECT 1")]
    [InlineData("LISTEN stock_changed")]
    [InlineData("SELECT set_config('app.user', @u, false)")]
    public void TheCheck_FindsWhatWouldLeak(string code) => Assert.NotEmpty(SessionState(code));

    [Theory]
    [InlineData("UPDATE deposito.products\n   SET stock = stock + @quantity")]
    [InlineData("select pg_advisory_xact_lock(hashtext(@key))")]
    [InlineData("SET LOCAL statement_timeout = 1000")]
    [InlineData("// Set the price to the new one")]
    public void TheCheck_LeavesAloneWhatEndsWithTheTransaction(string code) => Assert.Empty(SessionState(code));

    private static IEnumerable<string> SessionState(string code) =>
        SessionStatement().Matches(code).Select(m => m.Value.Trim());

    /// <summary>Session-level settings, locks, temp tables, held cursors, listeners (SET LOCAL, xact locks and UPDATE … SET end with the transaction).</summary>
    [GeneratedRegex("""
        \bSET\s+(?:SESSION\s+)?(?:search_path|statement_timeout|lock_timeout|idle_in_transaction_session_timeout|role|session\s+authorization|application_name|time\s*zone|work_mem|datestyle|client_encoding|synchronous_commit|default_transaction_isolation|transaction\s+isolation)\b
        |\bSET\s+SESSION\b
        |\bpg_(?:try_)?advisory_lock(?:_shared)?\s*\(
        |\bCREATE\s+(?:TEMP|TEMPORARY)\b
        |\bCURSOR\s+WITH\s+HOLD\b
        |(?-i:\bLISTEN\s+\w+)
        |\bset_config\s*\([^)]*,\s*false\s*\)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex SessionStatement();

    /// <summary>Sets a session setting on a borrowed connection, returns it, and reads the setting on the next borrower.</summary>
    private static async Task<string> SessionSettingSeenByNextBorrowerAsync(NpgsqlDataSource dataSource)
    {
        await using (var first = await dataSource.OpenConnectionAsync())
        await using (var set = new NpgsqlCommand("SET application_name = 'leaked'", first))
            await set.ExecuteNonQueryAsync();
        await using var next = await dataSource.OpenConnectionAsync();
        await using var read = new NpgsqlCommand("SELECT current_setting('application_name')", next);
        return (string)(await read.ExecuteScalarAsync())!;
    }
}
