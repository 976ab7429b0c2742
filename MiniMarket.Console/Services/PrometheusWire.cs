using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniMarket.Console.Services;

/// <summary>
/// The JSON that Prometheus' <c>/api/v1</c> answers, inside <see cref="ApiEnvelope"/>'s <c>data</c>, as records
/// read by System.Text.Json (<see cref="ObservabilityJson"/>).
/// Only what the console reads; a property Prometheus leaves out is null. Times stay strings (Prometheus writes nine
/// fractional digits) and are parsed by the client.
/// </summary>
internal static class PrometheusWire
{
    public sealed record TargetList(IReadOnlyList<Target>? ActiveTargets);

    public sealed record Target(
        Dictionary<string, string>? Labels, string? ScrapePool, string? ScrapeUrl, string? Health, string? LastScrape, double? LastScrapeDuration, string? LastError);

    /// <summary><c>/query</c>: <c>result</c> is a list of samples for a vector, one point for a scalar.</summary>
    public sealed record QueryData(string? ResultType, JsonElement Result);

    public sealed record Sample(Dictionary<string, string>? Metric, Point Value);

    public sealed record QueryRangeData(string? ResultType, IReadOnlyList<Series> Result);

    public sealed record Series(Dictionary<string, string>? Metric, IReadOnlyList<Point> Values);

    public sealed record RuleList(IReadOnlyList<RuleGroup> Groups);

    public sealed record RuleGroup(string? Name, IReadOnlyList<Rule> Rules);

    public sealed record Rule(
        string? Name, string? Query, double? Duration, Dictionary<string, string>? Labels, Dictionary<string, string>? Annotations,
        string? State, string? Health, string? LastError, IReadOnlyList<Alert>? Alerts);

    public sealed record AlertList(IReadOnlyList<Alert> Alerts);

    /// <summary><c>value</c> is a string, like a sample's ("1e+00", "NaN").</summary>
    public sealed record Alert(Dictionary<string, string>? Labels, Dictionary<string, string>? Annotations, string? State, string? ActiveAt, string? Value);

    /// <summary>A sample: <c>[unix seconds as a number, value as a string]</c>.</summary>
    [JsonConverter(typeof(PointConverter))]
    public readonly record struct Point(DateTimeOffset Timestamp, double Value);

    private sealed class PointConverter : JsonConverter<Point>
    {
        public override Point Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("un punto es [tiempo, \"valor\"]");
            reader.Read();
            var seconds = reader.GetDouble();
            reader.Read();
            var value = PromQl.ParseValue(reader.GetString() ?? "NaN");
            reader.Read();
            if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("un punto tiene dos elementos");
            return new Point(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)), value);
        }

        public override void Write(Utf8JsonWriter writer, Point value, JsonSerializerOptions options) =>
            throw new NotSupportedException("the console only reads Prometheus' points");
    }
}
