using System.Globalization;
using System.Net;
using System.Text.Json;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>
/// One log line. <see cref="Labels"/> are the stream's labels plus, for OTLP logs, the structured metadata
/// (CorrelationId, severity_text, detected_level…): Loki's default JSON merges them into the stream labels.
/// </summary>
public sealed record LogEntry(long UnixNanos, string Line, IReadOnlyDictionary<string, string> Labels)
{
    private static readonly string[] LevelLabels = ["detected_level", "level", "severity_text"];

    /// <summary>The entry's time (100 ns precision; Loki keeps nanoseconds in <see cref="UnixNanos"/>).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(UnixNanos / 100);

    public string Service => First("service_name") ?? First("service") ?? "";

    /// <summary>
    /// Lower-case level from <c>detected_level</c>, else <c>level</c>, else <c>severity_text</c>, with warning→warn,
    /// information→info, err→error; Loki's "unknown" counts as absent. Null when no label says it.
    /// </summary>
    public string? Level
    {
        get
        {
            foreach (var key in LevelLabels)
            {
                var level = First(key)?.ToLowerInvariant();
                if (level is null or "unknown") continue;
                return level switch
                {
                    "warning" => "warn",
                    "information" => "info",
                    "err" => "error",
                    _ => level,
                };
            }
            return null;
        }
    }

    public string? CorrelationId => First("CorrelationId") ?? First("correlation_id");

    private string? First(string key) =>
        Labels.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>One answer of a log query: <see cref="Entries"/> newest first; <see cref="MayHaveMore"/> when it reached the limit.</summary>
public sealed record LogPage(IReadOnlyList<LogEntry> Entries, bool MayHaveMore);

/// <summary>Reads logs from Loki's HTTP API. Never throws for a source problem: see <see cref="SourceResult{T}"/>.</summary>
public interface ILokiClient
{
    /// <summary>False when Loki is not configured: the pages say so instead of querying.</summary>
    bool Configured { get; }

    /// <summary>
    /// A log query (<c>/loki/api/v1/query_range</c>, backward: the newest <paramref name="limit"/> entries of
    /// [<paramref name="start"/>, <paramref name="end"/>)). <paramref name="limit"/> is 1..5000 (Loki's cap).
    /// A metric query (matrix answer) is an error.
    /// </summary>
    Task<SourceResult<LogPage>> QueryRangeAsync(string logQl, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken = default);

    /// <summary>The values a label takes in the window (<c>/loki/api/v1/label/{name}/values</c>), sorted ordinally.</summary>
    Task<SourceResult<IReadOnlyList<string>>> LabelValuesAsync(string label, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default);
}

/// <summary>
/// Typed client for Loki's <c>/loki/api/v1</c>. Reads the body whatever its Content-Type (some versions label JSON
/// as text/plain); Loki's refusals are plain text (400, 429, 499, 504, 5xx) and become <see cref="SourceErrorKind.ApiError"/>
/// with the text; an unreachable server or a proxy's HTML page becomes <see cref="SourceErrorKind.Unreachable"/>.
/// A multi-tenant Loki needs <c>X-Scope-OrgID</c>: the DI registration sets it as a default request header of the
/// HttpClient (with the BaseAddress, ending in '/'), so this client has the single-HttpClient constructor a typed client needs.
/// </summary>
public sealed class LokiClient(HttpClient http) : ILokiClient
{
    /// <summary>Loki's default <c>max_entries_limit_per_query</c>: above it Loki answers 400.</summary>
    public const int MaxLimit = 5000;

    private static readonly string[] MetadataCategories = ["structuredMetadata", "parsed"];

    public bool Configured => true;

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

        var type = answer.Data.GetStringOrEmpty("resultType");
        if (type.Length > 0 && type != "streams")
        {
            return SourceResult<LogPage>.Failure(new SourceError(SourceErrorKind.ApiError,
                $"Loki devolvió '{type}' y se esperaba streams: la consulta es de métricas, no de líneas de log.", HttpStatus: answer.Status));
        }
        return answer.Map(data => type.Length == 0
            ? throw new FormatException("falta 'resultType'")
            : ParseStreams(data.GetProperty("result"), limit));
    }

    public async Task<SourceResult<IReadOnlyList<string>>> LabelValuesAsync(string label, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (end <= start) throw new ArgumentException("end must be after start", nameof(end));

        var uri = "loki/api/v1/label/" + Uri.EscapeDataString(label) + "/values"
            + "?start=" + LogQl.UnixNanos(start)
            + "&end=" + LogQl.UnixNanos(end);
        var answer = await SendAsync(uri, cancellationToken);
        return answer.Map<IReadOnlyList<string>>(ParseLabelValues);
    }

    private static List<string> ParseLabelValues(JsonElement data)
    {
        // Some versions leave "data" out when there are no values.
        if (data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return [];
        return data.EnumerateArray()
            .Select(v => v.GetString() ?? "")
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static LogPage ParseStreams(JsonElement result, int limit)
    {
        var entries = new List<LogEntry>();
        foreach (var stream in result.EnumerateArray())
        {
            var labels = Strings(stream, "stream");
            if (!stream.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array) continue;
            foreach (var value in values.EnumerateArray())
            {
                // Nanoseconds as a string: a double would lose the last digits.
                var nanos = long.Parse(value[0].GetString() ?? "", NumberStyles.None, CultureInfo.InvariantCulture);
                var line = value[1].GetString() ?? "";
                var entryLabels = value.GetArrayLength() > 2 && value[2].ValueKind == JsonValueKind.Object
                    ? WithMetadata(labels, value[2])
                    : labels;
                entries.Add(new LogEntry(nanos, line, entryLabels));
            }
        }
        // OrderByDescending is stable: equal timestamps keep Loki's order.
        return new LogPage(entries.OrderByDescending(e => e.UnixNanos).ToList(), entries.Count >= limit);
    }

    /// <summary>
    /// The stream labels plus a value's third element: <c>{structuredMetadata:{…}, parsed:{…}}</c> when categorize-labels
    /// is on, or a flat map. Stream labels win a clash (Loki renames such parsed labels <c>_extracted</c> anyway).
    /// </summary>
    private static Dictionary<string, string> WithMetadata(Dictionary<string, string> streamLabels, JsonElement extra)
    {
        var categorized = false;
        var merged = new Dictionary<string, string>(streamLabels, StringComparer.Ordinal);
        foreach (var category in MetadataCategories)
        {
            if (extra.TryGetProperty(category, out var map) && map.ValueKind == JsonValueKind.Object)
            {
                categorized = true;
                AddStrings(merged, map);
            }
        }
        if (!categorized) AddStrings(merged, extra);
        return merged.Count == streamLabels.Count ? streamLabels : merged;
    }

    private static void AddStrings(Dictionary<string, string> target, JsonElement map)
    {
        foreach (var entry in map.EnumerateObject())
        {
            if (entry.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) continue;
            target.TryAdd(entry.Name, entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.ToString());
        }
    }

    private static Dictionary<string, string> Strings(JsonElement element, string property)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object)
            AddStrings(map, value);
        return map;
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

    /// <summary>The parsed answer: the <c>data</c> element, or why there is none.</summary>
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

            JsonDocument? document = null;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                // Plain text: Loki's own refusals, or something else answering with 2xx.
            }
            if (document is null)
            {
                return Failed(success
                    ? new SourceError(SourceErrorKind.Unreachable, $"Loki (o un proxy delante) respondió HTTP {status} con algo que no es la API: {Snippet(text, 120)}", HttpStatus: status)
                    : new SourceError(SourceErrorKind.ApiError, $"Loki respondió HTTP {status}: {Snippet(text, MaxErrorText)}", HttpStatus: status));
            }

            using (document)
            {
                var root = document.RootElement;
                var envelopeStatus = root.GetStringOrEmpty("status");
                if (envelopeStatus.Length == 0)
                {
                    return Failed(success
                        ? new SourceError(SourceErrorKind.Unreachable, $"Respuesta de Loki sin el sobre de la API (HTTP {status}).", HttpStatus: status)
                        : new SourceError(SourceErrorKind.ApiError, $"Loki respondió HTTP {status}: {Snippet(text, MaxErrorText)}", HttpStatus: status));
                }
                if (!success || envelopeStatus != "success")
                {
                    var detail = root.GetStringOrEmpty("error") is { Length: > 0 } e ? Snippet(e, MaxErrorText) : Snippet(text, MaxErrorText);
                    return Failed(new SourceError(SourceErrorKind.ApiError, $"Loki respondió HTTP {status}: {detail}",
                        root.GetStringOrEmpty("errorType") is { Length: > 0 } type ? type : null, status));
                }

                var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
                return new Answer
                {
                    Data = data,
                    Status = status,
                    Warnings = [.. StringArray(root, "warnings"), .. StringArray(data, "warnings")],
                };
            }
        }

        public SourceResult<T> Map<T>(Func<JsonElement, T> map)
        {
            if (Error is not null) return SourceResult<T>.Failure(Error);
            try
            {
                return SourceResult<T>.Success(map(Data), Warnings);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException
                or OverflowException or ArgumentOutOfRangeException)
            {
                return SourceResult<T>.Failure(new SourceError(SourceErrorKind.Unreachable, "Respuesta de Loki con forma inesperada: " + ex.Message, HttpStatus: Status));
            }
        }

        private static List<string> StringArray(JsonElement element, string property) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
                : [];

        private static string Snippet(string text, int max)
        {
            var oneLine = text.Trim().ReplaceLineEndings(" ");
            return oneLine.Length > max ? oneLine[..max] + "…" : oneLine;
        }
    }
}

/// <summary>Loki not configured (<c>Observability:LokiUrl</c> empty): every call says so and the logs pages show it.</summary>
public sealed class UnconfiguredLokiClient : ILokiClient
{
    public const string Message = "Loki no está configurado (Observability:LokiUrl): los logs no están disponibles en esta consola.";

    public bool Configured => false;

    public Task<SourceResult<LogPage>> QueryRangeAsync(string logQl, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(NotConfigured<LogPage>());

    public Task<SourceResult<IReadOnlyList<string>>> LabelValuesAsync(string label, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) =>
        Task.FromResult(NotConfigured<IReadOnlyList<string>>());

    private static SourceResult<T> NotConfigured<T>() => SourceResult<T>.Failure(new SourceError(SourceErrorKind.Unreachable, Message));
}
