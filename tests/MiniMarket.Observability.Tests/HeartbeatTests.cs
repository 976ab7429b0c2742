using System.Net.Http.Json;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// The external dead man's switch: Alertmanager posts Watchdog every minute to the heartbeat URL of secrets/slack/heartbeat
/// (a healthchecks-style endpoint that pages by its own means when the posts stop). The entrypoint puts the URL in the
/// config, or takes the heartbeat out when there is none; a real Alertmanager then posts to a local listener again and again.
/// </summary>
public class HeartbeatTests
{
    private static async Task<(int Exit, string Output, string? Config)> EntrypointAsync(string? heartbeat)
    {
        var folder = Directory.CreateTempSubdirectory("mm-heartbeat-").FullName;
        try
        {
            var from = Directory.CreateDirectory(Path.Combine(folder, "in")).FullName;
            await File.WriteAllTextAsync(Path.Combine(from, "default"), "https://hooks.example/default");
            if (heartbeat is not null) await File.WriteAllTextAsync(Path.Combine(from, "heartbeat"), heartbeat);
            var to = Path.Combine(folder, "out");
            var (exit, output) = await ProcessRunner.RunAsync("sh",
                [Path.Combine(ObservabilityFiles.AlertmanagerDirectory, "slack-webhooks.sh"), "--config.file=" + Path.Combine(ObservabilityFiles.AlertmanagerDirectory, "alertmanager.yml"), "--web.listen-address=:9093"],
                environment: new Dictionary<string, string?> { ["SLACK_WEBHOOKS"] = from, ["SLACK_FILES"] = to, ["ALERTMANAGER"] = "echo" },
                timeout: TimeSpan.FromSeconds(20));
            var rendered = Path.Combine(to, "alertmanager.yml");
            return (exit, output, File.Exists(rendered) ? await File.ReadAllTextAsync(rendered) : null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Entrypoint_PutsTheHeartbeatUrlInTheConfig_OrTakesTheHeartbeatOut_AndAlertmanagerReadsTheCopy()
    {
        var (exit, output, config) = await EntrypointAsync("https://hc-ping.example/abc?x=1&y=2");
        Assert.True(exit == 0, output);
        Assert.Contains("--config.file=", output, StringComparison.Ordinal);
        Assert.DoesNotContain("alertmanager/alertmanager.yml", output.Split('\n').Last(l => l.Contains("--config.file", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("url: \"https://hc-ping.example/abc?x=1&y=2\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain("heartbeat.invalid", config, StringComparison.Ordinal);

        (exit, output, config) = await EntrypointAsync(null);
        Assert.True(exit == 0, output);
        Assert.Contains("nothing outside this machine notices", output, StringComparison.Ordinal);
        Assert.DoesNotContain("webhook_configs", config, StringComparison.Ordinal);
        Assert.Contains("- name: watchdog", config, StringComparison.Ordinal);

        (exit, output, _) = await EntrypointAsync("not a url");
        Assert.Equal(1, exit);
        Assert.Contains("heartbeat", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watchdog_ReachesTheHeartbeatAgainAndAgain()
    {
        using var heartbeat = new SlackListener();
        var config = AlertmanagerTests.ProductionConfigForTest("http://127.0.0.1:9/slack", fast: true)
            .Replace("https://heartbeat.invalid/minimarket", heartbeat.Url.ToString(), StringComparison.Ordinal)
            // Every minute in production; every 2 seconds here.
            .Replace("group_interval: 1m", "group_interval: 2s", StringComparison.Ordinal)
            .Replace("repeat_interval: 1m", "repeat_interval: 2s", StringComparison.Ordinal);
        Assert.Contains(heartbeat.Url.ToString(), config, StringComparison.Ordinal);
        await using var alertmanager = await AlertmanagerProcess.StartAsync(config);
        using var http = new HttpClient { BaseAddress = alertmanager.Url };
        object Watchdog() => new[]
        {
            new
            {
                labels = new Dictionary<string, string> { ["alertname"] = "Watchdog", ["severity"] = "none", ["service"] = "prometheus" },
                annotations = new Dictionary<string, string> { ["summary"] = "vigía" },
                endsAt = DateTimeOffset.UtcNow.AddMinutes(5),
            },
        };
        // Prometheus re-sends a firing alert every minute; here the test does.
        await Poll.UntilAsync(async () =>
        {
            (await http.PostAsJsonAsync("api/v2/alerts", Watchdog())).EnsureSuccessStatusCode();
            return heartbeat.Messages.Count;
        }, n => n >= 3, TimeSpan.FromSeconds(60), "three heartbeats");
        var first = heartbeat.Messages[0];
        Assert.Equal("Watchdog", first.GetProperty("alerts")[0].GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("watchdog", first.GetProperty("receiver").GetString());
    }
}
