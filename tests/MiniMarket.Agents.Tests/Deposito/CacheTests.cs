using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Deposito;

/// <summary>
/// Redis is a cache: product reads hit it, writes invalidate it, and its death never fails a request. Alone in its
/// collection: the cache gauges are process-wide and other agents in this test process would move them.
/// </summary>
[Collection(nameof(CacheTests))]
public class CacheTests(DatabaseFixture database)
{
    private static string MetricLine(string metrics, string name) =>
        metrics.Split('\n').SingleOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal)) ?? "";

    [Fact]
    public async Task RedisStoppedMidTest_RequestsStillSucceed_HealthDegraded_MetricSaysSo_ThenRecovers()
    {
        await using var redis = new RedisProcess();
        await redis.StartAsync();
        await using var agent = new AgentsFactory("deposito", database.ConnectionString,
            new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.Configuration });
        using var client = agent.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agent.TokenFor("maria", Roles.Encargado));
        var category = (await (await client.PostAsJsonAsync("/api/v1/categories", new CategoryRequest("Cache " + Guid.NewGuid().ToString("N")[..6]))).Content.ReadFromJsonAsync<CategoryDto>())!;
        var product = (await (await client.PostAsJsonAsync("/api/v1/products", DepositoFixture.Request(category.Id, "CACHE1"))).Content.ReadFromJsonAsync<ProductDto>())!;

        await client.GetAsync($"/api/v1/products/{product.Id}");                      // miss, then cached
        var hitsBefore = CacheCount(await client.GetStringAsync("/metrics"), "hit");
        await client.GetAsync($"/api/v1/products/{product.Id}");                      // hit
        Assert.Equal(hitsBefore + 1, CacheCount(await client.GetStringAsync("/metrics"), "hit"));

        await redis.StopAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/products/{product.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await DepositoFixture.MoveAsync(client, product.Id, "entrada", 1)).StatusCode);
        }
        var stock = (await client.GetFromJsonAsync<ProductDto>($"/api/v1/products/by-code/CACHE1"))!.Stock;
        Assert.Equal(5, stock);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("deposito_cache_up 0", MetricLine(await client.GetStringAsync("/metrics"), "deposito_cache_up"));

        await redis.StartAsync();
        await Poll.UntilAsync(async () =>
        {
            await client.GetAsync($"/api/v1/products/{product.Id}");
            return MetricLine(await client.GetStringAsync("/metrics"), "deposito_cache_up");
        }, line => line == "deposito_cache_up 1", TimeSpan.FromSeconds(30), "the cache to come back");
        Assert.Equal(5, (await client.GetFromJsonAsync<ProductDto>($"/api/v1/products/{product.Id}"))!.Stock);
    }

    private static double CacheCount(string metrics, string result)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith($"deposito_cache_requests_total{{resultado=\"{result}\"}}", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}

[CollectionDefinition(nameof(CacheTests), DisableParallelization = true)]
public sealed class CacheTestsAlone : ICollectionFixture<DatabaseFixture>;
