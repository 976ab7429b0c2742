using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// compose's backups, checked as data (no Docker engine here) and with the real pgBackRest: the postgres service archives into
/// the repository the backup service backs up; both read backup/pgbackrest.conf, which pgBackRest accepts and which keeps
/// run.sh's settings; the schedule's metrics reach node-exporter; the files it backs up are the volumes ml and the console write.
/// </summary>
public class BackupDeploymentTests
{
    private static readonly string Root = RepositoryPaths.Root;
    private const string ConfigMount = "/etc/pgbackrest/pgbackrest.conf";

    private static IReadOnlyDictionary<object, object> Service(string name) =>
        ObservabilityFiles.Map(ObservabilityFiles.Map(ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(Root, "compose.yaml")))["services"])[name]);

    private static List<string> Strings(IReadOnlyDictionary<object, object> service, string key) =>
        service.TryGetValue(key, out var value) ? ObservabilityFiles.List(value).Select(v => v.ToString()!).ToList() : [];

    private static string Env(string service, string key) => ObservabilityFiles.Text(ObservabilityFiles.Map(Service(service)["environment"]), key)!;

    /// <summary>Where the service mounts the volume or file (null: not mounted).</summary>
    private static string? MountOf(string service, string source) => Strings(Service(service), "volumes")
        .Select(v => v.Split(':')).Where(p => p[0] == source).Select(p => p[1]).FirstOrDefault();

    [Fact]
    public void Postgres_ArchivesIntoTheRepository_TheBackupServiceBacksUp()
    {
        var command = string.Join(' ', Strings(Service("postgres"), "command"));
        Assert.Contains("archive_mode=on", command, StringComparison.Ordinal);
        Assert.Contains($"archive_command=pgbackrest --config={ConfigMount} --stanza=minimarket archive-push %p", command, StringComparison.Ordinal);
        Assert.Contains("[minimarket]", File.ReadAllText(Path.Combine(Root, "backup", "pgbackrest.conf")), StringComparison.Ordinal);
        foreach (var service in new[] { "postgres", "backup" })
        {
            Assert.Equal(ConfigMount, MountOf(service, "./backup/pgbackrest.conf")?.Replace(":ro", "", StringComparison.Ordinal));
            Assert.Equal("/backups", MountOf(service, "backups"));
            Assert.Equal("/var/run/postgresql", MountOf(service, "postgres-socket"));
            Assert.Equal("/var/lib/postgresql/data", MountOf(service, "postgres-data"));
        }
        Assert.Equal(ConfigMount, Env("backup", "MM_BACKUP_CONFIG"));
        Assert.Equal("/var/run/postgresql", Env("backup", "PGHOST"));
        Assert.Equal(ObservabilityFiles.Text(Service("postgres"), "image"), ObservabilityFiles.Text(Service("backup"), "image"));
        Assert.Equal(["loop"], Strings(Service("backup"), "command"));
    }

    [Fact]
    public void TheSchedulesMetrics_ReachNodeExporter_AndItsFiles_AreTheVolumesMlAndTheConsoleWrite()
    {
        var textfile = Env("backup", "MM_BACKUP_TEXTFILE");
        var directory = textfile[..textfile.LastIndexOf('/')];
        Assert.Equal(directory, MountOf("backup", "textfile"));
        Assert.Equal(directory, MountOf("node-exporter", "textfile"));
        Assert.Contains("--collector.textfile.directory=" + directory, Strings(Service("node-exporter"), "command"));

        var files = Env("backup", "MM_BACKUP_FILES").Split(':');
        Assert.Equal(files[0], MountOf("backup", "ml-models"));
        Assert.Equal(files[1], MountOf("backup", "console-keys"));
        Assert.Equal(Env("ml", "Ml__ModelDirectory"), MountOf("ml", "ml-models"));
        Assert.Equal(Env("console", "DataProtection__KeysPath"), MountOf("console", "console-keys"));
    }

    /// <summary>
    /// The documented compose commands run what they say: `run` goes through the service's entrypoint (the script), so the
    /// script is not named again, and uses --no-deps (a restore must not start the database it restores); `exec` names it.
    /// </summary>
    [Fact]
    public void DocumentedComposeCommands_FitTheBackupServicesEntrypoint()
    {
        Assert.Equal(["minimarket-backup.sh"], Strings(Service("backup"), "entrypoint"));
        var documents = new[] { "README.md", "backup/README.md", "observability/runbooks/guias/restaurar-backup.md", "compose.yaml" }
            .Concat(Directory.GetFiles(Path.Combine(Root, "observability", "runbooks"), "*.md").Select(f => Path.GetRelativePath(Root, f)));
        var commands = documents.SelectMany(d => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(Root, d)),
            @"docker compose (run|exec)[^`\n]*\bbackup\b[^`\n]*").Select(m => (Document: d, Command: m.Value))).ToList();
        Assert.Contains(commands, c => c.Command.Contains(" run ", StringComparison.Ordinal));
        foreach (var (document, command) in commands)
        {
            if (command.StartsWith("docker compose run", StringComparison.Ordinal))
            {
                Assert.True(command.Contains("--no-deps", StringComparison.Ordinal), $"{document}: {command}");
                Assert.False(command.Contains("minimarket-backup.sh", StringComparison.Ordinal), $"{document}: {command}");
            }
            else if (command.Contains("exec backup", StringComparison.Ordinal))
            {
                Assert.True(command.Contains("exec backup minimarket-backup.sh", StringComparison.Ordinal), $"{document}: {command}");
            }
        }
    }

    /// <summary>The compose file and the one run.sh writes say the same retention, compression and start; pgBackRest reads the compose one without complaint.</summary>
    [Fact]
    public async Task TheComposeConfig_KeepsRunShsSettings_AndPgBackRestAcceptsIt()
    {
        var compose = Settings(File.ReadAllText(Path.Combine(Root, "backup", "pgbackrest.conf")));
        var runSh = File.ReadAllText(Path.Combine(Root, "run.sh"));
        var written = runSh[runSh.IndexOf("<<CONF", StringComparison.Ordinal)..runSh.IndexOf("\nCONF\n", StringComparison.Ordinal)]
            .Replace("${MM_BACKUP_RETENTION_FULL:-2}", "2", StringComparison.Ordinal).Replace("${MM_BACKUP_RETENTION_DIFF:-7}", "7", StringComparison.Ordinal);
        var local = Settings(written);
        foreach (var key in new[] { "repo1-retention-full", "repo1-retention-diff", "compress-type", "start-fast", "log-level-console" })
            Assert.Equal(compose[key], local[key]);

        // pgBackRest parses the file (an unknown or misspelt option is a warning): with the paths moved to a temporary
        // folder, `info` gets as far as finding no stanza there.
        var folder = Directory.CreateTempSubdirectory("mm-conf-").FullName;
        try
        {
            var config = Path.Combine(folder, "pgbackrest.conf");
            await File.WriteAllTextAsync(config, File.ReadAllText(Path.Combine(Root, "backup", "pgbackrest.conf")).Replace("/backups/", folder + "/", StringComparison.Ordinal));
            var (_, output) = await ProcessRunner.RunAsync("pgbackrest", ["--config=" + config, "--stanza=minimarket", "--log-level-file=off", "info"]);
            Assert.Contains("missing stanza path", output, StringComparison.Ordinal);
            Assert.DoesNotContain("WARN", output, StringComparison.Ordinal);
            Assert.DoesNotContain("ERROR", output, StringComparison.Ordinal);
            // The check can fail: pgBackRest warns of an option it does not know.
            await File.AppendAllTextAsync(config, "repo1-retention-fulll=2\n");
            (_, output) = await ProcessRunner.RunAsync("pgbackrest", ["--config=" + config, "--stanza=minimarket", "--log-level-file=off", "info"]);
            Assert.Contains("invalid option 'repo1-retention-fulll'", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, string> Settings(string text) => text.Split('\n')
        .Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#' && l[0] != '[' && l.Contains('=', StringComparison.Ordinal))
        .Select(l => l.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
}
