using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>An alert as Alertmanager holds it (<c>/api/v2/alerts</c>). <see cref="State"/>: active, suppressed or unprocessed.</summary>
public sealed record AmAlert(
    string Fingerprint,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset? UpdatedAt,
    string State,
    IReadOnlyList<string> SilencedBy,
    IReadOnlyList<string> InhibitedBy,
    string? GeneratorUrl,
    IReadOnlyList<string> Receivers)
{
    public string Name => Labels.GetValueOrDefault("alertname", "");
    public string Severity => Labels.GetValueOrDefault("severity", "");
    public string Service => Labels.GetValueOrDefault("service", "");
    public bool Silenced => SilencedBy.Count > 0;
    public bool Inhibited => InhibitedBy.Count > 0;
}

public sealed record AmMatcher(string Name, string Value, bool IsRegex = false, bool IsEqual = true);

/// <summary>A silence. <see cref="State"/>: active, pending or expired.</summary>
public sealed record AmSilence(string Id, IReadOnlyList<AmMatcher> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string Comment, string State);

/// <summary>Alertmanager's API v2 (alerts and silences). Never throws for a source problem: see <see cref="SourceResult{T}"/>.</summary>
public interface IAlertmanagerClient
{
    /// <summary>Every alert, silenced and inhibited ones included.</summary>
    Task<SourceResult<IReadOnlyList<AmAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default);
    Task<SourceResult<IReadOnlyList<AmSilence>>> GetSilencesAsync(CancellationToken cancellationToken = default);
    /// <summary>Creates a silence and answers its id.</summary>
    Task<SourceResult<string>> CreateSilenceAsync(IReadOnlyList<AmMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment, CancellationToken cancellationToken = default);
    Task<SourceResult<bool>> ExpireSilenceAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>
/// Typed client for Alertmanager's <c>/api/v2</c> (bare JSON, no envelope; errors are plain text). An unreachable server,
/// a non-JSON answer or a refusal becomes a <see cref="SourceError"/> with the reason, never an exception.
/// </summary>
public sealed class AlertmanagerClient(HttpClient http) : IAlertmanagerClient
{
    public async Task<SourceResult<IReadOnlyList<AmAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true"), cancellationToken);
        return answer.Map<List<AlertmanagerWire.Alert>, IReadOnlyList<AmAlert>>(alerts => alerts.Select(a => new AmAlert(
            a.Fingerprint ?? "",
            Strings(a.Labels),
            Strings(a.Annotations),
            Time(a.StartsAt) ?? DateTimeOffset.MinValue,
            Time(a.EndsAt),
            Time(a.UpdatedAt),
            a.Status?.State is { Length: > 0 } state ? state : "unprocessed",
            a.Status?.SilencedBy ?? [],
            a.Status?.InhibitedBy ?? [],
            a.GeneratorUrl is { Length: > 0 } url ? url : null,
            (a.Receivers ?? []).Select(r => r.Name ?? "").ToList())).ToList());
    }

    public async Task<SourceResult<IReadOnlyList<AmSilence>>> GetSilencesAsync(CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v2/silences"), cancellationToken);
        return answer.Map<List<AlertmanagerWire.Silence>, IReadOnlyList<AmSilence>>(silences => silences.Select(s => new AmSilence(
            s.Id ?? "",
            (s.Matchers ?? []).Select(m => new AmMatcher(m.Name ?? "", m.Value ?? "", m.IsRegex ?? false, m.IsEqual ?? true)).ToList(),
            Time(s.StartsAt) ?? DateTimeOffset.MinValue,
            Time(s.EndsAt) ?? DateTimeOffset.MinValue,
            s.CreatedBy ?? "",
            s.Comment ?? "",
            s.Status?.State ?? "")).ToList());
    }

    public async Task<SourceResult<string>> CreateSilenceAsync(IReadOnlyList<AmMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment,
        CancellationToken cancellationToken = default)
    {
        var body = new AlertmanagerWire.NewSilence(
            [.. matchers.Select(m => new AlertmanagerWire.Matcher(m.Name, m.Value, m.IsRegex, m.IsEqual))],
            startsAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            endsAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            createdBy,
            comment);
        var answer = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v2/silences") { Content = JsonContent.Create(body, options: ObservabilityJson.Options) }, cancellationToken);
        return answer.Map<AlertmanagerWire.SilenceCreated, string>(created => created.SilenceId is { Length: > 0 } id ? id : throw new FormatException("sin silenceID"));
    }

    public async Task<SourceResult<bool>> ExpireSilenceAsync(string id, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, "api/v2/silence/" + Uri.EscapeDataString(id)), cancellationToken, emptyIsOk: true);
        return answer.Error is null ? SourceResult<bool>.Success(true) : SourceResult<bool>.Failure(answer.Error);
    }

    private async Task<Answer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool emptyIsOk = false)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                var status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    // Alertmanager's refusals are plain text ("bad matcher format…"); a proxy's are HTML.
                    var text = body.Length > 200 ? body[..200] + "…" : body;
                    return new Answer(null, new SourceError(status >= 500 || status is 404 or 429 ? SourceErrorKind.Unreachable : SourceErrorKind.ApiError,
                        $"Alertmanager respondió HTTP {status}: {text.Trim().ReplaceLineEndings(" ")}", HttpStatus: status));
                }
                if (emptyIsOk && string.IsNullOrWhiteSpace(body)) return new Answer(default(JsonElement), null);
                try
                {
                    using var document = JsonDocument.Parse(body);
                    return new Answer(document.RootElement.Clone(), null);
                }
                catch (JsonException)
                {
                    return new Answer(null, new SourceError(SourceErrorKind.Unreachable,
                        $"Alertmanager (o un proxy delante) respondió algo que no es la API: {(body.Length > 120 ? body[..120] + "…" : body).ReplaceLineEndings(" ")}", HttpStatus: status));
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return new Answer(null, new SourceError(SourceErrorKind.Unreachable, CallFailures.Describe("Alertmanager", ex)));
            }
        }
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) && t.Year > 1 ? t : null;

    private static Dictionary<string, string> Strings(Dictionary<string, string>? map) =>
        map is null ? new(StringComparer.Ordinal) : new(map, StringComparer.Ordinal);

    /// <summary>The body of one answer (kept as JSON until read as the endpoint's record), or why there is none.</summary>
    private sealed record Answer(JsonElement? Root, SourceError? Error)
    {
        public SourceResult<T> Map<TWire, T>(Func<TWire, T> map)
        {
            if (Error is not null) return SourceResult<T>.Failure(Error);
            try
            {
                return SourceResult<T>.Success(map(ObservabilityJson.Read<TWire>(Root ?? default)));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                return SourceResult<T>.Failure(new SourceError(SourceErrorKind.Unreachable, "Respuesta de Alertmanager con otra forma: " + ex.Message));
            }
        }
    }
}
/// <summary>Alertmanager not configured (<c>Observability:AlertmanagerUrl</c> empty): every call says so; the pages fall back to Prometheus.</summary>
public sealed class UnconfiguredAlertmanagerClient : IAlertmanagerClient
{
    private static SourceResult<T> NotConfigured<T>() =>
        SourceResult<T>.Failure(new SourceError(SourceErrorKind.Unreachable, "Alertmanager no está configurado (Observability:AlertmanagerUrl)"));

    public Task<SourceResult<IReadOnlyList<AmAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default) => Task.FromResult(NotConfigured<IReadOnlyList<AmAlert>>());

    public Task<SourceResult<IReadOnlyList<AmSilence>>> GetSilencesAsync(CancellationToken cancellationToken = default) => Task.FromResult(NotConfigured<IReadOnlyList<AmSilence>>());

    public Task<SourceResult<string>> CreateSilenceAsync(IReadOnlyList<AmMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment,
        CancellationToken cancellationToken = default) => Task.FromResult(NotConfigured<string>());

    public Task<SourceResult<bool>> ExpireSilenceAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(NotConfigured<bool>());
}
