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
        return envelope.Map<PrometheusWire.TargetList, IReadOnlyList<ScrapeTarget>>(data => (data.ActiveTargets ?? []).Select(t => new ScrapeTarget(
            Labels(t.Labels),
            t.ScrapePool ?? "",
            t.ScrapeUrl ?? "",
            t.Health is { Length: > 0 } health ? health : "unknown",
            ParseScrapeTime(t.LastScrape),
            t.LastScrapeDuration is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null,
            t.LastError is { Length: > 0 } error ? error : null)).ToList());
    }

    public async Task<SourceResult<IReadOnlyList<PromSample>>> QueryAsync(string promQl, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
    {
        var form = new Dictionary<string, string> { ["query"] = promQl };
        if (time is { } t) form["time"] = PromQl.UnixSeconds(t);
        var envelope = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v1/query") { Content = new FormUrlEncodedContent(form) }, cancellationToken);
        return envelope.Map<PrometheusWire.QueryData, IReadOnlyList<PromSample>>(data => data.ResultType switch
        {
            "vector" => ObservabilityJson.Read<List<PrometheusWire.Sample>>(data.Result).Select(s => new PromSample(Labels(s.Metric), s.Value.Timestamp, s.Value.Value)).ToList(),
            "scalar" when ObservabilityJson.Read<PrometheusWire.Point>(data.Result) is var point => [new PromSample(new Dictionary<string, string>(), point.Timestamp, point.Value)],
            _ => throw new FormatException($"Se esperaba un vector y llegó '{data.ResultType}'."),
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
        return envelope.Map<PrometheusWire.QueryRangeData, IReadOnlyList<PromSeries>>(data => (data.Result ?? throw new FormatException("falta 'result'"))
            .Select(series => new PromSeries(
                Labels(series.Metric),
                (series.Values ?? throw new FormatException("una serie sin 'values'")).Select(p => (p.Timestamp, p.Value)).ToList())).ToList());
    }

    public async Task<SourceResult<IReadOnlyList<AlertingRule>>> GetAlertingRulesAsync(CancellationToken cancellationToken = default)
    {
        var envelope = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/rules?type=alert"), cancellationToken);
        return envelope.Map<PrometheusWire.RuleList, IReadOnlyList<AlertingRule>>(data => (data.Groups ?? throw new FormatException("falta 'groups'"))
            .SelectMany(group => (group.Rules ?? []).Select(rule => new AlertingRule(
                rule.Name ?? "",
                group.Name ?? "",
                rule.Query ?? "",
                TimeSpan.FromSeconds(rule.Duration ?? 0),
                Labels(rule.Labels),
                Labels(rule.Annotations),
                rule.State is { Length: > 0 } state ? state : "inactive",
                rule.Health is { Length: > 0 } health ? health : "unknown",
                rule.LastError is { Length: > 0 } error ? error : null,
                (rule.Alerts ?? []).Select(ToAlert).ToList())))
            .ToList());
    }

    public async Task<SourceResult<IReadOnlyList<PromAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default)
    {
        var envelope = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/alerts"), cancellationToken);
        return envelope.Map<PrometheusWire.AlertList, IReadOnlyList<PromAlert>>(data =>
            (data.Alerts ?? throw new FormatException("falta 'alerts'")).Select(ToAlert).ToList());
    }

    private static PromAlert ToAlert(PrometheusWire.Alert alert) => new(
        Labels(alert.Labels),
        Labels(alert.Annotations),
        alert.State ?? "",
        ParseScrapeTime(alert.ActiveAt),
        alert.Value is { Length: > 0 } value ? PromQl.ParseValue(value) : double.NaN);

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

    private static DateTimeOffset? ParseScrapeTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) && t.Year > 1 ? t : null;

    private static Dictionary<string, string> Labels(Dictionary<string, string>? labels) =>
        labels is null ? new(StringComparer.Ordinal) : new(labels, StringComparer.Ordinal);

    /// <summary>The envelope of one answer: <c>data</c> kept as JSON until read as the endpoint's type.</summary>
    private sealed class Envelope
    {
        private JsonElement _data;
        private SourceError? _error;
        private IReadOnlyList<string> _warnings = [];

        public static Envelope Failed(SourceError error) => new() { _error = error };

        public static Envelope Parse(string body, HttpStatusCode status)
        {
            ApiEnvelope? wire;
            try
            {
                wire = JsonSerializer.Deserialize<ApiEnvelope>(body, ObservabilityJson.Options);
            }
            catch (JsonException)
            {
                var snippet = body.Length > 120 ? body[..120] + "…" : body;
                return Failed(new SourceError(SourceErrorKind.Unreachable,
                    $"Prometheus (o un proxy delante) respondió HTTP {(int)status} con algo que no es la API: {snippet.ReplaceLineEndings(" ")}",
                    HttpStatus: (int)status));
            }
            if (wire?.Status is null)
                return Failed(new SourceError(SourceErrorKind.Unreachable, $"Respuesta sin el sobre de la API (HTTP {(int)status}).", HttpStatus: (int)status));
            var envelope = new Envelope { _warnings = wire.Warnings ?? [] };
            if (wire.Status != "success")
            {
                envelope._error = new SourceError(SourceErrorKind.ApiError,
                    wire.Error is { Length: > 0 } e ? e : "error sin detalle", wire.ErrorType is { Length: > 0 } type ? type : "", (int)status);
                return envelope;
            }
            if (wire.Data is not { ValueKind: JsonValueKind.Object } data)
                envelope._error = new SourceError(SourceErrorKind.Unreachable, "Respuesta 'success' sin 'data'.", HttpStatus: (int)status);
            else
                envelope._data = data;
            return envelope;
        }

        /// <summary>Reads <c>data</c> as <typeparamref name="TData"/> and maps it; a shape that does not fit is an error, not an exception.</summary>
        public SourceResult<T> Map<TData, T>(Func<TData, T> map)
        {
            if (_error is not null) return SourceResult<T>.Failure(_error);
            try
            {
                return SourceResult<T>.Success(map(ObservabilityJson.Read<TData>(_data)), _warnings);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or OverflowException)
            {
                return SourceResult<T>.Failure(new SourceError(SourceErrorKind.Unreachable, "Respuesta de Prometheus con forma inesperada: " + ex.Message));
            }
        }
    }
}
