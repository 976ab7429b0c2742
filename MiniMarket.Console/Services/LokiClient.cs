using System.Globalization;
using System.Net;
using System.Text.Json;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>
/// Typed client for Loki's <c>/loki/api/v1</c>. Reads the body whatever its Content-Type (some versions label JSON
/// as text/plain); Loki's refusals are plain text (400, 429, 499, 504, 5xx) and become <see cref="SourceErrorKind.ApiError"/>
/// with the text; an unreachable server or a proxy's HTML page becomes <see cref="SourceErrorKind.Unreachable"/>.
/// A multi-tenant Loki needs <c>X-Scope-OrgID</c>: the DI registration sets it as a default request header of the
/// HttpClient (with the BaseAddress, ending in '/'), so this client has the single-HttpClient constructor a typed client needs.
/// </summary>
public sealed class LokiClient(HttpClient http) : ILogSource
{
    /// <summary>Loki's default <c>max_entries_limit_per_query</c>: above it Loki answers 400.</summary>
    public const int MaxLimit = 5000;

    public bool Configured => true;

    public string Name => "Loki";

    public async Task<SourceResult<LogPage>> QueryRangeAsync(string logQl, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logQl);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        if (end <= start) throw new ArgumentException("end must be after start", nameof(end));

        var uri = "loki/api/v1/query_range?query=" + Uri.EscapeDataString(logQl)
            + "&start=" + LogQl.UnixNanos(start)
            + "&end=" + LogQl.UnixNanos(end)
            + "&limit=" + limit.ToString(CultureInfo.InvariantCulture)
            + "&direction=backward";
        var answer = await SendAsync(uri, cancellationToken);
        if (answer.Error is { } error) return SourceResult<LogPage>.Failure(error);

        var read = answer.Read<LokiWire.QueryData>();
        if (read.Value is not { } data) return SourceResult<LogPage>.Failure(read.Error!);
        if (data.ResultType is { Length: > 0 } type && type != "streams")
        {
            return SourceResult<LogPage>.Failure(new SourceError(SourceErrorKind.ApiError,
                $"Loki devolvió '{type}' y se esperaba streams: la consulta es de métricas, no de líneas de log.", HttpStatus: answer.Status));
        }
        if (data.ResultType is null or "" || data.Result is not { } result) return answer.Unexpected<LogPage>(data.ResultType is null or "" ? "falta 'resultType'" : "falta 'result'");
        List<LokiWire.Stream> streams;
        try
        {
            streams = ObservabilityJson.Read<List<LokiWire.Stream>>(result);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            return answer.Unexpected<LogPage>(ex.Message);
        }
        return SourceResult<LogPage>.Success(ToPage(streams, limit), [.. read.Warnings, .. data.Warnings ?? []]);
    }

    public async Task<SourceResult<IReadOnlyList<string>>> LabelValuesAsync(string label, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (end <= start) throw new ArgumentException("end must be after start", nameof(end));

        var uri = "loki/api/v1/label/" + Uri.EscapeDataString(label) + "/values"
            + "?start=" + LogQl.UnixNanos(start)
            + "&end=" + LogQl.UnixNanos(end);
        var answer = await SendAsync(uri, cancellationToken);
        // Some versions leave "data" out when there are no values.
        var read = answer.Read<List<string?>>(whenMissing: []);
        if (read.Value is not { } values) return SourceResult<IReadOnlyList<string>>.Failure(read.Error!);
        return SourceResult<IReadOnlyList<string>>.Success(values
            .Select(v => v ?? "")
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList(), read.Warnings);
    }

    private static LogPage ToPage(IReadOnlyList<LokiWire.Stream> streams, int limit)
    {
        var entries = new List<LogEntry>();
        foreach (var stream in streams)
        {
            var labels = LokiWire.Strings(stream.Labels);
            foreach (var value in stream.Values ?? [])
            {
                // Stream labels win a clash (Loki renames such parsed labels _extracted anyway).
                var entryLabels = value.Metadata.Count == 0 ? labels : WithMetadata(labels, value.Metadata);
                entries.Add(new LogEntry(value.UnixNanos, value.Line, entryLabels));
            }
        }
        // OrderByDescending is stable: equal timestamps keep Loki's order.
        return new LogPage(entries.OrderByDescending(e => e.UnixNanos).ToList(), entries.Count >= limit);
    }

    private static Dictionary<string, string> WithMetadata(Dictionary<string, string> streamLabels, IReadOnlyDictionary<string, string> metadata)
    {
        var merged = new Dictionary<string, string>(streamLabels, StringComparer.Ordinal);
        foreach (var (name, value) in metadata) merged.TryAdd(name, value);
        return merged.Count == streamLabels.Count ? streamLabels : merged;
    }

    private async Task<Answer> SendAsync(string relativeUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUri);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not ArgumentException)
        {
            return Answer.Failed(new SourceError(SourceErrorKind.Unreachable, Describe(ex)));
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
                return Answer.Failed(new SourceError(SourceErrorKind.Unreachable, Describe(ex)));
            }
            return Answer.Parse(body, response.StatusCode);
        }
    }

    private static string Describe(Exception ex) => CallFailures.Describe("Loki", ex);

    /// <summary>The parsed answer: the envelope's <c>data</c> (JSON until read as the endpoint's record), or why there is none.</summary>
    private sealed class Answer
    {
        private const int MaxErrorText = 300;

        public JsonElement Data { get; private init; }
        public SourceError? Error { get; private init; }
        public int Status { get; private init; }
        private List<string> Warnings { get; init; } = [];

        public static Answer Failed(SourceError error) => new() { Error = error, Status = error.HttpStatus ?? 0 };

        public static Answer Parse(string body, HttpStatusCode statusCode)
        {
            var status = (int)statusCode;
            var success = status is >= 200 and <= 299;
            var text = body.Trim();

            if (text.StartsWith('<'))
            {
                return Failed(new SourceError(SourceErrorKind.Unreachable,
                    $"Loki (o un proxy delante) respondió HTTP {status} con algo que no es la API: {Snippet(text, 120)}", HttpStatus: status));
            }
            if (text.Length == 0)
            {
                return Failed(success
                    ? new SourceError(SourceErrorKind.Unreachable, $"Loki respondió HTTP {status} sin cuerpo.", HttpStatus: status)
                    : new SourceError(status is 502 or 503 or 504 ? SourceErrorKind.Unreachable : SourceErrorKind.ApiError,
                        $"Loki respondió HTTP {status} sin detalle.", HttpStatus: status));
            }

            ApiEnvelope? envelope = null;
            try
            {
                envelope = JsonSerializer.Deserialize<ApiEnvelope>(text, ObservabilityJson.Options);
            }
            catch (JsonException)
            {
                // Plain text: Loki's own refusals, or something else answering with 2xx.
            }
            if (envelope is null)
            {
                return Failed(success
                    ? new SourceError(SourceErrorKind.Unreachable, $"Loki (o un proxy delante) respondió HTTP {status} con algo que no es la API: {Snippet(text, 120)}", HttpStatus: status)
                    : new SourceError(SourceErrorKind.ApiError, $"Loki respondió HTTP {status}: {Snippet(text, MaxErrorText)}", HttpStatus: status));
            }
            if (envelope.Status is null or "")
            {
                return Failed(success
                    ? new SourceError(SourceErrorKind.Unreachable, $"Respuesta de Loki sin el sobre de la API (HTTP {status}).", HttpStatus: status)
                    : new SourceError(SourceErrorKind.ApiError, $"Loki respondió HTTP {status}: {Snippet(text, MaxErrorText)}", HttpStatus: status));
            }
            if (!success || envelope.Status != "success")
            {
                var detail = envelope.Error is { Length: > 0 } e ? Snippet(e, MaxErrorText) : Snippet(text, MaxErrorText);
                return Failed(new SourceError(SourceErrorKind.ApiError, $"Loki respondió HTTP {status}: {detail}",
                    envelope.ErrorType is { Length: > 0 } type ? type : null, status));
            }
            return new Answer { Data = envelope.Data ?? default, Status = status, Warnings = [.. envelope.Warnings ?? []] };
        }

        /// <summary>
        /// Reads <c>data</c> as <typeparamref name="TData"/> (<paramref name="whenMissing"/> when there is none); a shape that
        /// does not fit is an error, not an exception.
        /// </summary>
        public SourceResult<TData> Read<TData>(TData? whenMissing = default)
        {
            if (Error is not null) return SourceResult<TData>.Failure(Error);
            if (Data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null && whenMissing is not null) return SourceResult<TData>.Success(whenMissing, Warnings);
            try
            {
                return SourceResult<TData>.Success(ObservabilityJson.Read<TData>(Data), Warnings);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
            {
                return Unexpected<TData>(ex.Message);
            }
        }

        public SourceResult<T> Unexpected<T>(string why) =>
            SourceResult<T>.Failure(new SourceError(SourceErrorKind.Unreachable, "Respuesta de Loki con forma inesperada: " + why, HttpStatus: Status));

        private static string Snippet(string text, int max)
        {
            var oneLine = text.Trim().ReplaceLineEndings(" ");
            return oneLine.Length > max ? oneLine[..max] + "…" : oneLine;
        }
    }
}

/// <summary>No log source: Loki not configured (<c>Observability:LokiUrl</c> empty) and the console's store turned off; every call says so and the pages show it.</summary>
public sealed class UnconfiguredLokiClient : ILogSource
{
    public const string Message = "No hay fuente de logs: Loki no está configurado (Observability:LokiUrl) y el almacén de logs de la consola está apagado (Observability:LogStore:Enabled=false).";

    public bool Configured => false;

    public string Name => "ninguna";

    public Task<SourceResult<LogPage>> QueryRangeAsync(string logQl, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(NotConfigured<LogPage>());

    public Task<SourceResult<IReadOnlyList<string>>> LabelValuesAsync(string label, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) =>
        Task.FromResult(NotConfigured<IReadOnlyList<string>>());

    private static SourceResult<T> NotConfigured<T>() => SourceResult<T>.Failure(new SourceError(SourceErrorKind.Unreachable, Message));
}
