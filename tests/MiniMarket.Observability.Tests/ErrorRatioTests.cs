using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Agents.Deposito;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// The error panels and HighErrorRate see an exception: deposito, scraped by a real Prometheus running the project's own
/// recording rules, answers its requests; while its handler throws (an injected fault in its database call),
/// <c>service:http_errors:ratio_rate5m</c> rises from 0. Before the status fix, a thrown exception was counted as 2xx.
/// It runs alone (<see cref="ProcessMetrics"/>): prometheus-net's counters belong to the test process, and another test's
/// 5xx counted while this one measures would show as this deposito's errors.
/// </summary>
[Collection(ProcessMetrics.Name)]
public sealed class ErrorRatioTests
{
    [Fact]
    public async Task HandlerThrows_ErrorRatioRecordingRuleRises()
    {
        await using var database = await TestDatabase.CreateAsync("errratio");
        await using var deposito = new AgentsFactory("deposito", database.ConnectionString, services: DatabaseFaults.Register<DepositoDbContext>);
        var url = deposito.StartOnKestrel();
        var recording = File.ReadAllText(Path.Combine(ObservabilityFiles.PrometheusDirectory, "rules", "recording.rules.yml"))
            .Replace("interval: 30s", "interval: 1s", StringComparison.Ordinal);
        var rules = Path.Combine(Directory.CreateTempSubdirectory("mm-rules-").FullName, "recording.rules.yml");
        await File.WriteAllTextAsync(rules, recording);
        await using var prometheus = await PrometheusProcess.StartWithConfigAsync($$"""
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            rule_files: ["{{rules}}"]
            scrape_configs:
              - job_name: deposito
                static_configs: [{ targets: ["{{url.Authority}}"], labels: { service: deposito } }]
            """);
        using var query = new HttpClient { BaseAddress = prometheus.Url };
        using var client = new HttpClient { BaseAddress = url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", deposito.TokenFor("admin", Roles.Admin));

        async Task<double?> ValueAsync(string series)
        {
            var answer = await query.GetFromJsonAsync<JsonElement>("api/v1/query?query=" + Uri.EscapeDataString(series + "{service=\"deposito\"}"));
            var result = answer.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }

        async Task SendAsync(int count, string? fault)
        {
            for (var i = 0; i < count; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stock/valuation");
                if (fault is not null) request.Headers.Add(DatabaseFaults.Header, fault);
                using var response = await client.SendAsync(request);
                Assert.Equal(fault is null ? 200 : 500, (int)response.StatusCode);
            }
        }

        // Healthy traffic first: requests are recorded, and no error ratio (no 5xx series at all, or 0).
        await Poll.UntilAsync(async () =>
        {
            await SendAsync(5, null);
            return await ValueAsync("service:http_requests:rate5m");
        }, r => r > 0, TimeSpan.FromSeconds(60), "service:http_requests:rate5m with healthy traffic");
        Assert.True(await ValueAsync("service:http_errors:ratio_rate5m") is null or 0, "no errors yet");

        var failing = await Poll.UntilAsync(async () =>
        {
            await SendAsync(5, "throw");
            return await ValueAsync("service:http_errors:ratio_rate5m");
        }, r => r > 0.1, TimeSpan.FromSeconds(60), "service:http_errors:ratio_rate5m to rise while the handler throws");

        Assert.InRange(failing!.Value, 0.1, 1.0);
    }
}

/// <summary>Tests that read this process's own prometheus-net counters as a rate: run after the others, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMetrics
{
    public const string Name = "process metrics";
}
