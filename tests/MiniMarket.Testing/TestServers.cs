using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MiniMarket.Testing;

/// <summary>
/// The real servers test.sh started (PostgreSQL, Redis). Tests never mock what the machine can run; they
/// isolate themselves by database and key prefix. Run the tests through ./test.sh, which sets these variables.
/// </summary>
public static class TestServers
{
    public const string PostgresVariable = "MM_TEST_POSTGRES";
    public const string RedisVariable = "MM_TEST_REDIS";

    /// <summary>A role with CREATEDB on the test server, connected to an existing database.</summary>
    public static string Postgres => Required(PostgresVariable);

    public static string Redis => Required(RedisVariable);

    /// <summary>A signing key for tests only (32+ characters).</summary>
    public const string JwtSigningKey = "test-signing-key-that-is-long-enough-0123456789";

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the tests with ./test.sh, which starts PostgreSQL and Redis and sets it.");

    /// <summary>A TCP port on loopback that nothing listens on right now.</summary>
    /// <summary>The store the agents serve unless a test says otherwise (appsettings.json's Store): what tokens minted by a test must name.</summary>
    public static Microsoft.Extensions.Options.IOptions<MiniMarket.ServiceDefaults.StoreOptions> DefaultStore { get; } =
        Microsoft.Extensions.Options.Options.Create(new MiniMarket.ServiceDefaults.StoreOptions { Id = "casa-central", Name = "Casa Central" });

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A database of its own for one test class, dropped at the end.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string prefix)
    {
        var name = $"mm_test_{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        if (name.Length > 63) name = name[..63];
        await using (var admin = new NpgsqlConnection(TestServers.Postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Database = name, Pooling = true };
        return new TestDatabase(name, builder.ConnectionString);
    }

    /// <summary>
    /// Drops the database. WITH (FORCE) terminates the sessions still in it, but PostgreSQL 15 refuses (42501, "must be a
    /// member of the role whose process is being terminated") when one of them is an autovacuum worker, which belongs to
    /// no role the test role can signal: a freshly filled test database often has one analysing it for a second or two (that is what failed a CI run here).
    /// It also waits only 5 s for terminated sessions to exit (55006 after that), and four test assemblies at once can
    /// briefly use up the connections. So a refusal of those kinds is retried, a bounded number of times, before it is
    /// reported. (Granting the role pg_signal_backend would avoid the first, but the role is the application's too.)
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        const int attempts = 10;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var admin = new NpgsqlConnection(TestServers.Postgres);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (attempt < attempts && e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse
                    or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.TooManyConnections)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }
}
