using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace MiniMarket.Testing;

/// <summary>
/// A PostgreSQL 15 cluster of a test's own (Debian's binaries, run as the postgres user, a free loopback port) with WAL
/// archived continuously by pgBackRest (2.45) into a repository beside it: full and differential backups, destroying the
/// cluster, and restoring it to a point in time or to the latest archived WAL. Everything lives in one temporary folder.
/// </summary>
public sealed class BackedUpCluster : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private const string Stanza = "minimarket";
    private readonly string _folder;
    private readonly int _port = TestServers.FreePort();

    private BackedUpCluster(string folder, string database)
    {
        _folder = folder;
        Database = database;
    }

    public string Database { get; }
    private string Data => Path.Combine(_folder, "data");

    /// <summary>The Unix-socket directory, the port and pgBackRest's configuration (what backup/minimarket-backup.sh is given).</summary>
    public string Sockets => Path.Combine(_folder, "sockets");
    public int Port => _port;
    public string Config => Path.Combine(_folder, "pgbackrest.conf");
    public string DataFolder => Data;

    /// <summary>The application's connection string (the role the agents use, owner of the database).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Database={Database};Username=minimarket;Password=restore-test-password;Pooling=false";

    public static async Task<BackedUpCluster> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("mm-pitr-").FullName;
        var cluster = new BackedUpCluster(folder, "mmrestore_" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var sub in new[] { "repo", "log", "lock", "sockets" }) Directory.CreateDirectory(Path.Combine(folder, sub));
        await File.WriteAllTextAsync(cluster.Config, string.Create(CultureInfo.InvariantCulture, $"""
            [global]
            repo1-path={folder}/repo
            repo1-retention-full=2
            log-path={folder}/log
            lock-path={folder}/lock
            log-level-console=warn
            start-fast=y

            [{Stanza}]
            pg1-path={cluster.Data}
            pg1-port={cluster._port}
            pg1-socket-path={cluster.Sockets}
            """));
        await Run("chown", "-R", "postgres:postgres", folder);
        await AsPostgres(Bin + "/initdb", "-D", cluster.Data, "-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8");
        await File.AppendAllTextAsync(Path.Combine(cluster.Data, "postgresql.conf"), string.Create(CultureInfo.InvariantCulture, $"""

            port = {cluster._port}
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{cluster.Sockets}'
            wal_level = replica
            archive_mode = on
            archive_command = 'pgbackrest --config={cluster.Config} --stanza={Stanza} archive-push %p'
            max_wal_senders = 3
            """));
        await cluster.StartAsync();
        await cluster.SqlAsync("postgres", "CREATE ROLE minimarket LOGIN PASSWORD 'restore-test-password' CREATEDB");
        await cluster.SqlAsync("postgres", $"CREATE DATABASE {cluster.Database} OWNER minimarket");
        await cluster.BackRestAsync("stanza-create");
        await cluster.BackRestAsync("check");
        return cluster;
    }

    /// <summary>A backup: <c>full</c>, <c>diff</c> (since the last full) or <c>incr</c>.</summary>
    public Task BackupAsync(string type) => BackRestAsync("backup", "--type=" + type);

    /// <summary>Closes the current WAL segment and waits until pgBackRest has it (what a restore to "now" needs).</summary>
    public async Task ArchiveNowAsync()
    {
        await SqlAsync(Database, "SELECT pg_switch_wal();");
        await BackRestAsync("check");
    }

    /// <summary>The server's clock, as a restore target.</summary>
    public async Task<DateTimeOffset> NowAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT now()", connection);
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    /// <summary>The cluster is gone: stopped as by a crash, its data folder deleted.</summary>
    public async Task DestroyAsync()
    {
        await AsPostgres(Bin + "/pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        Directory.Delete(Data, recursive: true);
    }

    /// <summary>Restores into an empty data folder (to <paramref name="time"/>, or to the end of the archived WAL) and starts it; answers how long it took until it accepts writes.</summary>
    public async Task<TimeSpan> RestoreAsync(DateTimeOffset? time = null)
    {
        var clock = Stopwatch.StartNew();
        if (time is { } target)
            await BackRestAsync("restore", "--type=time", "--target=" + target.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture), "--target-action=promote");
        else
            await BackRestAsync("restore");
        await StartAndRecoverAsync();
        return clock.Elapsed;
    }

    /// <summary>Stops the server: <c>immediate</c> is a crash, <c>fast</c> a clean stop.</summary>
    public Task StopAsync(string mode = "fast") => AsPostgres(Bin + "/pg_ctl", "-D", Data, "-m", mode, "-w", "stop");

    /// <summary>Starts the server and waits until recovery (after a restore, up to its target) ends and it accepts writes.</summary>
    public async Task StartAndRecoverAsync()
    {
        await StartAsync();
        await Poll.UntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
            return (bool)(await command.ExecuteScalarAsync())!;
        }, inRecovery => !inRecovery, TimeSpan.FromSeconds(60), "the restored cluster to finish recovery");
    }

    /// <summary>Every table of the database (the agents' schemas and their migration history): rows and an md5 of all of them, in a stable order.</summary>
    public async Task<SortedDictionary<string, (long Rows, string Md5)>> ChecksumsAsync()
    {
        var sums = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables " +
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            sums[table] = (reader.GetInt64(0), reader.GetString(1));
        }
        return sums;
    }

    private Task StartAsync() => AsPostgres(Bin + "/pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "log", "postgresql.log"), "-w", "-t", "60", "start");

    private Task BackRestAsync(string command, params string[] arguments) =>
        AsPostgres("pgbackrest", ["--config=" + Config, "--stanza=" + Stanza, command, .. arguments]);

    /// <summary>SQL as the cluster's superuser, on the postgres database (settings, statistics).</summary>
    public Task SuperuserSqlAsync(string sql) => SqlAsync("postgres", sql);

    private Task SqlAsync(string database, string sql) =>
        AsPostgres("psql", "-h", Sockets, "-p", _port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql);

    private static Task AsPostgres(string file, params string[] arguments) => Run("runuser", ["-u", "postgres", "--", file, .. arguments]);

    private static async Task Run(string file, params string[] arguments)
    {
        var (exit, output) = await ProcessRunner.RunAsync(file, arguments, timeout: TimeSpan.FromSeconds(120));
        if (exit != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({exit}): {output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(Path.Combine(Data, "global")))
        {
            try
            {
                await AsPostgres(Bin + "/pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // Not running.
            }
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
