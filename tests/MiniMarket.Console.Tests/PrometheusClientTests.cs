using System.Net;
using MiniMarket.Console.Services;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

public class PrometheusClientTests
{
    private static PrometheusClient Client(StubHandler handler) =>
        new(new HttpClient(handler) { BaseAddress = new Uri("http://prometheus.test/") });

    private const string TargetsJson = """
        {"status":"success","data":{"activeTargets":[
          {"discoveredLabels":{},"labels":{"instance":"127.0.0.1:8001","job":"deposito","service":"deposito"},
           "scrapePool":"deposito","scrapeUrl":"http://127.0.0.1:8001/metrics","globalUrl":"http://h:8001/metrics",
           "lastError":"","lastScrape":"2026-11-28T15:00:01.123456789Z","lastScrapeDuration":0.012,"health":"up","scrapeInterval":"5s","scrapeTimeout":"5s"},
          {"discoveredLabels":{},"labels":{"instance":"127.0.0.1:8002","job":"negocio"},
           "scrapePool":"negocio","scrapeUrl":"http://127.0.0.1:8002/metrics","lastError":"Get \"http://127.0.0.1:8002/metrics\": dial tcp 127.0.0.1:8002: connect: connection refused",
           "lastScrape":"2026-11-28T15:00:02Z","lastScrapeDuration":0.001,"health":"down"},
          {"labels":{"instance":"127.0.0.1:8003","job":"ml"},"scrapePool":"ml","scrapeUrl":"http://127.0.0.1:8003/metrics",
           "lastError":"","lastScrape":"0001-01-01T00:00:00Z","lastScrapeDuration":0,"health":"unknown"}
        ],"droppedTargets":[]}}
        """;

    [Fact]
    public async Task GetTargets_Success_ParsesHealthLabelsTimesAndErrors()
    {
        var handler = StubHandler.Json(TargetsJson);

        var result = await Client(handler).GetTargetsAsync();

        Assert.True(result.Ok);
        var targets = result.Value!;
        Assert.Equal(3, targets.Count);
        Assert.Equal(("deposito", "127.0.0.1:8001", "up"), (targets[0].Job, targets[0].Instance, targets[0].Health));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 15, 0, 1, 123, TimeSpan.Zero), targets[0].LastScrape!.Value.AddTicks(-(targets[0].LastScrape!.Value.Ticks % TimeSpan.TicksPerMillisecond)));
        Assert.Equal(12, targets[0].LastScrapeDuration!.Value.TotalMilliseconds, 3);
        Assert.Null(targets[0].LastError);
        Assert.Equal("down", targets[1].Health);
        Assert.Contains("connection refused", targets[1].LastError, StringComparison.Ordinal);
        Assert.Null(targets[2].LastScrape);
        Assert.Null(targets[2].LastScrapeDuration);
        Assert.Equal("unknown", targets[2].Health);
        Assert.EndsWith("api/v1/targets?state=active", handler.Requests.Single().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ErrorEnvelope_IsApiErrorWithTypeAndMessage()
    {
        var handler = StubHandler.Json("""{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected character"}""", HttpStatusCode.BadRequest);

        var result = await Client(handler).QueryAsync("up{");

        Assert.False(result.Ok);
        Assert.Equal(SourceErrorKind.ApiError, result.Error!.Kind);
        Assert.Equal("bad_data", result.Error.ErrorType);
        Assert.Equal(400, result.Error.HttpStatus);
        Assert.Contains("parse error", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ProxyHtmlPage_IsUnreachableNotACrash()
    {
        var handler = StubHandler.Json("<html><body>502 Bad Gateway</body></html>", HttpStatusCode.BadGateway, "text/html");

        var result = await Client(handler).QueryAsync("up");

        Assert.Equal(SourceErrorKind.Unreachable, result.Error!.Kind);
        Assert.Contains("502", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("Bad Gateway", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ConnectionRefused_IsUnreachableWithReason()
    {
        var port = TestServers.FreePort();
        var client = new PrometheusClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });

        var result = await client.QueryAsync("up");

        Assert.Equal(SourceErrorKind.Unreachable, result.Error!.Kind);
        Assert.Contains("no se pudo conectar", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_VectorWithSpecialValuesAndWarnings_KeepsThemAll()
    {
        var handler = StubHandler.Json("""
            {"status":"success","warnings":["partial response: store 2 down"],"data":{"resultType":"vector","result":[
              {"metric":{"service":"deposito"},"value":[1764342000.5,"0.25"]},
              {"metric":{"service":"negocio"},"value":[1764342000.5,"NaN"]},
              {"metric":{"service":"ml"},"value":[1764342000.5,"+Inf"]}]}}
            """);

        var result = await Client(handler).QueryAsync("rate(x[5m])", new DateTimeOffset(2025, 11, 28, 15, 0, 0, TimeSpan.Zero));

        Assert.True(result.Ok);
        Assert.Equal(["partial response: store 2 down"], result.Warnings);
        Assert.Equal(0.25, result.Value![0].Value);
        Assert.True(double.IsNaN(result.Value[1].Value));
        Assert.True(double.IsPositiveInfinity(result.Value[2].Value));
        Assert.Equal(1764342000500, result.Value[0].Timestamp.ToUnixTimeMilliseconds());
        var request = handler.Requests.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Contains("query=rate%28x%5B5m%5D%29", request.Body, StringComparison.Ordinal);
        Assert.Contains("time=1764342000", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_EmptyVector_IsEmptyNotZero()
    {
        var handler = StubHandler.Json("""{"status":"success","data":{"resultType":"vector","result":[]}}""");

        var result = await Client(handler).QueryAsync("absent_metric");

        Assert.True(result.Ok);
        Assert.Empty(result.Value!);
    }

    [Fact]
    public async Task QueryRange_Matrix_ParsesSeriesPoints()
    {
        var handler = StubHandler.Json("""
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"job":"deposito"},"values":[[1764342000,"1"],[1764342015,"0"]]}]}}
            """);
        var start = DateTimeOffset.FromUnixTimeSeconds(1764342000);

        var result = await Client(handler).QueryRangeAsync("up", start, start.AddSeconds(15), TimeSpan.FromSeconds(15));

        var series = Assert.Single(result.Value!);
        Assert.Equal("deposito", series.Metric["job"]);
        Assert.Equal([1.0, 0.0], series.Points.Select(p => p.Value));
        Assert.Contains("step=15", handler.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRange_TooManyPoints_IsRefusedBeforeSending()
    {
        var handler = StubHandler.Json("{}");
        var start = DateTimeOffset.UtcNow.AddDays(-30);

        await Assert.ThrowsAsync<ArgumentException>(() => Client(handler).QueryRangeAsync("up", start, start.AddDays(30), TimeSpan.FromSeconds(1)));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Query_UnexpectedShape_IsReportedNotThrown()
    {
        var handler = StubHandler.Json("""{"status":"success","data":{"resultType":"string","result":[1,"x"]}}""");

        var result = await Client(handler).QueryAsync("\"x\"");

        Assert.Equal(SourceErrorKind.Unreachable, result.Error!.Kind);
        Assert.Contains("forma inesperada", result.Error.Message, StringComparison.Ordinal);
    }
}
