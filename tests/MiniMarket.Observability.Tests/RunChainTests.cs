using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// ./run.sh --stores N, the demo chain: each other store's Prometheus folder (the local config with its store label, its
/// agents' and its own ports, the project's rules, remote-write.yml, a password) passes promtool and, through compose's
/// entrypoint.sh, remote-writes as that store to the central store; the console gets the stores' agents and the chain's
/// store; a wrong count is refused before anything starts. (The whole chain running is looked at by hand and in
/// ChainTests, which runs three stores remote-writing to a central Prometheus.)
/// </summary>
public sealed class RunChainTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("mm-run-chain-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static string RunScript => Path.Combine(RepositoryPaths.Root, "run.sh");

    private async Task<(int Exit, string Output)> BashAsync(string script) =>
        await ProcessRunner.RunAsync("bash", ["-c", $"set -euo pipefail; source '{RunScript}'; {script}"],
            environment: new Dictionary<string, string?>
            {
                ["MM_DATA"] = _data,
                ["MM_PG_CONNECTION"] = "Host=127.0.0.1;Database=minimarket",
                ["MM_REDIS_CONNECTION"] = "127.0.0.1:6379",
                ["MM_JWT_SIGNING_KEY"] = "k",
                ["MM_ADMIN_PASSWORD"] = "a",
                ["MM_LOG_TOKEN"] = "t",
            }, timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task AnotherStoresPrometheus_IsItsOwn_AndRemoteWritesAsThatStore()
    {
        var (exit, output) = await BashAsync("mm_chain_store_config 1; echo ports $(mm_store_port 1 1) $(mm_store_port 1 3) $(mm_store_prometheus_port 1) $(mm_store_database 2)");
        Assert.True(exit == 0, output);
        Assert.Contains("ports 8111 8113 9191 minimarket_tigre", output, StringComparison.Ordinal);
        var folder = Path.Combine(_data, "chain", "quilmes");
        var config = await File.ReadAllTextAsync(Path.Combine(folder, "prometheus.yml"));
        Assert.Contains("    store: quilmes\n", config, StringComparison.Ordinal);
        Assert.DoesNotContain("casa-central", config, StringComparison.Ordinal);
        foreach (var port in new[] { 8111, 8112, 8113, 9191 }) Assert.Contains($"\"127.0.0.1:{port}\"", config, StringComparison.Ordinal);
        foreach (var port in new[] { 8001, 8002, 8003, 9090 }) Assert.DoesNotContain($"\"127.0.0.1:{port}\"", config, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(folder, "central_password")).Length > 0);

        // Through compose's entrypoint (a stand-in prints what Prometheus would get): the effective config remote-writes as quilmes.
        var fake = Path.Combine(_data, "prometheus");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho \"prometheus $*\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var effective = Path.Combine(folder, "effective.yml");
        var (entryExit, entryOutput) = await ProcessRunner.RunAsync("sh", [Path.Combine(ObservabilityFiles.PrometheusDirectory, "entrypoint.sh")],
            environment: new Dictionary<string, string?>
            {
                ["MINIMARKET_PROMETHEUS_CONFIG_DIR"] = folder,
                ["MINIMARKET_PROMETHEUS_EFFECTIVE_CONFIG"] = effective,
                ["MINIMARKET_PROMETHEUS_BINARY"] = fake,
                ["MINIMARKET_CENTRAL_PASSWORD_FILE"] = Path.Combine(folder, "central_password"),
                ["MINIMARKET_CENTRAL_METRICS_URL"] = "http://127.0.0.1:9290/api/v1/write",
                ["MINIMARKET_STORE_ID"] = "quilmes",
            }, timeout: TimeSpan.FromSeconds(30));
        Assert.True(entryExit == 0, entryOutput);
        var text = await File.ReadAllTextAsync(effective);
        Assert.Contains("url: http://127.0.0.1:9290/api/v1/write", text, StringComparison.Ordinal);
        Assert.Contains("username: quilmes", text, StringComparison.Ordinal);
        var (check, checkOutput) = await ProcessRunner.RunAsync("promtool", ["check", "config", effective], timeout: TimeSpan.FromSeconds(60));
        Assert.True(check == 0, checkOutput); // its rules (through the folder's rules link) load too
    }

    [Fact]
    public async Task TheConsole_KnowsTheOtherStoresAgents_AndReadsTheChainsStore()
    {
        var (exit, output) = await BashAsync("MM_STORES=3; mm_app_env; printf '%s\\n' \"${MM_CONSOLE_ENV[@]}\"");
        Assert.True(exit == 0, output);
        var settings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Observability__ChainPrometheusUrl=http://127.0.0.1:9290", settings);
        Assert.Contains("Chain__Stores__0__Id=quilmes", settings);
        Assert.Contains("Chain__Stores__1__Name=Tigre", settings);
        Assert.Contains("Chain__Stores__1__MlUrl=http://127.0.0.1:8123", settings);
        Assert.DoesNotContain(settings, s => s.StartsWith("Chain__Stores__2", StringComparison.Ordinal));

        var (alone, aloneOutput) = await BashAsync("mm_app_env; printf '%s\\n' \"${MM_CONSOLE_ENV[@]}\"");
        Assert.True(alone == 0, aloneOutput);
        Assert.DoesNotContain("Chain__", aloneOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--stores 9", "--stores takes 1 to 4 stores, not '9'")]
    [InlineData("--stores", "--stores takes 1 to 4 stores, not ''")]
    [InlineData("--stores=x", "--stores takes 1 to 4 stores, not 'x'")]
    [InlineData("--tiendas 3", "unknown argument: --tiendas")]
    public async Task AWrongStoreCount_IsRefusedBeforeAnythingStarts(string arguments, string message)
    {
        var (exit, output) = await ProcessRunner.RunAsync("bash", [RunScript, .. arguments.Split(' ')],
            environment: new Dictionary<string, string?> { ["MM_DATA"] = _data }, timeout: TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_data)); // nothing written: no secrets, no data
    }
}
