using System.Globalization;
using System.Net;
using System.Text.Json;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>Reads Prometheus over its HTTP API. Never throws for a source problem: see <see cref="SourceResult{T}"/>.</summary>
public interface IPrometheusClient
{
    Task<SourceResult<IReadOnlyList<ScrapeTarget>>> GetTargetsAsync(CancellationToken cancellationToken = default);
    Task<SourceResult<IReadOnlyList<PromSample>>> QueryAsync(string promQl, DateTimeOffset? time = null, CancellationToken cancellationToken = default);
    Task<SourceResult<IReadOnlyList<PromSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default);

    /// <summary>The alerting rules (<c>/api/v1/rules?type=alert</c>) with their state and active alerts.</summary>
    Task<SourceResult<IReadOnlyList<AlertingRule>>> GetAlertingRulesAsync(CancellationToken cancellationToken = default);

    /// <summary>Pending and firing alerts as Prometheus sees them (<c>/api/v1/alerts</c>): the fallback when Alertmanager is unreachable.</summary>
    Task<SourceResult<IReadOnlyList<PromAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Typed client for Prometheus' <c>/api/v1</c>: reads the envelope (status, data, errorType, error, warnings),
/// parses sample values as strings with the invariant culture, sends queries as POST form bodies, and turns an
/// unreachable server or a non-JSON answer (a proxy's page) into an "unreachable" result with the reason.
/// </summary>
public sealed class PrometheusClient(HttpClient http) : IPrometheusClient
{
    public async Task<SourceResult<IReadOnlyList<ScrapeTarget>>> GetTargetsAsync(CancellationToken cancellationToken = default)
    {
        var envelope = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/targets?state=active"), cancellationToken);
        return envelope.Map<IReadOnlyList<ScrapeTarget>>(data =>
        {
            var targets = new List<ScrapeTarget>();
            if (data.TryGetProperty("activeTargets", out var active) && active.ValueKind == JsonValueKind.Array)
            {
                foreach (var t in active.EnumerateArray())
                {
                    targets.Add(new ScrapeTarget(
                        Labels(t, "labels"),
                        t.GetStringOrEmpty("scrapePool"),
                        t.GetStringOrEmpty("scrapeUrl"),
                        t.GetStringOrEmpty("health") is { Length: > 0 } health ? health : "unknown",
                        ParseScrapeTime(t.GetStringOrEmpty("lastScrape")),
                        t.TryGetProperty("lastScrapeDuration", out var d) && d.ValueKind == JsonValueKind.Number && d.GetDouble() > 0
                            ? TimeSpan.FromSeconds(d.GetDouble()) : null,
                        t.GetStringOrEmpty("lastError") is { Length: > 0 } error ? error : null));
                }
            }
            return targets;
        });
    }

    public async Task<SourceResult<IReadOnlyList<PromSample>>> QueryAsync(string promQl, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
    {
        var form = new Dictionary<string, string> { ["query"] = promQl };
        if (time is { } t) form["time"] = PromQl.UnixSeconds(t);
        var envelope = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v1/query") { Content = new FormUrlEncodedContent(form) }, cancellationToken);
        return envelope.Map<IReadOnlyList<PromSample>>(data =>
        {
            var type = data.GetStringOrEmpty("resultType");
            var result = data.GetProperty("result");
            return type switch
            {
                "vector" => result.EnumerateArray().Select(item =>
                {
                    var (ts, value) = ParsePoint(item.GetProperty("value"));
                    return new PromSample(Labels(item, "metric"), ts, value);
                }).ToList(),
                "scalar" => [new PromSample(new Dictionary<string, string>(), ParsePoint(result).Timestamp, ParsePoint(result).Value)],
                _ => throw new FormatException($"Se esperaba un vector y llegó '{type}'."),
            };
        });
    }

    public async Task<SourceResult<IReadOnlyList<PromSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        if (end <= start) throw new ArgumentException("end must be after start", nameof(end));
        if ((end - start).TotalSeconds / step.TotalSeconds > PromQl.MaxPointsPerSeries)
            throw new ArgumentException($"step {step} gives more than {PromQl.MaxPointsPerSeries} points: use PromQl.Step", nameof(step));
        var form = new Dictionary<string, string>
        {
            ["query"] = promQl,
            ["start"] = PromQl.UnixSeconds(start),
            ["end"] = PromQl.UnixSeconds(end),
            ["step"] = step.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
        };
        var envelope = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v1/query_range") { Content = new FormUrlEncodedContent(form) }, cancellationToken);
        return envelope.Map<IReadOnlyList<PromSeries>>(data =>
            data.GetProperty("result").EnumerateArray().Select(series => new PromSeries(
                Labels(series, "metric"),
                series.GetProperty("values").EnumerateArray().Select(ParsePoint).ToList())).ToList());
    }

    public async Task<SourceResult<IReadOnlyList<AlertingRule>>> GetAlertingRulesAsync(CancellationToken cancellationToken = default)
    {
        var envelope = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/rules?type=alert"), cancellationToken);
        return envelope.Map<IReadOnlyList<AlertingRule>>(data => data.GetProperty("groups").EnumerateArray()
            .SelectMany(group => group.GetProperty("rules").EnumerateArray().Select(rule => new AlertingRule(
                rule.GetStringOrEmpty("name"),
                group.GetStringOrEmpty("name"),
                rule.GetStringOrEmpty("query"),
                TimeSpan.FromSeconds(rule.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : 0),
                Labels(rule, "labels"),
                Labels(rule, "annotations"),
                rule.GetStringOrEmpty("state") is { Length: > 0 } state ? state : "inactive",
                rule.GetStringOrEmpty("health") is { Length: > 0 } health ? health : "unknown",
                rule.GetStringOrEmpty("lastError") is { Length: > 0 } error ? error : null,
                rule.TryGetProperty("alerts", out var alerts) && alerts.ValueKind == JsonValueKind.Array
                    ? alerts.EnumerateArray().Select(ParseAlert).ToList() : [])))
            .ToList());
    }

    public async Task<SourceResult<IReadOnlyList<PromAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default)
    {
        var envelope = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/alerts"), cancellationToken);
        return envelope.Map<IReadOnlyList<PromAlert>>(data => data.GetProperty("alerts").EnumerateArray().Select(ParseAlert).ToList());
    }

    private static PromAlert ParseAlert(JsonElement alert) => new(
        Labels(alert, "labels"),
        Labels(alert, "annotations"),
        alert.GetStringOrEmpty("state"),
        ParseScrapeTime(alert.GetStringOrEmpty("activeAt")),
        // A string in Prometheus' alerts ("1e+00", "NaN"); parsed like any sample.
        alert.GetStringOrEmpty("value") is { Length: > 0 } value ? PromQl.ParseValue(value) : double.NaN);

    private async Task<Envelope> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not ArgumentException)
            {
                return Envelope.Failed(new SourceError(SourceErrorKind.Unreachable, Describe(ex)));
            }
            using (response)
            {
                string body;
                try
                {
                    body = await response.Content.ReadAsStringAsync(cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && CallFailures.IsUnavailable(ex))
                {
                    return Envelope.Failed(new SourceError(SourceErrorKind.Unreachable, Describe(ex)));
                }
                return Envelope.Parse(body, response.StatusCode);
            }
        }
    }

    private static string Describe(Exception ex) => CallFailures.Describe("Prometheus", ex);

    private static DateTimeOffset? ParseScrapeTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) && t.Year > 1 ? t : null;

    private static (DateTimeOffset Timestamp, double Value) ParsePoint(JsonElement pair)
    {
        var seconds = pair[0].GetDouble();
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        return (timestamp, PromQl.ParseValue(pair[1].GetString() ?? "NaN"));
    }

    private static Dictionary<string, string> Labels(JsonElement element, string property)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(property, out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in map.EnumerateObject()) labels[label.Name] = label.Value.GetString() ?? "";
        }
        return labels;
    }

    /// <summary>The parsed envelope of one answer, kept as a JSON document until mapped.</summary>
    private sealed class Envelope
    {
        private JsonElement _data;
        private SourceError? _error;
        private IReadOnlyList<string> _warnings = [];

        public static Envelope Failed(SourceError error) => new() { _error = error };

        public static Envelope Parse(string body, HttpStatusCode status)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                var snippet = body.Length > 120 ? body[..120] + "…" : body;
                return Failed(new SourceError(SourceErrorKind.Unreachable,
                    $"Prometheus (o un proxy delante) respondió HTTP {(int)status} con algo que no es la API: {snippet.ReplaceLineEndings(" ")}",
                    HttpStatus: (int)status));
            }
            using (document)
            {
                var root = document.RootElement.Clone();
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var statusElement))
                    return Failed(new SourceError(SourceErrorKind.Unreachable, $"Respuesta sin el sobre de la API (HTTP {(int)status}).", HttpStatus: (int)status));
                var envelope = new Envelope
                {
                    _warnings = root.TryGetProperty("warnings", out var w) && w.ValueKind == JsonValueKind.Array
                        ? w.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [],
                };
                if (statusElement.GetString() != "success")
                {
                    envelope._error = new SourceError(SourceErrorKind.ApiError,
                        root.GetStringOrEmpty("error") is { Length: > 0 } e ? e : "error sin detalle",
                        root.GetStringOrEmpty("errorType"), (int)status);
                    return envelope;
                }
                if (!root.TryGetProperty("data", out envelope._data))
                    envelope._error = new SourceError(SourceErrorKind.Unreachable, "Respuesta 'success' sin 'data'.", HttpStatus: (int)status);
                return envelope;
            }
        }

        public SourceResult<T> Map<T>(Func<JsonElement, T> map)
        {
            if (_error is not null) return SourceResult<T>.Failure(_error);
            try
            {
                return SourceResult<T>.Success(map(_data), _warnings);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or OverflowException)
            {
                return SourceResult<T>.Failure(new SourceError(SourceErrorKind.Unreachable, "Respuesta de Prometheus con forma inesperada: " + ex.Message));
            }
        }
    }
}

internal static class JsonElementExtensions
{
    public static string GetStringOrEmpty(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? "" : "";
}
