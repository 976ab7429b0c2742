namespace MiniMarket.Testing;

/// <summary>backup/minimarket-backup.sh (the backup schedule ./run.sh and compose run) as a test runs it.</summary>
public static class BackupScript
{
    public static string File => Path.Combine(RepositoryPaths.Root, "backup", "minimarket-backup.sh");

    /// <summary>Settings for the files commands only (<c>files</c>, <c>restore-files</c>): no pgBackRest configuration is read.</summary>
    public static Dictionary<string, string?> FilesOnly(string state, string files) => new()
    {
        ["MM_BACKUP_CONFIG"] = "/nonexistent/pgbackrest.conf", ["MM_BACKUP_STATE"] = state, ["MM_BACKUP_FILES"] = files,
    };

    /// <summary>Runs one command of the script with <paramref name="settings"/> added to the environment (at most 2 minutes).</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] arguments) =>
        ProcessRunner.RunAsync("bash", [File, .. arguments], environment: settings, timeout: TimeSpan.FromMinutes(2));
}
