using System.Net.Http.Headers;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
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
        // The latency objective's threshold is a bucket (0.3 s), and the request keeps its route and status class.
        var agent = text.Split('\n').Where(l => l.StartsWith("http_request_duration_seconds_bucket{", StringComparison.Ordinal)
            && l.Contains("endpoint=\"/api/v1/agent\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(agent, l => l.Contains("le=\"0.3\"", StringComparison.Ordinal) && l.Contains("code=\"2xx\"", StringComparison.Ordinal));
        Assert.Contains(agent, l => l.Contains("le=\"0.256\"", StringComparison.Ordinal));
        Assert.Contains("minimarket_build_info{service=\"agents\"", text, StringComparison.Ordinal);
        Assert.Contains("minimarket_log_events_total{service=\"agents\",level=\"information\"}", text, StringComparison.Ordinal);
        Assert.Contains("process_start_time_seconds", text, StringComparison.Ordinal);
        // The limits the CPU and memory panels divide by: the cores and memory .NET may use (the cgroup's, else the machine's).
        Assert.Equal(Environment.ProcessorCount, MetricsText.Value(text, "minimarket_process_cpu_limit_cores"));
        Assert.InRange(MetricsText.Value(text, "minimarket_process_memory_limit_bytes"), 64d * 1024 * 1024, 1e15);
    }

    [Fact]
    public async Task Metrics_Output_WithDepositoMetrics_PassesPromtoolCheckMetrics()
    {
        using var client = app.Agents.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Agents.TokenFor("maria", Roles.Encargado));
        var category = await (await client.PostAsJsonAsync("/api/v1/categories", new CategoryRequest("Métricas " + Guid.NewGuid().ToString("N")[..6]))).Content.ReadFromJsonAsync<CategoryDto>();
        var product = await (await client.PostAsJsonAsync("/api/v1/products", new ProductRequest("MET" + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture), "x", null, category!.Id, null, 1, 5, 1m, 2m, null))).Content.ReadFromJsonAsync<ProductDto>();
        using var movement = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements") { Content = JsonContent.Create(new StockMovementRequest(product!.Id, null, "salida", -1, null, null, null)) };
        movement.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await client.SendAsync(movement)).StatusCode); // a refusal, counted too
        await client.GetAsync($"/api/v1/products/{product.Id}");
        var text = await Poll.UntilAsync(() => client.GetStringAsync("/metrics"),
            t => t.Contains("deposito_productos_por_categoria{", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the deposito gauges");
        Assert.Contains("deposito_movimientos_rechazados_total{motivo=\"stock_insuficiente\"}", text, StringComparison.Ordinal);
        Assert.Contains("deposito_cache_requests_total{resultado=", text, StringComparison.Ordinal);

        var (exitCode, output) = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], stdin: text);

        Assert.True(exitCode == 0, "promtool check metrics failed:\n" + output);
    }
}
