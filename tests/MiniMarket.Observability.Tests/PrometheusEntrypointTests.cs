using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// compose's Prometheus starts through observability/prometheus/entrypoint.sh: alone, it runs prometheus.yml; in a chain
/// (MINIMARKET_CENTRAL_METRICS_URL), prometheus.yml plus remote-write.yml with the store's URL, user and password file.
/// Both configs pass promtool; a bad URL, store or missing password stops the start with a message. (ChainTests runs it
/// for real in front of Debian's Prometheus.)
/// </summary>
public sealed class PrometheusEntrypointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mm-entrypoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Effective => Path.Combine(_folder, "effective.yml");

    /// <summary>Runs the script with a stand-in for Prometheus that prints the arguments it got.</summary>
    private async Task<(int Exit, string Output)> RunAsync(string? url, string store = "palermo", bool password = true)
    {
        var fake = Path.Combine(_folder, "prometheus");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho \"prometheus $*\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var secret = Path.Combine(_folder, "password");
        if (password) await File.WriteAllTextAsync(secret, "s3cr3t");
        else File.Delete(secret);
        return await ProcessRunner.RunAsync("sh", [Path.Combine(ObservabilityFiles.PrometheusDirectory, "entrypoint.sh"), "--storage.tsdb.path=/prometheus"],
            environment: new Dictionary<string, string?>
            {
                ["MINIMARKET_PROMETHEUS_CONFIG_DIR"] = ObservabilityFiles.PrometheusDirectory,
                ["MINIMARKET_PROMETHEUS_EFFECTIVE_CONFIG"] = Effective,
                ["MINIMARKET_PROMETHEUS_BINARY"] = fake,
                ["MINIMARKET_CENTRAL_PASSWORD_FILE"] = secret,
                ["MINIMARKET_CENTRAL_METRICS_URL"] = url,
                ["MINIMARKET_STORE_ID"] = store,
            }, timeout: TimeSpan.FromSeconds(30));
    }

    private static async Task PromtoolCheckAsync(string config)
    {
        var (exit, output) = await ProcessRunner.RunAsync("promtool", ["check", "config", config], timeout: TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task AStoreAlone_RunsPrometheusYml_WithItsRulesFound()
    {
        var (exit, output) = await RunAsync(url: null);

        Assert.True(exit == 0, output);
        Assert.Contains($"prometheus --config.file={Effective} --storage.tsdb.path=/prometheus", output, StringComparison.Ordinal);
        Assert.Contains("not part of a chain", output, StringComparison.Ordinal);
        var effective = await File.ReadAllTextAsync(Effective);
        Assert.DoesNotContain("remote_write", effective, StringComparison.Ordinal);
        Assert.Contains($"  - {ObservabilityFiles.PrometheusDirectory}/rules/*.rules.yml", effective, StringComparison.Ordinal);
        await PromtoolCheckAsync(Effective); // promtool also loads the rule files: the absolute paths must be right
    }

    [Fact]
    public async Task AStoreInAChain_AddsRemoteWrite_WithItsUrlUserAndPasswordFile()
    {
        var (exit, output) = await RunAsync("https://central.example.com.ar/api/v1/push", "suc-014");

        Assert.True(exit == 0, output);
        Assert.Contains("store suc-014 remote-writes to https://central.example.com.ar/api/v1/push", output, StringComparison.Ordinal);
        await PromtoolCheckAsync(Effective);
        var config = ObservabilityFiles.Map(ObservabilityFiles.Yaml(Effective));
        var write = ObservabilityFiles.Map(Assert.Single(ObservabilityFiles.List(config["remote_write"])));
        Assert.Equal("https://central.example.com.ar/api/v1/push", ObservabilityFiles.Text(write, "url"));
        var auth = ObservabilityFiles.Map(write["basic_auth"]);
        Assert.Equal("suc-014", ObservabilityFiles.Text(auth, "username"));
        Assert.Equal(Path.Combine(_folder, "password"), ObservabilityFiles.Text(auth, "password_file"));
        // The store external label stays for Prometheus to expand (the same variable compose gives it).
        Assert.Equal("${MINIMARKET_STORE_ID}", ObservabilityFiles.Text(ObservabilityFiles.Map(ObservabilityFiles.Map(config["global"])["external_labels"]), "store"));
    }

    [Theory]
    [InlineData("central.example.com.ar/api/v1/push", "palermo", true, "must start with https://")]
    [InlineData("https://central.example.com.ar/a|b", "palermo", true, "characters a URL here may not have")]
    [InlineData("https://central.example.com.ar/a&b", "palermo", true, "characters a URL here may not have")]
    [InlineData("https://central.example.com.ar/api/v1/push", "Palermo", true, "MINIMARKET_STORE_ID must be")]
    [InlineData("https://central.example.com.ar/api/v1/push", "", true, "MINIMARKET_STORE_ID must be")]
    [InlineData("https://central.example.com.ar/api/v1/push", "-palermo", true, "MINIMARKET_STORE_ID must be")]
    [InlineData("https://central.example.com.ar/api/v1/push", "0123456789abcdef0123456789abcdefg", true, "longer than 32")]
    [InlineData("https://central.example.com.ar/api/v1/push", "palermo", false, "password at the central gateway is missing")]
    public async Task ABadChainSetting_StopsTheStart_NamingIt(string url, string store, bool password, string message)
    {
        var (exit, output) = await RunAsync(url, store, password);

        Assert.Equal(64, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.DoesNotContain("prometheus --config.file", output, StringComparison.Ordinal);
    }
}
