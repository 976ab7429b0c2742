using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MiniMarket.Console.LogStore;

/// <summary>What a request's records became: the lines, and how many were cut to <see cref="LogStoreOptions.MaxLineBytes"/>.</summary>
public sealed record OtlpBatch(IReadOnlyList<LogRecord> Records, int Truncated);

/// <summary>
/// Reads an OTLP/HTTP logs request (<c>ExportLogsServiceRequest</c> of opentelemetry-proto's logs/v1) in binary protobuf or in
/// OTLP's JSON encoding, into <see cref="LogRecord"/>s with the names Loki 3 gives them: <c>service.name</c> is the service,
/// other resource and record attributes keep their name with dots as underscores, <c>severity_text</c>, <c>trace_id</c>,
/// <c>span_id</c> and <c>scope_name</c> as Loki keeps them. Written by hand over the wire format (no generated code): every
/// length is checked against what is left, nesting is bounded, and anything that does not fit the schema is a
/// <see cref="FormatException"/> naming the field — the receiver answers 400 with it and stores nothing of that request.
/// </summary>
public static class OtlpLogs
{
    /// <summary>The most attributes kept per line (resource's and record's together); the rest are left out.</summary>
    public const int MaxLabels = 64;

    /// <summary>Label names and values longer than these are cut.</summary>
    public const int MaxLabelName = 128, MaxLabelValue = 2048;

    private const int MaxDepth = 8;
    private const string UnknownService = "unknown_service";

    // --- binary protobuf ---------------------------------------------------------------------------------------------

    /// <summary>Reads a binary <c>ExportLogsServiceRequest</c>.</summary>
    /// <exception cref="FormatException">Not a valid request; the message names the field.</exception>
    public static OtlpBatch ReadProtobuf(ReadOnlySpan<byte> body, int maxLineBytes, DateTimeOffset now)
    {
        var records = new List<LogRecord>();
        var truncated = 0;
        var reader = new Wire(body);
        while (reader.More)
        {
            var (field, type) = reader.Tag();
            if (field == 1 && type == Wire.Len) ReadResourceLogs(reader.Bytes("resource_logs"), records, ref truncated, maxLineBytes, now);
            else reader.Skip(type, "ExportLogsServiceRequest");
        }
        return new OtlpBatch(records, truncated);
    }

    private static void ReadResourceLogs(ReadOnlySpan<byte> span, List<LogRecord> records, ref int truncated, int maxLineBytes, DateTimeOffset now)
    {
        // The resource may come after the scopes on the wire: read it first.
        var resource = new List<KeyValuePair<string, string>>();
        var reader = new Wire(span);
        while (reader.More)
        {
            var (field, type) = reader.Tag();
            if (field == 1 && type == Wire.Len)
            {
                var r = new Wire(reader.Bytes("resource"));
                while (r.More)
                {
                    var (f, t) = r.Tag();
                    if (f == 1 && t == Wire.Len) resource.Add(ReadKeyValue(r.Bytes("resource.attributes"), 0));
                    else r.Skip(t, "resource");
                }
            }
            else reader.Skip(type, "resource_logs");
        }
        reader = new Wire(span);
        while (reader.More)
        {
            var (field, type) = reader.Tag();
            if (field == 2 && type == Wire.Len) ReadScopeLogs(reader.Bytes("scope_logs"), resource, records, ref truncated, maxLineBytes, now);
            else reader.Skip(type, "resource_logs");
        }
    }

    private static void ReadScopeLogs(ReadOnlySpan<byte> span, List<KeyValuePair<string, string>> resource, List<LogRecord> records,
        ref int truncated, int maxLineBytes, DateTimeOffset now)
    {
        string? scope = null;
        var reader = new Wire(span);
        while (reader.More)
        {
            var (field, type) = reader.Tag();
            if (field == 1 && type == Wire.Len)
            {
                var s = new Wire(reader.Bytes("scope"));
                while (s.More)
                {
                    var (f, t) = s.Tag();
                    if (f == 1 && t == Wire.Len) scope = s.String("scope.name");
                    else s.Skip(t, "scope");
                }
            }
            else reader.Skip(type, "scope_logs");
        }
        reader = new Wire(span);
        while (reader.More)
        {
            var (field, type) = reader.Tag();
            if (field == 2 && type == Wire.Len)
            {
                var record = ReadLogRecord(reader.Bytes("log_records"), resource, scope, maxLineBytes, now, out var cut);
                records.Add(record);
                if (cut) truncated++;
            }
            else reader.Skip(type, "scope_logs");
        }
    }

    private static LogRecord ReadLogRecord(ReadOnlySpan<byte> span, List<KeyValuePair<string, string>> resource, string? scope,
        int maxLineBytes, DateTimeOffset now, out bool cut)
    {
        ulong time = 0, observed = 0;
        var severity = 0;
        string? severityText = null, body = null, eventName = null;
        byte[]? traceId = null, spanId = null;
        var attributes = new List<KeyValuePair<string, string>>();
        var reader = new Wire(span);
        while (reader.More)
        {
            var (field, type) = reader.Tag();
            switch (field, type)
            {
                case (1, Wire.Fixed64Type): time = reader.Fixed64(); break;
                case (11, Wire.Fixed64Type): observed = reader.Fixed64(); break;
                case (2, Wire.VarintType): severity = (int)Math.Clamp((long)reader.Varint(), 0, 1000); break;
                case (3, Wire.Len): severityText = reader.String("log_record.severity_text"); break;
                case (5, Wire.Len): body = AnyValueText(reader.Bytes("log_record.body"), 0); break;
                case (6, Wire.Len): attributes.Add(ReadKeyValue(reader.Bytes("log_record.attributes"), 0)); break;
                case (9, Wire.Len): traceId = reader.Bytes("log_record.trace_id").ToArray(); break;
                case (10, Wire.Len): spanId = reader.Bytes("log_record.span_id").ToArray(); break;
                case (12, Wire.Len): eventName = reader.String("log_record.event_name"); break;
                default: reader.Skip(type, "log_record"); break;
            }
        }
        return Build(time != 0 ? time : observed, severity, severityText, body ?? eventName ?? "", resource, attributes, scope,
            traceId is { Length: > 0 } ? Convert.ToHexStringLower(traceId) : null,
            spanId is { Length: > 0 } ? Convert.ToHexStringLower(spanId) : null, maxLineBytes, now, out cut);
    }

    private static KeyValuePair<string, string> ReadKeyValue(ReadOnlySpan<byte> span, int depth)
    {
        string key = "";
        string value = "";
        var reader = new Wire(span);
        while (reader.More)
        {
            var (field, type) = reader.Tag();
            if (field == 1 && type == Wire.Len) key = reader.String("attributes.key");
            else if (field == 2 && type == Wire.Len) value = AnyValueText(reader.Bytes("attributes.value"), depth + 1);
            else reader.Skip(type, "attributes");
        }
        return KeyValuePair.Create(key, value);
    }

    /// <summary>An AnyValue as text: a string as it is, a number or boolean as JSON would write it, arrays and maps as JSON.</summary>
    private static string AnyValueText(ReadOnlySpan<byte> span, int depth)
    {
        if (depth > MaxDepth) throw new FormatException("AnyValue: más de 8 niveles de anidamiento.");
        string text = "";
        var reader = new Wire(span);
        while (reader.More)
        {
            var (field, type) = reader.Tag();
            switch (field, type)
            {
                case (1, Wire.Len): text = reader.String("any_value.string_value"); break;
                case (2, Wire.VarintType): text = reader.Varint() != 0 ? "true" : "false"; break;
                case (3, Wire.VarintType): text = ((long)reader.Varint()).ToString(CultureInfo.InvariantCulture); break;
                case (4, Wire.Fixed64Type): text = BitConverter.UInt64BitsToDouble(reader.Fixed64()).ToString("R", CultureInfo.InvariantCulture); break;
                case (5, Wire.Len):
                {
                    var items = new List<string>();
                    var array = new Wire(reader.Bytes("any_value.array_value"));
                    while (array.More)
                    {
                        var (f, t) = array.Tag();
                        if (f == 1 && t == Wire.Len) items.Add(AnyValueText(array.Bytes("array_value.values"), depth + 1));
                        else array.Skip(t, "array_value");
                    }
                    text = JsonSerializer.Serialize(items);
                    break;
                }
                case (6, Wire.Len):
                {
                    var map = new Dictionary<string, string>(StringComparer.Ordinal);
                    var list = new Wire(reader.Bytes("any_value.kvlist_value"));
                    while (list.More)
                    {
                        var (f, t) = list.Tag();
                        if (f == 1 && t == Wire.Len)
                        {
                            var (k, v) = ReadKeyValue(list.Bytes("kvlist_value.values"), depth + 1);
                            map.TryAdd(k, v);
                        }
                        else list.Skip(t, "kvlist_value");
                    }
                    text = JsonSerializer.Serialize(map);
                    break;
                }
                case (7, Wire.Len): text = Convert.ToBase64String(reader.Bytes("any_value.bytes_value")); break;
                default: reader.Skip(type, "any_value"); break;
            }
        }
        return text;
    }

    /// <summary>The <c>ExportLogsServiceResponse</c>: empty when all was accepted, else <c>partial_success</c> with the count and why.</summary>
    public static byte[] ProtobufResponse(long rejected, string? message)
    {
        if (rejected <= 0) return [];
        var inner = new List<byte>();
        inner.Add(0x08);
        WriteVarint(inner, (ulong)rejected);
        if (message is { Length: > 0 })
        {
            var bytes = Encoding.UTF8.GetBytes(message);
            inner.Add(0x12);
            WriteVarint(inner, (ulong)bytes.Length);
            inner.AddRange(bytes);
        }
        var outer = new List<byte> { 0x0A };
        WriteVarint(outer, (ulong)inner.Count);
        outer.AddRange(inner);
        return [.. outer];
    }

    private static void WriteVarint(List<byte> to, ulong value)
    {
        while (value >= 0x80)
        {
            to.Add((byte)(value | 0x80));
            value >>= 7;
        }
        to.Add((byte)value);
    }

    /// <summary>A protobuf reader over a span: every read is checked against what is left.</summary>
    private ref struct Wire(ReadOnlySpan<byte> data)
    {
        public const int VarintType = 0, Fixed64Type = 1, Len = 2, Fixed32Type = 5;

        private ReadOnlySpan<byte> _data = data;

        public readonly bool More => !_data.IsEmpty;

        public (int Field, int Type) Tag()
        {
            var tag = ReadVarint("tag");
            var field = tag >> 3;
            if (field is 0 or > 536_870_911) throw new FormatException($"protobuf: número de campo inválido ({field}).");
            return ((int)field, (int)(tag & 7));
        }

        public ulong Varint() => ReadVarint("varint");

        public ulong Fixed64()
        {
            if (_data.Length < 8) throw new FormatException("protobuf: fixed64 cortado.");
            var value = BinaryPrimitives.ReadUInt64LittleEndian(_data);
            _data = _data[8..];
            return value;
        }

        public ReadOnlySpan<byte> Bytes(string field)
        {
            var length = ReadVarint(field);
            if (length > (ulong)_data.Length) throw new FormatException($"protobuf: el campo {field} dice {length} bytes y quedan {_data.Length}.");
            var bytes = _data[..(int)length];
            _data = _data[(int)length..];
            return bytes;
        }

        public string String(string field)
        {
            var bytes = Bytes(field);
            try
            {
                return Strict.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new FormatException($"protobuf: el campo {field} no es UTF-8 válido.");
            }
        }

        public void Skip(int type, string message)
        {
            switch (type)
            {
                case VarintType: ReadVarint(message); break;
                case Fixed64Type: Fixed64(); break;
                case Len: Bytes(message); break;
                case Fixed32Type:
                    if (_data.Length < 4) throw new FormatException($"protobuf: fixed32 cortado en {message}.");
                    _data = _data[4..];
                    break;
                default: throw new FormatException($"protobuf: tipo de campo {type} no admitido en {message} (grupos u otro formato).");
            }
        }

        private ulong ReadVarint(string field)
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_data.IsEmpty) throw new FormatException($"protobuf: varint cortado en {field}.");
                var b = _data[0];
                _data = _data[1..];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new FormatException($"protobuf: varint de más de 10 bytes en {field}.");
        }
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // --- JSON ----------------------------------------------------------------------------------------------------------

    /// <summary>Reads OTLP's JSON encoding (<c>{"resourceLogs":[…]}</c>, lowerCamelCase, 64-bit integers as strings or numbers, ids in hex).</summary>
    /// <exception cref="FormatException">Not a valid request; the message names the field.</exception>
    public static OtlpBatch ReadJson(ReadOnlySpan<byte> body, int maxLineBytes, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new FormatException("JSON inválido: " + ex.Message);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("resourceLogs: se esperaba un objeto {\"resourceLogs\": [...]}.");
            var records = new List<LogRecord>();
            var truncated = 0;
            foreach (var resourceLogs in Array(root, "resourceLogs"))
            {
                var resource = new List<KeyValuePair<string, string>>();
                if (Object(resourceLogs, "resource") is { } r)
                    foreach (var kv in Array(r, "attributes")) resource.Add(JsonKeyValue(kv, "resource.attributes", 0));
                foreach (var scopeLogs in Array(resourceLogs, "scopeLogs"))
                {
                    var scope = Object(scopeLogs, "scope") is { } s ? Text(s, "name", "scope.name") : null;
                    foreach (var log in Array(scopeLogs, "logRecords"))
                    {
                        if (log.ValueKind != JsonValueKind.Object) throw new FormatException("logRecords: cada elemento debe ser un objeto.");
                        var attributes = Array(log, "attributes").Select(kv => JsonKeyValue(kv, "logRecords.attributes", 0)).ToList();
                        var severity = log.TryGetProperty("severityNumber", out var sn) ? SeverityNumber(sn) : 0;
                        var text = log.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object ? JsonAnyValue(b, "logRecords.body", 0) : null;
                        var time = Nanos(log, "timeUnixNano");
                        records.Add(Build(time != 0 ? time : Nanos(log, "observedTimeUnixNano"), severity, Text(log, "severityText", "logRecords.severityText"),
                            text ?? Text(log, "eventName", "logRecords.eventName") ?? "", resource, attributes, scope,
                            Hex(log, "traceId"), Hex(log, "spanId"), maxLineBytes, now, out var cut));
                        if (cut) truncated++;
                    }
                }
            }
            return new OtlpBatch(records, truncated);
        }
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return default;
        if (value.ValueKind != JsonValueKind.Array) throw new FormatException($"{name}: se esperaba una lista.");
        return value.EnumerateArray();
    }

    private static JsonElement? Object(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) throw new FormatException($"{name}: se esperaba un objeto.");
        return value;
    }

    private static string? Text(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new FormatException($"{field}: se esperaba un texto.");
        return value.GetString();
    }

    private static ulong Nanos(JsonElement log, string name)
    {
        if (!log.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return 0;
        if (value.ValueKind == JsonValueKind.String && ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) return s;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var n)) return n;
        throw new FormatException($"logRecords.{name}: se esperaban nanosegundos desde 1970 (entero sin signo, como texto o número).");
    }

    private static int SeverityNumber(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n is >= 0 and <= 24) return n;
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } name && name.StartsWith("SEVERITY_NUMBER_", StringComparison.Ordinal))
        {
            var rest = name["SEVERITY_NUMBER_".Length..];
            string[] bases = ["UNSPECIFIED", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
            var digits = rest.TrimStart('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z');
            var word = rest[..(rest.Length - digits.Length)];
            var index = System.Array.IndexOf(bases, word);
            var offset = digits.Length == 0 ? 1 : int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var o) && o is >= 2 and <= 4 ? o : -1;
            if (index == 0 && digits.Length == 0) return 0;
            if (index > 0 && offset > 0) return (index - 1) * 4 + offset;
        }
        throw new FormatException("logRecords.severityNumber: se esperaba un número de 0 a 24 o un nombre SEVERITY_NUMBER_*.");
    }

    private static string? Hex(JsonElement log, string name)
    {
        var text = Text(log, name, "logRecords." + name);
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > 64 || !text.All(Uri.IsHexDigit)) throw new FormatException($"logRecords.{name}: se esperaba un identificador en hexadecimal.");
        return text.ToLowerInvariant();
    }

    private static KeyValuePair<string, string> JsonKeyValue(JsonElement kv, string field, int depth)
    {
        if (kv.ValueKind != JsonValueKind.Object) throw new FormatException($"{field}: cada atributo es {{\"key\": ..., \"value\": {{...}}}}.");
        var key = Text(kv, "key", field + ".key") ?? "";
        var value = kv.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Object ? JsonAnyValue(v, field + ".value", depth + 1) : "";
        return KeyValuePair.Create(key, value);
    }

    private static string JsonAnyValue(JsonElement value, string field, int depth)
    {
        if (depth > MaxDepth) throw new FormatException($"{field}: más de 8 niveles de anidamiento.");
        foreach (var property in value.EnumerateObject())
        {
            var v = property.Value;
            switch (property.Name)
            {
                case "stringValue" when v.ValueKind == JsonValueKind.String: return v.GetString()!;
                case "boolValue" when v.ValueKind is JsonValueKind.True or JsonValueKind.False: return v.GetBoolean() ? "true" : "false";
                case "intValue" when v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i):
                    return i.ToString(CultureInfo.InvariantCulture);
                case "intValue" when v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var i2): return i2.ToString(CultureInfo.InvariantCulture);
                case "doubleValue" when v.ValueKind == JsonValueKind.Number: return v.GetDouble().ToString("R", CultureInfo.InvariantCulture);
                case "bytesValue" when v.ValueKind == JsonValueKind.String: return v.GetString()!;
                case "arrayValue" when v.ValueKind == JsonValueKind.Object:
                    return JsonSerializer.Serialize(Array(v, "values").Select(x => x.ValueKind == JsonValueKind.Object ? JsonAnyValue(x, field, depth + 1) : "").ToList());
                case "kvlistValue" when v.ValueKind == JsonValueKind.Object:
                    var map = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var kv in Array(v, "values"))
                    {
                        var (k, text) = JsonKeyValue(kv, field, depth + 1);
                        map.TryAdd(k, text);
                    }
                    return JsonSerializer.Serialize(map);
                case "stringValue" or "boolValue" or "intValue" or "doubleValue" or "bytesValue" or "arrayValue" or "kvlistValue":
                    throw new FormatException($"{field}.{property.Name}: tipo de valor inválido.");
            }
        }
        return "";
    }

    // --- both ----------------------------------------------------------------------------------------------------------

    private static LogRecord Build(ulong unixNanos, int severity, string? severityText, string body,
        List<KeyValuePair<string, string>> resource, List<KeyValuePair<string, string>> attributes, string? scope,
        string? traceId, string? spanId, int maxLineBytes, DateTimeOffset now, out bool cut)
    {
        string? service = null, correlation = null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in resource.Concat(attributes))
        {
            var name = LabelName(key);
            if (name.Length == 0) continue;
            switch (name)
            {
                case LogRecord.ServiceLabel: service ??= value.Length > 0 ? Cut(value, MaxLabelName) : null; continue;
                case LogRecord.CorrelationLabel: correlation ??= value.Length > 0 ? Cut(value, MaxLabelName) : null; continue;
                case LogRecord.LevelLabel: continue;
            }
            if (labels.Count < MaxLabels) labels.TryAdd(name, Cut(value, MaxLabelValue));
        }
        if (severityText is { Length: > 0 }) labels.TryAdd("severity_text", Cut(severityText, MaxLabelName));
        if (scope is { Length: > 0 }) labels.TryAdd("scope_name", Cut(scope, MaxLabelValue));
        if (traceId is not null) labels.TryAdd("trace_id", traceId);
        if (spanId is not null) labels.TryAdd("span_id", spanId);

        // A time of 0 (unset) is the time it arrived; a time past 2262 does not fit in a long of nanoseconds.
        var nanos = unixNanos is 0 or > long.MaxValue ? Services.LogQl.Nanos(now) : (long)unixNanos;
        var line = body.Replace('\0', '\uFFFD');
        cut = Encoding.UTF8.GetByteCount(line) > maxLineBytes;
        if (cut) line = CutBytes(line, maxLineBytes);
        return new LogRecord(nanos, service ?? UnknownService, LogRecord.LevelOf(severity) ?? LogRecord.LevelOf(severityText), correlation, line, labels);
    }

    /// <summary>The name Loki 3 gives an OTLP attribute: characters outside [A-Za-z0-9_] become '_' (so dots do), cut to 128.</summary>
    public static string LabelName(string key)
    {
        if (string.IsNullOrEmpty(key)) return "";
        var chars = key.Length > MaxLabelName ? key[..MaxLabelName].ToCharArray() : key.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_') chars[i] = '_';
        return new string(chars);
    }

    private static string Cut(string value, int max) => (value.Length > max ? value[..max] : value).Replace('\0', '\uFFFD');

    private static string CutBytes(string line, int maxBytes)
    {
        var total = Encoding.UTF8.GetByteCount(line);
        var marker = $" … [línea cortada: {total} bytes]";
        var budget = Math.Max(0, maxBytes - Encoding.UTF8.GetByteCount(marker));
        var length = 0;
        var bytes = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > budget) break;
            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }
        return line[..length] + marker;
    }
}
