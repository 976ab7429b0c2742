using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests;

/// <summary>
/// With <c>Logging:Otlp:Endpoint</c> set, logs also leave by OTLP/HTTP (protobuf), the way Loki 3 ingests them.
/// A local receiver stands in for Loki's <c>/otlp/v1/logs</c>.
/// </summary>
public class OtlpLoggingTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Logs_OtlpEndpointConfigured_ArriveAsProtobufWithTheServiceNameAndStore()
    {
        var received = new ConcurrentQueue<(string? ContentType, string Path, byte[] Body)>();
        var port = TestServers.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        await using var receiver = builder.Build();
        receiver.MapPost("/otlp/v1/logs", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue((request.ContentType, request.Path, body.ToArray()));
            return Results.Ok();
        });
        await receiver.StartAsync();

        await using var agents = new AgentsFactory("deposito", database.ConnectionString,
            new Dictionary<string, string?> { ["Logging:Otlp:Endpoint"] = $"http://127.0.0.1:{port}/otlp/v1/logs", ["Store:Id"] = "sucursal-otlp-7" });
        using var client = agents.CreateClient();
        await client.GetAsync("/api/v1/agent"); // a 401, logged by the request log

        // The sink sends a batch every 2 s; an export that fails (a busy machine: the suite runs Tesseract alongside) is
        // retried after 2, 4, 8, 16 s... so a first export can take past 30 s under load, never past a minute and a half.
        await Poll.UntilAsync(() => Task.FromResult(received.Count), n => n > 0, TimeSpan.FromSeconds(90), "an OTLP log export");
        var (contentType, path, bytes) = received.First();
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Equal("application/x-protobuf", contentType);
        Assert.Equal("/otlp/v1/logs", path);
        Assert.Contains("service.name", text, StringComparison.Ordinal);
        Assert.Contains("deposito", text, StringComparison.Ordinal);
        // The store, as the resource attribute Loki indexes (loki.yml: store).
        Assert.Contains("\u0005store", text, StringComparison.Ordinal);
        Assert.Contains("sucursal-otlp-7", text, StringComparison.Ordinal);
        await receiver.StopAsync();
    }
}
