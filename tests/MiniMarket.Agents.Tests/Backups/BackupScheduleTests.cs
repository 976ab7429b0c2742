using System.Globalization;
using Npgsql;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Backups;

/// <summary>
/// backup/minimarket-backup.sh, the schedule ./run.sh and compose run, against a real cluster archiving into pgBackRest:
/// what it backs up and when, the metrics it writes for node-exporter (the ones the backup alerts and Salud read), a failed
/// backup and a failing WAL archive as the metrics show them, and its restore command.
/// </summary>
public sealed class BackupScheduleTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mm-schedule-").FullName;
    private BackedUpCluster _cluster = null!;

    private string State => Path.Combine(_folder, "state");
    private string Models => Path.Combine(_folder, "models");
    private string Textfile => Path.Combine(_folder, "metrics", "minimarket_backup.prom");

    public async Task InitializeAsync()
    {
        _cluster = await BackedUpCluster.CreateAsync();
        Directory.CreateDirectory(Models);
        await File.WriteAllTextAsync(Path.Combine(Models, "demand-v1.zip"), "model one");
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<string> RunAsync(string[] arguments, Dictionary<string, string?>? extra = null, int expectedExit = 0)
    {
        var environment = new Dictionary<string, string?>
        {
            ["MM_BACKUP_CONFIG"] = _cluster.Config, ["MM_BACKUP_STATE"] = State, ["MM_BACKUP_TEXTFILE"] = Textfile, ["MM_BACKUP_FILES"] = Models,
            ["PGHOST"] = _cluster.Sockets, ["PGPORT"] = _cluster.Port.ToString(CultureInfo.InvariantCulture), ["PGUSER"] = "postgres", ["PGDATABASE"] = "postgres",
        };
        foreach (var (key, value) in extra ?? []) environment[key] = value;
        var (exit, output) = await BackupScript.RunAsync(environment, arguments);
        Assert.True(exit == expectedExit, $"{string.Join(' ', arguments)}: exit {exit}, expected {expectedExit}: {output}");
        return output;
    }

    /// <summary>The textfile, after promtool accepted it (read with MetricsText.Value: a series missing is NaN).</summary>
    private async Task<string> MetricsAsync()
    {
        var text = await File.ReadAllTextAsync(Textfile);
        var (exit, output) = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], stdin: text);
        Assert.True(exit == 0, output);
        return text;
    }

    private int Tarballs => Directory.GetFiles(Path.Combine(State, "files"), "files-*.tar.gz").Length;

    [Fact]
    public async Task Tick_BacksUpWhatIsDue_WritesTheMetrics_AndRecordsFailures()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        await RunAsync(["tick"]);
        var metrics = await MetricsAsync();
        Assert.InRange(MetricsText.Value(metrics, "minimarket_backup_last_success_timestamp_seconds{type=\"full\"}"), before, before + 120);
        Assert.Equal(MetricsText.Value(metrics, "minimarket_backup_last_success_timestamp_seconds{type=\"full\"}"), MetricsText.Value(metrics, "minimarket_backup_last_success_timestamp_seconds{type=\"any\"}"));
        Assert.Equal(1, MetricsText.Value(metrics, "minimarket_backup_runs_total{type=\"full\",result=\"ok\"}"));
        Assert.Equal(1, MetricsText.Value(metrics, "minimarket_backup_last_run_success{type=\"full\"}"));
        Assert.True(MetricsText.Value(metrics, "minimarket_backup_last_size_bytes{type=\"full\"}") > 0);
        Assert.True(MetricsText.Value(metrics, "minimarket_backup_database_size_bytes") > 0);
        Assert.True(MetricsText.Value(metrics, "minimarket_backup_wal_archived_total") >= 1);
        Assert.Equal(0, MetricsText.Value(metrics, "minimarket_backup_wal_last_failed_timestamp_seconds"));
        Assert.Equal(1, MetricsText.Value(metrics, "minimarket_backup_collector_success"));
        Assert.Equal(1, MetricsText.Value(metrics, "minimarket_backup_runs_total{type=\"files\",result=\"ok\"}"));
        Assert.Equal(1, Tarballs);

        // Nothing due and nothing changed: no backup, no tarball.
        await RunAsync(["tick"]);
        metrics = await MetricsAsync();
        Assert.Equal(1, MetricsText.Value(metrics, "minimarket_backup_runs_total{type=\"full\",result=\"ok\"}"));
        Assert.False(MetricsText.Value(metrics, "minimarket_backup_runs_total{type=\"diff\",result=\"ok\"}") > 0); // NaN (not yet counted) or 0
        Assert.Equal(1, Tarballs);

        // A day later (here: a differential due after 1 s) and a new model: a differential and a new tarball.
        await File.WriteAllTextAsync(Path.Combine(Models, "demand-v2.zip"), "model two");
        await Task.Delay(1100);
        await RunAsync(["tick"], new() { ["MM_BACKUP_DIFF_EVERY"] = "1" });
        metrics = await MetricsAsync();
        Assert.Equal(1, MetricsText.Value(metrics, "minimarket_backup_runs_total{type=\"diff\",result=\"ok\"}"));
        Assert.Equal(1, MetricsText.Value(metrics, "minimarket_backup_kept{type=\"diff\"}"));
        Assert.Equal(2, Tarballs);

        // A backup that fails (a stanza pgBackRest does not know): exit 1, counted, last run 0 (BackupFailed), and the
        // next tick does not retry it before MM_BACKUP_RETRY_AFTER.
        await RunAsync(["backup", "full"], new() { ["MM_BACKUP_STANZA"] = "no-such-stanza" }, expectedExit: 1);
        await RunAsync(["tick"], new() { ["MM_BACKUP_FULL_EVERY"] = "1" });
        metrics = await MetricsAsync();
        Assert.Equal(0, MetricsText.Value(metrics, "minimarket_backup_last_run_success{type=\"full\"}"));
        Assert.Equal(1, MetricsText.Value(metrics, "minimarket_backup_runs_total{type=\"full\",result=\"error\"}"));
        Assert.Equal(1, MetricsText.Value(metrics, "minimarket_backup_runs_total{type=\"full\",result=\"ok\"}"));

        // The retry after it succeeds and clears the failure.
        await Task.Delay(1100);
        await RunAsync(["tick"], new() { ["MM_BACKUP_FULL_EVERY"] = "1", ["MM_BACKUP_RETRY_AFTER"] = "1" });
        metrics = await MetricsAsync();
        Assert.Equal(1, MetricsText.Value(metrics, "minimarket_backup_last_run_success{type=\"full\"}"));
        Assert.Equal(2, MetricsText.Value(metrics, "minimarket_backup_runs_total{type=\"full\",result=\"ok\"}"));
    }

    [Fact]
    public async Task WalArchive_FailingThenMended_IsWhatTheMetricsSay()
    {
        await RunAsync(["backup", "full"]);
        await _cluster.SuperuserSqlAsync("ALTER SYSTEM SET archive_command = 'false'");
        await _cluster.SuperuserSqlAsync("SELECT pg_reload_conf()");
        await _cluster.SuperuserSqlAsync("CREATE TABLE IF NOT EXISTS marca (n int); INSERT INTO marca VALUES (1); SELECT pg_switch_wal();");
        await Poll.UntilAsync(async () =>
        {
            await RunAsync(["metrics"]);
            return await MetricsAsync();
        }, m => MetricsText.Value(m, "minimarket_backup_wal_failed_total") > 0, TimeSpan.FromSeconds(60), "archive-push to fail");
        var failing = await MetricsAsync();
        Assert.True(MetricsText.Value(failing, "minimarket_backup_wal_last_failed_timestamp_seconds") > MetricsText.Value(failing, "minimarket_backup_wal_last_archived_timestamp_seconds"),
            "WalArchivingFailing's condition holds while archiving fails");

        await _cluster.SuperuserSqlAsync("ALTER SYSTEM RESET archive_command");
        await _cluster.SuperuserSqlAsync("SELECT pg_reload_conf(); INSERT INTO marca VALUES (2); SELECT pg_switch_wal();");
        // PostgreSQL waits up to a minute between rounds of retries; pgBackRest's check switches WAL and waits for it.
        await Poll.UntilAsync(async () =>
        {
            await RunAsync(["metrics"]);
            return await MetricsAsync();
        }, m => MetricsText.Value(m, "minimarket_backup_wal_last_archived_timestamp_seconds") > MetricsText.Value(m, "minimarket_backup_wal_last_failed_timestamp_seconds"),
            TimeSpan.FromSeconds(150), "archiving to succeed again");
    }

    [Fact]
    public async Task Restore_RefusesWhileRunning_ThenRestoresToATime_KeepingTheOldFolder()
    {
        await RunAsync(["backup", "full"]);
        var output = await RunAsync(["restore"], expectedExit: 1);
        Assert.Contains("stop PostgreSQL first", output, StringComparison.Ordinal);

        await Rows("CREATE TABLE IF NOT EXISTS ventas (n int); INSERT INTO ventas VALUES (1), (2);");
        await Task.Delay(1100);
        var noted = await _cluster.NowAsync();
        await Task.Delay(1100);
        await Rows("INSERT INTO ventas VALUES (3);");
        await _cluster.ArchiveNowAsync();
        await _cluster.StopAsync("immediate");

        output = await RunAsync(["restore", noted.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture)]);
        Assert.Contains("kept as", output, StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(_cluster.DataFolder)!, "data.before-restore-*"));
        await _cluster.StartAndRecoverAsync();
        Assert.Equal(2L, await Rows("SELECT count(*) FROM ventas"));
    }

    private async Task<long> Rows(string sql)
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is long n ? n : 0;
    }
}
