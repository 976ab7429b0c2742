using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.LogStore;
using MiniMarket.Console.Services;
using MiniMarket.Testing;
using Serilog;
using Serilog.Sinks.OpenTelemetry;

namespace MiniMarket.Console.Tests.LogStore;

/// <summary>
/// <c>POST /otlp/v1/logs</c> on the real console: who may send, what it accepts, what it refuses (ProblemDetails naming the
/// field, nothing stored), a flood (dropped, counted, said to the sender), and the real Serilog OTLP exporter the services use.
/// </summary>
// The store's line counters are process-wide (prometheus-net's default registry): the flood's exact count needs no other
// store dropping lines at the same time, so these run alone, after the parallel ones.
[Collection(StatusAgreementGroup.Name)]
public sealed class OtlpReceiverTests : IAsyncLifetime
{
    private const string Token = "receiver-token-for-tests-0123456789";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("logrecv");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private ConsoleFactory Console(params (string Key, string? Value)[] settings) =>
        new(_database.ConnectionString, "http://127.0.0.1:9/", settings.ToDictionary(s => s.Key, s => s.Value));

    private static HttpRequestMessage Post(byte[] body, string contentType = "application/x-protobuf", string? token = Token, string? encoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, LogStoreOptions.ReceiverPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (encoding is not null) request.Content.Headers.ContentEncoding.Add(encoding);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static byte[] Lines(string service, int count, string? cid = null) => OtlpLogsEncoder.Encode(Enumerable.Range(0, count).Select(i =>
        new OtlpLine(service, Now.AddMilliseconds(-count + i), $"{service} línea {i}", 9, "Information",
            cid is null ? null : new Dictionary<string, string> { ["CorrelationId"] = cid })));

    private static async Task<int> CountAsync(ConsoleFactory console, string logQl)
    {
        var store = console.Services.GetRequiredService<EmbeddedLogStore>();
        Assert.True(await store.FlushAsync(TimeSpan.FromSeconds(30)));
        var page = await console.Services.GetRequiredService<ILogSource>().QueryRangeAsync(logQl, Now.AddHours(-1), Now.AddHours(1), 5000);
        Assert.True(page.Ok, page.Error?.Message);
        return page.Value!.Entries.Count;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task WithAToken_OnlyItsBearerMaySend_AndWhatArrivesIsQueryable()
    {
        await using var console = Console(("Observability:LogStore:Token", Token));
        using var client = console.CreateClient();

        var anonymous = await client.SendAsync(Post(Lines("deposito", 3), token: null));
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "Authorization");
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        await AssertProblemAsync(await client.SendAsync(Post(Lines("deposito", 3), token: Token + "x")), HttpStatusCode.Unauthorized, "Authorization");

        var accepted = await client.SendAsync(Post(Lines("deposito", 3, cid: "cid-recv")));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("application/x-protobuf", accepted.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await accepted.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, await CountAsync(console, "{service_name=\"deposito\"} | CorrelationId=\"cid-recv\""));
    }

    [Fact]
    public async Task JsonAndGzip_AreAccepted()
    {
        await using var console = Console(("Observability:LogStore:Token", Token));
        using var client = console.CreateClient();
        var json = $$$"""{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"ml"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"{{{(Now - DateTimeOffset.UnixEpoch).Ticks * 100}}}","severityNumber":17,"body":{"stringValue":"json ok"}}]}]}]}""";
        var jsonAnswer = await client.SendAsync(Post(Encoding.UTF8.GetBytes(json), "application/json"));
        Assert.Equal(HttpStatusCode.OK, jsonAnswer.StatusCode);
        Assert.Equal("{}", await jsonAnswer.Content.ReadAsStringAsync());

        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Lines("ml", 5));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Post(compressed.ToArray(), encoding: "gzip"))).StatusCode);
        Assert.Equal(6, await CountAsync(console, "{service_name=\"ml\"}"));
        Assert.Equal(1, await CountAsync(console, "{service_name=\"ml\"} | detected_level=\"error\" |= \"json ok\""));
    }

    [Fact]
    public async Task BadInput_IsRefusedNamingTheField_AndNothingIsStored()
    {
        await using var console = Console(("Observability:LogStore:Token", Token), ("Observability:LogStore:MaxRequestBytes", "65536"));
        using var client = console.CreateClient();
        var valid = Lines("negocio", 2);

        await AssertProblemAsync(await client.SendAsync(Post(valid, "text/plain")), HttpStatusCode.UnsupportedMediaType, "Content-Type");
        await AssertProblemAsync(await client.SendAsync(Post(valid, encoding: "br")), HttpStatusCode.UnsupportedMediaType, "Content-Encoding");
        await AssertProblemAsync(await client.SendAsync(Post(valid[..^3])), HttpStatusCode.BadRequest, "body");
        await AssertProblemAsync(await client.SendAsync(Post([0x0A, 0x00, 0xFF])), HttpStatusCode.BadRequest, "body");
        await AssertProblemAsync(await client.SendAsync(Post("{\"resourceLogs\":7}"u8.ToArray(), "application/json")), HttpStatusCode.BadRequest, "body");
        await AssertProblemAsync(await client.SendAsync(Post("no es gzip"u8.ToArray(), encoding: "gzip")), HttpStatusCode.BadRequest, "body");
        await AssertProblemAsync(await client.SendAsync(Post(new byte[70_000])), HttpStatusCode.RequestEntityTooLarge, "body");
        // A gzip bomb: 20 MB of zeros in a few kilobytes; refused once it inflates past the limit.
        using var bomb = new MemoryStream();
        await using (var gzip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(new byte[20_000_000]);
        Assert.True(bomb.Length < 65536);
        await AssertProblemAsync(await client.SendAsync(Post(bomb.ToArray(), encoding: "gzip")), HttpStatusCode.RequestEntityTooLarge, "body");

        Assert.Equal(0, await CountAsync(console, "{service_name=\"negocio\"}"));
        Assert.Equal(0, console.Services.GetRequiredService<EmbeddedLogStore>().Status.Accepted);
    }

    [Fact]
    public async Task WithoutAToken_OnlyThisMachine_AndNotThroughAProxy()
    {
        await using var console = Console();
        var address = console.StartOnKestrel();
        using var client = new HttpClient { BaseAddress = address };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Post(Lines("console", 2), token: null))).StatusCode);

        // A proxy on this machine (Caddy) passing on a request from elsewhere: refused.
        var proxied = Post(Lines("console", 2), token: null);
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        await AssertProblemAsync(await client.SendAsync(proxied), HttpStatusCode.Unauthorized, "Authorization");
        Assert.Equal(2, await CountAsync(console, "{service_name=\"console\"} |= \"console línea\""));
    }

    [Fact]
    public async Task Flood_IsDroppedCountedAndToldToTheSender_AndTheConsoleKeepsAnswering()
    {
        await using var console = Console(("Observability:LogStore:Token", Token), ("Observability:LogStore:QueueCapacity", "100"));
        using var client = console.CreateClient();
        var before = await MetricAsync(client, "minimarket_logstore_lines_total{outcome=\"dropped\"}");
        long rejected = 0;
        for (var i = 0; i < 20; i++)
        {
            var answer = await client.SendAsync(Post(Lines("flood", 2000)));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            // 2,000 lines into a 100-line queue: what the writer has not drained by then is refused, and the sender is told
            // how many (how many depends on how fast the writer runs; over the flood, most).
            rejected += PartialSuccessRejected(await answer.Content.ReadAsByteArrayAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        Assert.True(rejected > 20_000, $"only {rejected} of 40,000 lines refused by a 100-line queue");
        var status = console.Services.GetRequiredService<EmbeddedLogStore>().Status;
        Assert.Equal(rejected, status.DroppedOverload);
        Assert.Equal(40_000 - rejected, status.Accepted);
        Assert.Equal(rejected, await MetricAsync(client, "minimarket_logstore_lines_total{outcome=\"dropped\"}") - before);
    }

    [Fact]
    public async Task TheSerilogOtlpExporterTheServicesUse_IsUnderstood()
    {
        await using var console = Console(("Observability:LogStore:Token", Token));
        var address = console.StartOnKestrel();
        using (var logger = new LoggerConfiguration()
            .Enrich.WithProperty("CorrelationId", "serilog-cid")
            .WriteTo.OpenTelemetry(o =>
            {
                o.Endpoint = new Uri(address, LogStoreOptions.ReceiverPath).ToString();
                o.Protocol = OtlpProtocol.HttpProtobuf;
                o.Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Token };
                o.ResourceAttributes = new Dictionary<string, object> { ["service.name"] = "exportador", ["service.namespace"] = "minimarket" };
            })
            .CreateLogger())
        {
            logger.Warning("Stock de {Code} bajo: quedan {Left}", "7790001", 3);
            logger.Error(new InvalidOperationException("sin conexión"), "Falló la llamada a {Service}", "ml");
        }
        var source = console.Services.GetRequiredService<ILogSource>();
        var page = await Poll.UntilAsync(() => source.QueryRangeAsync("{service_name=\"exportador\"}", Now.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1), 100),
            p => p.Ok && p.Value!.Entries.Count == 2, TimeSpan.FromSeconds(60), "the exporter's two lines");
        var error = page.Value!.Entries.Single(e => e.Level == "error");
        var warning = page.Value.Entries.Single(e => e.Level == "warn");
        Assert.Equal("Stock de 7790001 bajo: quedan 3", warning.Line);
        Assert.Equal("serilog-cid", warning.CorrelationId);
        Assert.Equal("7790001", warning.Labels["Code"]);
        Assert.Equal("Falló la llamada a ml", error.Line);
        Assert.Equal("sin conexión", error.Labels["exception_message"]);
        Assert.Equal("minimarket", error.Labels["service_namespace"]);
    }

    [Fact]
    public async Task TheSource_IsLokiWhenConfigured_TheStoreOtherwise_NoneWhenTurnedOff()
    {
        await using (var withLoki = Console(("Observability:LokiUrl", "http://127.0.0.1:9/")))
        {
            Assert.IsType<LokiClient>(withLoki.Services.GetRequiredService<ILogSource>());
            using var client = withLoki.CreateClient();
            // No receiver: the logs go to Loki (the page routes answer GET only).
            Assert.Contains((await client.SendAsync(Post(Lines("ml", 1)))).StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        }
        await using (var store = Console())
        {
            Assert.Equal(EmbeddedLogSource.SourceName, store.Services.GetRequiredService<ILogSource>().Name);
        }
        await using (var off = Console(("Observability:LogStore:Enabled", "false")))
        {
            Assert.False(off.Services.GetRequiredService<ILogSource>().Configured);
            using var client = off.CreateClient();
            Assert.Contains((await client.SendAsync(Post(Lines("ml", 1)))).StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        }
    }

    [Theory]
    [InlineData("MaxAge", "00:00:10")]
    [InlineData("MaxBytes", "1000")]
    [InlineData("QueueCapacity", "5")]
    [InlineData("MaxLineBytes", "10")]
    [InlineData("MaxRequestBytes", "100")]
    [InlineData("Token", "corto")]
    [InlineData("Path", " ")]
    public void BadStoreSettings_AreRefusedByName(string key, string value)
    {
        var options = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build().Get<LogStoreOptions>()!;
        var result = new LogStoreOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("Observability:LogStore:" + key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void LogFreshness_OutOfRange_IsRefusedByName()
    {
        var result = new ObservabilityOptionsValidator().Validate(null, new ObservabilityOptions { PrometheusUrl = "http://p", LogFreshness = TimeSpan.FromSeconds(1) });
        Assert.Contains("Observability:LogFreshness", result.FailureMessage, StringComparison.Ordinal);
    }

    private static long PartialSuccessRejected(byte[] response)
    {
        if (response.Length == 0) return 0;
        // 0A len 08 varint...
        Assert.Equal(0x0A, response[0]);
        Assert.Equal(0x08, response[2]);
        long value = 0;
        for (int i = 3, shift = 0; ; i++, shift += 7)
        {
            value |= (long)(response[i] & 0x7F) << shift;
            if ((response[i] & 0x80) == 0) return value;
        }
    }

    private static async Task<double> MetricAsync(HttpClient client, string series)
    {
        var text = await client.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
