using System.Text;

namespace MiniMarket.Testing;

/// <summary>One log line to send over OTLP in a test or a benchmark.</summary>
public sealed record OtlpLine(string Service, DateTimeOffset Time, string Body, int Severity = 9, string? SeverityText = "Information",
    IReadOnlyDictionary<string, string>? Attributes = null);

/// <summary>
/// Writes an OTLP <c>ExportLogsServiceRequest</c> in binary protobuf, field by field as opentelemetry-proto's logs/v1 and
/// common/v1 define them (one ResourceLogs per service with <c>service.name</c>, one ScopeLogs, the records). For tests and the
/// benchmark; the receiver is also tested with the real Serilog OpenTelemetry exporter.
/// </summary>
public static class OtlpLogsEncoder
{
    public static byte[] Encode(IEnumerable<OtlpLine> lines)
    {
        var request = new List<byte>();
        foreach (var group in lines.GroupBy(l => l.Service))
        {
            var resourceLogs = new List<byte>();
            Message(resourceLogs, 1, Attribute(1, "service.name", group.Key));
            var scope = new List<byte>();
            Message(scope, 1, Text(1, "tests"));
            foreach (var line in group) Message(scope, 2, Record(line));
            Message(resourceLogs, 2, scope);
            Message(request, 1, resourceLogs);
        }
        return [.. request];
    }

    private static List<byte> Record(OtlpLine line)
    {
        var record = new List<byte>();
        record.Add(1 << 3 | 1);
        record.AddRange(BitConverter.GetBytes((ulong)((line.Time - DateTimeOffset.UnixEpoch).Ticks * 100)));
        if (line.Severity != 0)
        {
            record.Add(2 << 3);
            Varint(record, (ulong)line.Severity);
        }
        if (line.SeverityText is not null) record.AddRange(Text(3, line.SeverityText));
        var body = new List<byte>();
        body.AddRange(Text(1, line.Body));
        Message(record, 5, body);
        foreach (var (key, value) in line.Attributes ?? new Dictionary<string, string>()) Message(record, 6, KeyValue(key, value));
        return record;
    }

    private static List<byte> Attribute(int field, string key, string value)
    {
        var wrapper = new List<byte>();
        Message(wrapper, field, KeyValue(key, value));
        return wrapper;
    }

    private static List<byte> KeyValue(string key, string value)
    {
        var kv = new List<byte>();
        kv.AddRange(Text(1, key));
        var any = new List<byte>();
        any.AddRange(Text(1, value));
        Message(kv, 2, any);
        return kv;
    }

    private static List<byte> Text(int field, string value)
    {
        var bytes = new List<byte>();
        var utf8 = Encoding.UTF8.GetBytes(value);
        Varint(bytes, (ulong)(field << 3 | 2));
        Varint(bytes, (ulong)utf8.Length);
        bytes.AddRange(utf8);
        return bytes;
    }

    private static void Message(List<byte> to, int field, List<byte> message)
    {
        Varint(to, (ulong)(field << 3 | 2));
        Varint(to, (ulong)message.Count);
        to.AddRange(message);
    }

    private static void Varint(List<byte> to, ulong value)
    {
        while (value >= 0x80)
        {
            to.Add((byte)(value | 0x80));
            value >>= 7;
        }
        to.Add((byte)value);
    }
}
