using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniMarket.Console.Services;

/// <summary>
/// The JSON of Loki's <c>/loki/api/v1/query_range</c>, inside <see cref="ApiEnvelope"/>'s <c>data</c>, as records read by
/// System.Text.Json (<see cref="ObservabilityJson"/>).
/// </summary>
internal static class LokiWire
{
    private static readonly string[] MetadataCategories = ["structuredMetadata", "parsed"];

    /// <summary><c>result</c> is a list of <see cref="Stream"/>s when <c>resultType</c> is streams (a metric query gives a matrix).</summary>
    public sealed record QueryData(string? ResultType, JsonElement? Result, IReadOnlyList<string>? Warnings);

    /// <summary>One stream: its labels (<c>stream</c>) and its lines.</summary>
    public sealed record Stream([property: JsonPropertyName("stream")] Dictionary<string, JsonElement>? Labels, IReadOnlyList<Entry>? Values);

    /// <summary>
    /// One line: <c>["nanoseconds as a string", "line", {metadata}?]</c>. The metadata is <c>{structuredMetadata:{…}, parsed:{…}}</c>
    /// when categorize-labels is on, or a flat map; either way it is read into one map of strings.
    /// </summary>
    [JsonConverter(typeof(EntryConverter))]
    public sealed record Entry(long UnixNanos, string Line, IReadOnlyDictionary<string, string> Metadata);

    /// <summary>Label values as strings; a number or a boolean as its JSON text; objects and arrays are left out.</summary>
    public static Dictionary<string, string> Strings(IEnumerable<KeyValuePair<string, JsonElement>>? map)
    {
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in map ?? [])
        {
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) continue;
            strings.TryAdd(name, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
        }
        return strings;
    }

    private sealed class EntryConverter : JsonConverter<Entry>
    {
        public override Entry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("una línea es [\"nanosegundos\", \"línea\", {metadatos}]");
            reader.Read();
            // Nanoseconds as a string: a double would lose the last digits.
            var nanos = long.Parse(reader.GetString() ?? "", NumberStyles.None, CultureInfo.InvariantCulture);
            reader.Read();
            var line = reader.GetString() ?? "";
            reader.Read();
            IReadOnlyDictionary<string, string> metadata = new Dictionary<string, string>();
            if (reader.TokenType != JsonTokenType.EndArray)
            {
                var extra = JsonElement.ParseValue(ref reader);
                if (extra.ValueKind == JsonValueKind.Object) metadata = Metadata(extra);
                reader.Read();
            }
            while (reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
                reader.Read();
            }
            return new Entry(nanos, line, metadata);
        }

        public override void Write(Utf8JsonWriter writer, Entry value, JsonSerializerOptions options) =>
            throw new NotSupportedException("the console only reads Loki's lines");

        private static Dictionary<string, string> Metadata(JsonElement extra)
        {
            var categories = MetadataCategories
                .Select(c => extra.TryGetProperty(c, out var map) && map.ValueKind == JsonValueKind.Object ? map : (JsonElement?)null)
                .OfType<JsonElement>().ToList();
            if (categories.Count == 0) return Strings(extra.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)));
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var category in categories)
            {
                foreach (var (name, value) in Strings(category.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)))) merged.TryAdd(name, value);
            }
            return merged;
        }
    }
}
