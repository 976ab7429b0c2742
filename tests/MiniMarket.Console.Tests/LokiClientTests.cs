using System.Net;
using System.Text;
using System.Web;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests;

/// <summary>
/// The Loki client against Loki 3's documented answers and failures. The payloads (Payloads/loki-*) are written by hand
/// from the documented shapes, not recorded: there is no Loki on this machine.
/// </summary>
public class LokiClientTests
{
    private static readonly DateTimeOffset Start = new(2025, 11, 29, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2025, 11, 29, 3, 1, 0, TimeSpan.Zero);

    private static string Payload(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    private static LokiClient Client(StubHandler handler) => new(new HttpClient(handler) { BaseAddress = new Uri("http://loki.test/") });

    private static StubHandler Text(string body, HttpStatusCode status, string mediaType = "text/plain") =>
        new(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });

    [Fact]
    public async Task QueryRange_Streams_NewestFirstAcrossStreams_WithMergedMetadata()
    {
        var result = await Client(StubHandler.Json(Payload("loki-streams.json"))).QueryRangeAsync("{service_name=~\".+\"}", Start, End, 100);

        Assert.True(result.Ok);
        var entries = result.Value!.Entries;
        Assert.Equal(
            [1764385200123456789L, 1764385170500000000L, 1764385140000000000L, 1764385100000000001L],
            entries.Select(e => e.UnixNanos));
        Assert.Equal(["deposito", "postgres", "deposito", "postgres"], entries.Select(e => e.Service));
        Assert.StartsWith("Stock negativo", entries[0].Line, StringComparison.Ordinal);
        Assert.Equal(("error", "7f3c2a9e-01"), (entries[0].Level, entries[0].CorrelationId));
        Assert.Equal("Error", entries[0].Labels["severity_text"]);
        Assert.Equal("warn", entries[1].Level);
        Assert.Null(entries[1].CorrelationId);
        Assert.False(result.Value.MayHaveMore);
    }

    [Fact]
    public async Task QueryRange_NanosecondStrings_AreParsedExactly()
    {
        var result = await Client(StubHandler.Json(Payload("loki-streams.json"))).QueryRangeAsync("{service_name=\"deposito\"}", Start, End, 100);

        var newest = result.Value!.Entries[0];
        Assert.Equal(1764385200123456789L, newest.UnixNanos);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(17643852001234567), newest.Timestamp);
        Assert.Equal(new DateTimeOffset(2025, 11, 29, 3, 0, 0, 123, TimeSpan.Zero), newest.Timestamp.AddTicks(-(newest.Timestamp.Ticks % TimeSpan.TicksPerMillisecond)));
        Assert.Equal(1764385100000000001L, result.Value.Entries[3].UnixNanos);
    }

    [Fact]
    public async Task QueryRange_Request_HasNanosecondsLimitBackwardAndTheEscapedQuery()
    {
        Uri? sent = null;
        var handler = new StubHandler(request =>
        {
            sent = request.RequestUri;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Payload("loki-streams.json"), Encoding.UTF8, "application/json") };
        });
        const string logQl = "{service_name=\"deposito\"} | CorrelationId=\"a&b\" |~ \"(?i)stock \\\\+ 1\"";
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1764381600123);

        await Client(handler).QueryRangeAsync(logQl, start, End, 250);

        Assert.NotNull(sent);
        Assert.Equal("http://loki.test/loki/api/v1/query_range", sent.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(sent.Query);
        Assert.Equal(logQl, query["query"]);
        Assert.Equal("1764381600123000000", query["start"]);
        Assert.Equal("1764385260000000000", query["end"]);
        Assert.Equal("250", query["limit"]);
        Assert.Equal("backward", query["direction"]);
        // Escaped on the wire: no raw quote, space, '&' or '+' inside the query parameter.
        Assert.DoesNotContain("\"", sent.AbsoluteUri, StringComparison.Ordinal);
        Assert.DoesNotContain(" ", sent.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("%26b", sent.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("%2B", sent.AbsoluteUri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(5001)]
    public async Task QueryRange_LimitOutsideLokisRange_ThrowsBeforeSending(int limit)
    {
        var handler = StubHandler.Json(Payload("loki-streams.json"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client(handler).QueryRangeAsync("{service_name=\"x\"}", Start, End, limit));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task QueryRange_EndNotAfterStart_Throws()
    {
        var handler = StubHandler.Json(Payload("loki-streams.json"));

        await Assert.ThrowsAsync<ArgumentException>(() => Client(handler).QueryRangeAsync("{service_name=\"x\"}", End, End, 10));
        await Assert.ThrowsAsync<ArgumentException>(() => Client(handler).QueryRangeAsync("{service_name=\"x\"}", End, Start, 10));
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(5000, false)]
    public async Task QueryRange_MayHaveMore_WhenTheAnswerFillsTheLimit(int limit, bool mayHaveMore)
    {
        var result = await Client(StubHandler.Json(Payload("loki-streams.json"))).QueryRangeAsync("{service_name=~\".+\"}", Start, End, limit);

        Assert.Equal(mayHaveMore, result.Value!.MayHaveMore);
    }

    [Fact]
    public async Task QueryRange_CategorizedLabels_MergesTheThirdElement()
    {
        var result = await Client(StubHandler.Json(Payload("loki-streams-categorized.json"))).QueryRangeAsync("{service_name=\"negocio\"}", Start, End, 100);

        Assert.True(result.Ok);
        var (first, second) = (result.Value!.Entries[0], result.Value.Entries[1]);
        Assert.Equal(("negocio", "error", "0d9e4b7c-22"), (first.Service, first.Level, first.CorrelationId));
        Assert.Equal("minimarket", first.Labels["service_namespace"]);
        Assert.Equal("Pedido 1042 confirmado", second.Line);
        Assert.Equal("negocio", second.Service);
        Assert.Null(second.Level);
        Assert.Null(second.CorrelationId);
    }

    [Fact]
    public async Task QueryRange_FlatThirdElement_IsMergedToo()
    {
        var handler = StubHandler.Json("""
            {"status":"success","data":{"resultType":"streams","result":[
              {"stream":{"service_name":"ml"},"values":[["1764385200000000000","modelo recargado",{"correlation_id":"ab-1","severity_text":"Information"}]]}]}}
            """);

        var entry = Assert.Single((await Client(handler).QueryRangeAsync("{service_name=\"ml\"}", Start, End, 10)).Value!.Entries);

        Assert.Equal(("ml", "info", "ab-1"), (entry.Service, entry.Level, entry.CorrelationId));
    }

    [Fact]
    public async Task QueryRange_JsonLabelledTextPlain_IsParsedFromTheBody()
    {
        var result = await Client(StubHandler.Json(Payload("loki-streams.json"), mediaType: "text/plain")).QueryRangeAsync("{service_name=~\".+\"}", Start, End, 100);

        Assert.True(result.Ok);
        Assert.Equal(4, result.Value!.Entries.Count);
    }

    [Fact]
    public async Task QueryRange_MatrixAnswer_FailsClearly()
    {
        var result = await Client(StubHandler.Json(Payload("loki-matrix.json"))).QueryRangeAsync("count_over_time({service_name=\"deposito\"}[1m])", Start, End, 100);

        Assert.False(result.Ok);
        Assert.Equal(SourceErrorKind.ApiError, result.Error!.Kind);
        Assert.Contains("se esperaba streams", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("matrix", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "loki-max-entries.txt", "text/plain", SourceErrorKind.ApiError, "max entries limit per query exceeded")]
    [InlineData(HttpStatusCode.TooManyRequests, "loki-429.txt", "text/plain", SourceErrorKind.ApiError, "too many outstanding requests")]
    [InlineData(HttpStatusCode.BadGateway, "loki-proxy-502.txt", "text/html", SourceErrorKind.Unreachable, "no es la API")]
    public async Task Failures_FromPayloads_AreSourceErrorsWithTheReason(HttpStatusCode status, string payload, string mediaType, SourceErrorKind kind, string reason)
    {
        var result = await Client(Text(Payload(payload), status, mediaType)).QueryRangeAsync("{service_name=\"deposito\"}", Start, End, 100);

        Assert.False(result.Ok);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal((int)status, result.Error.HttpStatus);
        Assert.Contains(reason, result.Error.Message, StringComparison.Ordinal);
        Assert.Contains(((int)status).ToString(), result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "parse error at line 1, col 16: syntax error: unexpected IDENTIFIER", "text/plain", SourceErrorKind.ApiError, "syntax error")]
    [InlineData(HttpStatusCode.GatewayTimeout, "context deadline exceeded\n", "text/plain", SourceErrorKind.ApiError, "context deadline exceeded")]
    [InlineData((HttpStatusCode)499, "context canceled", "text/plain", SourceErrorKind.ApiError, "context canceled")]
    [InlineData(HttpStatusCode.InternalServerError, "rpc error: code = Unavailable desc = connection error", "text/plain", SourceErrorKind.ApiError, "rpc error")]
    [InlineData(HttpStatusCode.BadRequest, """{"status":"error","errorType":"bad_data","error":"invalid query, through <= from"}""", "application/json", SourceErrorKind.ApiError, "through <= from")]
    [InlineData(HttpStatusCode.OK, "<html>login</html>", "text/html", SourceErrorKind.Unreachable, "no es la API")]
    [InlineData(HttpStatusCode.Unauthorized, "<!DOCTYPE html><html><body>401 Authorization Required</body></html>", "text/html", SourceErrorKind.Unreachable, "no es la API")]
    [InlineData(HttpStatusCode.OK, "OK", "text/plain", SourceErrorKind.Unreachable, "no es la API")]
    [InlineData(HttpStatusCode.OK, """{"streams":[]}""", "application/json", SourceErrorKind.Unreachable, "sin el sobre")]
    public async Task Failures_Inline_AreSourceErrorsWithTheReason(HttpStatusCode status, string body, string mediaType, SourceErrorKind kind, string reason)
    {
        var result = await Client(Text(body, status, mediaType)).QueryRangeAsync("{service_name=\"deposito\"}", Start, End, 100);

        Assert.False(result.Ok);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal((int)status, result.Error.HttpStatus);
        Assert.Contains(reason, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_JsonErrorEnvelope_KeepsTheErrorType()
    {
        var handler = StubHandler.Json("""{"status":"error","errorType":"bad_data","error":"invalid query"}""", HttpStatusCode.BadRequest);

        var result = await Client(handler).QueryRangeAsync("{", Start, End, 10);

        Assert.Equal(("bad_data", 400), (result.Error!.ErrorType, result.Error.HttpStatus));
    }

    [Fact]
    public async Task Failures_LongPlainText_IsCutToAReadableMessage()
    {
        var result = await Client(Text(new string('x', 2000), HttpStatusCode.InternalServerError)).QueryRangeAsync("{service_name=\"x\"}", Start, End, 10);

        Assert.Equal(SourceErrorKind.ApiError, result.Error!.Kind);
        Assert.InRange(result.Error.Message.Length, 300, 400);
    }

    [Fact]
    public async Task Unreachable_ConnectionRefused_IsAnErrorNotAnException()
    {
        var handler = new StubHandler(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (loki:3100)"));

        var result = await Client(handler).QueryRangeAsync("{service_name=\"x\"}", Start, End, 10);

        Assert.Equal(SourceErrorKind.Unreachable, result.Error!.Kind);
        Assert.Contains("no se pudo conectar con Loki", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_Timeout_SaysLokiDidNotAnswerInTime()
    {
        var handler = new StubHandler(_ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"));

        var result = await Client(handler).LabelValuesAsync("service_name", Start, End);

        Assert.Equal(SourceErrorKind.Unreachable, result.Error!.Kind);
        Assert.Contains("Loki no respondió a tiempo", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelValues_AreSortedOrdinally_AndAskedForTheWindow()
    {
        var handler = StubHandler.Json(Payload("loki-label-values.json"), mediaType: "text/plain");

        var result = await Client(handler).LabelValuesAsync("service_name", Start, End);

        Assert.True(result.Ok);
        Assert.Equal(["alertmanager", "console", "deposito", "ml", "negocio", "postgres", "redis"], result.Value!);
        var uri = handler.Requests.Single().Uri;
        Assert.StartsWith("http://loki.test/loki/api/v1/label/service_name/values?", uri, StringComparison.Ordinal);
        Assert.Contains("start=1764381600000000000", uri, StringComparison.Ordinal);
        Assert.Contains("end=1764385260000000000", uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelValues_SuccessWithoutData_IsEmpty()
    {
        var result = await Client(StubHandler.Json("""{"status":"success"}""")).LabelValuesAsync("service_name", Start, End);

        Assert.True(result.Ok);
        Assert.Empty(result.Value!);
    }

    [Fact]
    public async Task Unconfigured_SaysSoOnEveryCall()
    {
        var client = new UnconfiguredLokiClient();

        var logs = await client.QueryRangeAsync("{service_name=\"x\"}", Start, End, 10);
        var labels = await client.LabelValuesAsync("service_name", Start, End);

        Assert.False(client.Configured);
        Assert.True(new LokiClient(new HttpClient()).Configured);
        Assert.Equal(SourceErrorKind.Unreachable, logs.Error!.Kind);
        Assert.Contains("Observability:LokiUrl", logs.Error.Message, StringComparison.Ordinal);
        Assert.Equal(logs.Error.Message, labels.Error!.Message);
    }

    [Theory]
    [InlineData("detected_level", "ERROR", "error")]
    [InlineData("level", "WARNING", "warn")]
    [InlineData("severity_text", "Information", "info")]
    [InlineData("level", "err", "error")]
    [InlineData("level", "debug", "debug")]
    public void LogEntry_Level_IsNormalised(string label, string value, string expected) =>
        Assert.Equal(expected, new LogEntry(1, "x", new Dictionary<string, string> { [label] = value }).Level);

    [Fact]
    public void LogEntry_Fallbacks_ForServiceLevelAndCorrelation()
    {
        var unknown = new LogEntry(1, "x", new Dictionary<string, string> { ["detected_level"] = "unknown", ["severity_text"] = "Warning", ["service"] = "redis" });
        var bare = new LogEntry(1, "x", new Dictionary<string, string>());
        var both = new LogEntry(1, "x", new Dictionary<string, string> { ["CorrelationId"] = "a", ["correlation_id"] = "b", ["service_name"] = "deposito", ["service"] = "otro" });

        Assert.Equal(("warn", "redis"), (unknown.Level, unknown.Service));
        Assert.Null(bare.Level);
        Assert.Equal("", bare.Service);
        Assert.Null(bare.CorrelationId);
        Assert.Equal(("a", "deposito"), (both.CorrelationId, both.Service));
    }
}

/// <summary>LogQL built from user input and alert labels: escaping and the filter stages.</summary>
public class LogQlTests
{
    [Theory]
    [InlineData("deposito", "deposito")]
    [InlineData("a\"b\\c", "a\\\"b\\\\c")]
    [InlineData("uno\ndos\tires\r", "uno\\ndos\\tires\\r")]
    [InlineData("\u0001", "\\u0001")]
    public void EscapeString_GoStringSyntax(string value, string expected) => Assert.Equal(expected, LogQl.EscapeString(value));

    [Theory]
    [InlineData("1.5 (x)", "1\\.5 \\(x\\)")]
    [InlineData("\\.+*?()|[]{}^$", "\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$")]
    [InlineData("sin-meta_caracteres", "sin-meta_caracteres")]
    public void EscapeRegex_Re2Metacharacters(string value, string expected) => Assert.Equal(expected, LogQl.EscapeRegex(value));

    [Fact]
    public void Build_NoService_SelectsEveryService() =>
        Assert.Equal("{service_name=~\".+\"}", LogQl.Build(new LogFilter([], null, null, null)));

    [Fact]
    public void Build_OneService_IsAnExactMatchEscaped() =>
        Assert.Equal("""{service_name="a\"b\\c"}""", LogQl.Build(new LogFilter(["a\"b\\c"], null, null, null)));

    [Fact]
    public void Build_TwoServices_IsARegexOfEscapedValues() =>
        Assert.Equal("""{service_name=~"deposito|a\"b\\\\c|x\\.y"}""", LogQl.Build(new LogFilter(["deposito", "a\"b\\c", "x.y", "deposito", " "], null, null, null)));

    [Fact]
    public void Build_EveryStage_InOrder()
    {
        var logQl = LogQl.Build(new LogFilter(["deposito"], "ERROR", " 1.5 (x) ", "7f3c\"2a"));

        Assert.Equal("""
            {service_name="deposito"} | detected_level="error" | CorrelationId="7f3c\"2a" |~ "(?i)1\\.5 \\(x\\)"
            """, logQl);
    }

    [Fact]
    public void Build_WithAStore_AddsItsLabelToTheSelector()
    {
        Assert.Equal("{service_name=\"deposito\", store=\"palermo\"} | detected_level=\"error\"", LogQl.Build(new LogFilter(["deposito"], "error", null, null, "palermo")));
        Assert.Equal("{service_name=~\".+\", store=\"suc-014\"}", LogQl.Build(new LogFilter([], null, null, null, " suc-014 ")));
        Assert.Equal("palermo", LogQl.ForAlert(new Dictionary<string, string> { ["service"] = "ml", ["store"] = "palermo" }).Store);
        Assert.Null(LogQl.ForAlert(new Dictionary<string, string> { ["service"] = "ml" }).Store);
    }

    [Fact]
    public void Build_BlankLevelTextAndCorrelation_AreLeftOut() =>
        Assert.Equal("{service_name=\"ml\"}", LogQl.Build(new LogFilter(["ml"], " ", "", "  ")));

    [Theory]
    [InlineData("fatal")]
    [InlineData("warning")]
    [InlineData("error|warn")]
    public void Build_UnknownLevel_Throws(string level) =>
        Assert.Throws<ArgumentException>(() => LogQl.Build(new LogFilter([], level, null, null)));

    [Theory]
    [InlineData("service", "deposito")]
    [InlineData("job", "postgres")]
    [InlineData("service_name", "redis")]
    public void ForAlert_PicksTheServiceLabel(string label, string value)
    {
        var filter = LogQl.ForAlert(new Dictionary<string, string> { ["alertname"] = "X", [label] = value });

        Assert.Equal([value], filter.Services);
        Assert.Null(filter.Level);
        Assert.Null(filter.Text);
        Assert.Null(filter.CorrelationId);
    }

    [Fact]
    public void ForAlert_ServiceWinsOverJob_AndNoLabelMeansEveryService()
    {
        Assert.Equal(["deposito"], LogQl.ForAlert(new Dictionary<string, string> { ["job"] = "node", ["service"] = "deposito" }).Services);
        Assert.Empty(LogQl.ForAlert(new Dictionary<string, string> { ["alertname"] = "Watchdog" }).Services);
        Assert.Equal("{service_name=\"node\"}", LogQl.Build(LogQl.ForAlert(new Dictionary<string, string> { ["job"] = "node" })));
    }

    [Fact]
    public void AlertLookBack_IsFifteenMinutes() => Assert.Equal(TimeSpan.FromMinutes(15), LogQl.AlertLookBack);

    [Fact]
    public void UnixNanos_IsAnIntegerString() =>
        Assert.Equal("1764385200123000000", LogQl.UnixNanos(DateTimeOffset.FromUnixTimeMilliseconds(1764385200123)));
}
