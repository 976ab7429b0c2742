using System.Text;
using MiniMarket.Console.LogStore;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests.LogStore;

/// <summary>The OTLP/HTTP logs decoder: what Loki 3 would make of a request, and a clear refusal of anything else.</summary>
public class OtlpLogsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Protobuf_Records_KeepServiceTimeLevelLineAndAttributesAsLokiNamesThem()
    {
        var time = new DateTimeOffset(2026, 12, 6, 11, 59, 30, TimeSpan.Zero).AddTicks(1234567);
        var body = OtlpLogsEncoder.Encode([
            new OtlpLine("deposito", time, "Stock de 7790001 ajustado", 13, "Warning", new Dictionary<string, string>
            {
                ["CorrelationId"] = "abc-123",
                ["http.route"] = "/api/v1/stock",
                ["SourceContext"] = "MiniMarket.Agents.Deposito",
            }),
            new OtlpLine("negocio", time.AddSeconds(1), "Factura confirmada", 9, "Information"),
        ]);

        var batch = OtlpLogs.ReadProtobuf(body, 16 * 1024, Now);

        Assert.Equal(2, batch.Records.Count);
        var first = batch.Records[0];
        Assert.Equal(("deposito", "warn", "abc-123", "Stock de 7790001 ajustado"), (first.Service, first.Level, first.CorrelationId, first.Line));
        Assert.Equal((time - DateTimeOffset.UnixEpoch).Ticks * 100, first.UnixNanos);
        Assert.Equal("/api/v1/stock", first.Labels["http_route"]);
        Assert.Equal("MiniMarket.Agents.Deposito", first.Labels["SourceContext"]);
        Assert.Equal("Warning", first.Labels["severity_text"]);
        Assert.Equal("tests", first.Labels["scope_name"]);
        Assert.False(first.Labels.ContainsKey("service_name"));
        Assert.Equal(("negocio", "info", (string?)null), (batch.Records[1].Service, batch.Records[1].Level, batch.Records[1].CorrelationId));
        Assert.Equal(0, batch.Truncated);
    }

    [Theory]
    [InlineData(1, "trace")]
    [InlineData(5, "debug")]
    [InlineData(9, "info")]
    [InlineData(12, "info")]
    [InlineData(13, "warn")]
    [InlineData(17, "error")]
    [InlineData(21, "fatal")]
    public void Protobuf_SeverityNumber_IsLokisDetectedLevel(int severity, string level) =>
        Assert.Equal(level, OtlpLogs.ReadProtobuf(OtlpLogsEncoder.Encode([new OtlpLine("ml", Now, "x", severity, null)]), 1024, Now).Records[0].Level);

    [Theory]
    [InlineData("Error", "error")]
    [InlineData("WARNING", "warn")]
    [InlineData("Information", "info")]
    [InlineData("Critical", "fatal")]
    [InlineData("whatever", null)]
    public void Protobuf_NoSeverityNumber_LevelFromTheText(string text, string? level) =>
        Assert.Equal(level, OtlpLogs.ReadProtobuf(OtlpLogsEncoder.Encode([new OtlpLine("ml", Now, "x", 0, text)]), 1024, Now).Records[0].Level);

    [Fact]
    public void Protobuf_LongLine_IsCutToTheLimitSaysSoAndIsCounted()
    {
        var line = new string('á', 5000); // 10,000 UTF-8 bytes
        var batch = OtlpLogs.ReadProtobuf(OtlpLogsEncoder.Encode([new OtlpLine("ml", Now, line)]), 1024, Now);
        var stored = batch.Records[0].Line;
        Assert.Equal(1, batch.Truncated);
        Assert.True(Encoding.UTF8.GetByteCount(stored) <= 1024, $"{Encoding.UTF8.GetByteCount(stored)} bytes");
        Assert.EndsWith("[línea cortada: 10000 bytes]", stored, StringComparison.Ordinal);
        Assert.StartsWith("áááá", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Protobuf_NulInTheLine_IsReplacedNotStored()
    {
        var batch = OtlpLogs.ReadProtobuf(OtlpLogsEncoder.Encode([new OtlpLine("ml", Now, "a\0b", Attributes: new Dictionary<string, string> { ["k"] = "v\0" })]), 1024, Now);
        Assert.Equal("a\uFFFDb", batch.Records[0].Line);
        Assert.Equal("v\uFFFD", batch.Records[0].Labels["k"]);
    }

    [Fact]
    public void Protobuf_NoTimeAndNoService_AreNowAndUnknownService()
    {
        // A record with only a body: field 5 (AnyValue with string_value "hola"), in scope_logs, in resource_logs.
        byte[] record = [0x2A, 0x06, 0x0A, 0x04, (byte)'h', (byte)'o', (byte)'l', (byte)'a'];
        byte[] scope = [0x12, (byte)record.Length, .. record];
        byte[] resource = [0x12, (byte)scope.Length, .. scope];
        byte[] request = [0x0A, (byte)resource.Length, .. resource];
        var r = OtlpLogs.ReadProtobuf(request, 1024, Now).Records.Single();
        Assert.Equal(("unknown_service", "hola", (Now - DateTimeOffset.UnixEpoch).Ticks * 100), (r.Service, r.Line, r.UnixNanos));
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x10, 0x01 }, "dice 16 bytes y quedan 1")]
    [InlineData(new byte[] { 0x0A }, "varint cortado")]
    [InlineData(new byte[] { 0x0B }, "tipo de campo 3")]
    [InlineData(new byte[] { 0x00 }, "número de campo inválido")]
    [InlineData(new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "varint de más de 10 bytes")]
    public void Protobuf_Malformed_IsAFormatExceptionThatSaysWhy(byte[] body, string why)
    {
        var error = Assert.Throws<FormatException>(() => OtlpLogs.ReadProtobuf(body, 1024, Now));
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protobuf_InvalidUtf8InALine_IsRefusedNamingTheField()
    {
        byte[] record = [0x2A, 0x04, 0x0A, 0x02, 0xC3, 0x28];
        byte[] scope = [0x12, (byte)record.Length, .. record];
        byte[] resource = [0x12, (byte)scope.Length, .. scope];
        byte[] request = [0x0A, (byte)resource.Length, .. resource];
        var error = Assert.Throws<FormatException>(() => OtlpLogs.ReadProtobuf(request, 1024, Now));
        Assert.Contains("any_value.string_value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protobuf_DeeplyNestedValue_IsRefusedNotARecursionCrash()
    {
        // AnyValue{array_value{values: AnyValue{array_value{...}}}} 40 levels deep.
        byte[] value = [0x0A, 0x01, (byte)'x'];
        for (var i = 0; i < 40; i++)
        {
            byte[] array = [0x0A, (byte)value.Length, .. value];
            value = [0x2A, (byte)array.Length, .. array];
            if (value.Length > 120) break;
        }
        byte[] record = [0x2A, (byte)value.Length, .. value];
        byte[] scope = [0x12, (byte)record.Length, .. record];
        byte[] resource = [0x12, (byte)scope.Length, .. scope];
        byte[] request = [0x0A, (byte)resource.Length, .. resource];
        Assert.Throws<FormatException>(() => OtlpLogs.ReadProtobuf(request, 1024, Now));
    }

    [Fact]
    public void Protobuf_RandomBytes_AreRecordsOrAFormatException_NeverAnythingElse()
    {
        var random = new Random(20261206);
        var valid = OtlpLogsEncoder.Encode([new OtlpLine("deposito", Now, "línea", 9, "Information", new Dictionary<string, string> { ["a.b"] = "c" })]);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])valid.Clone();
            // Flip a few bytes of a valid request, or cut it, or pure noise.
            switch (i % 3)
            {
                case 0: for (var k = 0; k < 3; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256); break;
                case 1: bytes = bytes[..random.Next(bytes.Length)]; break;
                default: bytes = new byte[random.Next(1, 64)]; random.NextBytes(bytes); break;
            }
            try
            {
                OtlpLogs.ReadProtobuf(bytes, 1024, Now);
            }
            catch (FormatException)
            {
                // Refused with a reason: what the receiver turns into a 400.
            }
        }
    }

    [Fact]
    public void Json_TheSpecExample_IsReadLikeProtobuf()
    {
        // The shape of opentelemetry-proto's examples/logs.json.
        const string json = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"negocio"}}]},
              "scopeLogs":[{"scope":{"name":"my.library","version":"1.0.0"},
                "logRecords":[{"timeUnixNano":"1544712660300000000","observedTimeUnixNano":"1544712660300000000",
                  "severityNumber":10,"severityText":"Information","traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
                  "body":{"stringValue":"Example log record"},
                  "attributes":[{"key":"string.attribute","value":{"stringValue":"some string"}},{"key":"boolean.attribute","value":{"boolValue":true}},
                    {"key":"int.attribute","value":{"intValue":"10"}},{"key":"double.attribute","value":{"doubleValue":637.704}},
                    {"key":"array.attribute","value":{"arrayValue":{"values":[{"stringValue":"many"},{"stringValue":"values"}]}}},
                    {"key":"map.attribute","value":{"kvlistValue":{"values":[{"key":"some.map.key","value":{"stringValue":"some value"}}]}}},
                    {"key":"CorrelationId","value":{"stringValue":"c-1"}}]}]}]}]}
            """;
        var r = OtlpLogs.ReadJson(Encoding.UTF8.GetBytes(json), 1024, Now).Records.Single();
        Assert.Equal(("negocio", "info", "c-1", "Example log record", 1544712660300000000L), (r.Service, r.Level, r.CorrelationId, r.Line, r.UnixNanos));
        Assert.Equal("some string", r.Labels["string_attribute"]);
        Assert.Equal("true", r.Labels["boolean_attribute"]);
        Assert.Equal("10", r.Labels["int_attribute"]);
        Assert.Equal("637.704", r.Labels["double_attribute"]);
        Assert.Equal("[\"many\",\"values\"]", r.Labels["array_attribute"]);
        Assert.Equal("{\"some.map.key\":\"some value\"}", r.Labels["map_attribute"]);
        Assert.Equal("5b8efff798038103d269b633813fc60c", r.Labels["trace_id"]);
        Assert.Equal("my.library", r.Labels["scope_name"]);
    }

    [Theory]
    [InlineData("[]", "resourceLogs")]
    [InlineData("{\"resourceLogs\":{}}", "resourceLogs: se esperaba una lista")]
    [InlineData("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"ayer\"}]}]}]}", "logRecords.timeUnixNano")]
    [InlineData("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"severityNumber\":99}]}]}]}", "logRecords.severityNumber")]
    [InlineData("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"zz\"}]}]}]}", "logRecords.traceId")]
    [InlineData("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"intValue\":\"diez\"}}]}]}]}", "logRecords.body.intValue")]
    [InlineData("{\"resourceLogs\":[", "JSON inválido")]
    public void Json_Malformed_NamesTheField(string json, string field)
    {
        var error = Assert.Throws<FormatException>(() => OtlpLogs.ReadJson(Encoding.UTF8.GetBytes(json), 1024, Now));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_SeverityNumberByName_IsAccepted()
    {
        const string json = """{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"SEVERITY_NUMBER_ERROR2","body":{"stringValue":"x"}}]}]}]}""";
        Assert.Equal("error", OtlpLogs.ReadJson(Encoding.UTF8.GetBytes(json), 1024, Now).Records.Single().Level);
    }

    [Fact]
    public void Response_PartialSuccess_CarriesTheRejectedCountAndMessage()
    {
        Assert.Empty(OtlpLogs.ProtobufResponse(0, null));
        var bytes = OtlpLogs.ProtobufResponse(300, "lleno");
        // partial_success (1, LEN) { rejected_log_records (1, varint 300 = AC 02), error_message (2, "lleno") }
        Assert.Equal(new byte[] { 0x0A, 0x0A, 0x08, 0xAC, 0x02, 0x12, 0x05, (byte)'l', (byte)'l', (byte)'e', (byte)'n', (byte)'o' }, bytes);
    }
}
