using System.Net.Http.Headers;
using MiniMarket.Core.Hosting;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests;

public class MetricsTests(AgentsAppFixture app) : IClassFixture<AgentsAppFixture>
{
    [Fact]
    public async Task Metrics_AfterRequests_ExportsHttpBuildAndLogMetrics()
    {
        using var client = app.Agents.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Agents.TokenFor("maria", Roles.Encargado));
        (await client.GetAsync("/api/v1/agent")).EnsureSuccessStatusCode();

        var text = await client.GetStringAsync("/metrics");

        Assert.Contains("http_requests_received_total{", text, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("minimarket_build_info{service=\"agents\"", text, StringComparison.Ordinal);
        Assert.Contains("minimarket_log_events_total{service=\"agents\",level=\"information\"}", text, StringComparison.Ordinal);
        Assert.Contains("process_start_time_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_Output_PassesPromtoolCheckMetrics()
    {
        using var client = app.Agents.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        var text = await client.GetStringAsync("/metrics");

        var (exitCode, output) = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], stdin: text);

        Assert.True(exitCode == 0, "promtool check metrics failed:\n" + output);
    }
}
