using System.Net;
using System.Text.Json;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests;

public class RateLimitTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Requests_OverTheLimit_Get429WithRetryAfterAndProblemDetails_MetricsStillAnswer()
    {
        await using var agents = new AgentsFactory("ml", database.ConnectionString,
            new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "3" });
        using var client = agents.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync("/api/v1/agent");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited ??= response;
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(limited!.Headers.RetryAfter);
        using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
        }
    }
}
