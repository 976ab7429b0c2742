using System.Net;
using System.Text;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests;

/// <summary>A Prometheus client whose answer the test sets.</summary>
public sealed class FakePrometheusClient : IPrometheusClient
{
    public SourceResult<IReadOnlyList<ScrapeTarget>> Targets { get; set; } = SourceResult<IReadOnlyList<ScrapeTarget>>.Success([]);

    public Task<SourceResult<IReadOnlyList<ScrapeTarget>>> GetTargetsAsync(CancellationToken cancellationToken = default) => Task.FromResult(Targets);

    /// <summary>The answer to an instant query (the test sets it; unset, every query has no data).</summary>
    public Func<string, SourceResult<IReadOnlyList<PromSample>>>? QueryAnswer { get; set; }

    public Task<SourceResult<IReadOnlyList<PromSample>>> QueryAsync(string promQl, DateTimeOffset? time = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueryAnswer?.Invoke(promQl) ?? SourceResult<IReadOnlyList<PromSample>>.Success([]));

    /// <summary>The answer to a range query (the test sets it; unset, every range query has no data).</summary>
    public Func<string, DateTimeOffset, DateTimeOffset, TimeSpan, SourceResult<IReadOnlyList<PromSeries>>>? RangeAnswer { get; set; }

    /// <summary>Every range query asked: query, start, end, step.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Query, DateTimeOffset Start, DateTimeOffset End, TimeSpan Step)> RangeQueries { get; } = new();

    public Task<SourceResult<IReadOnlyList<PromSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        RangeQueries.Enqueue((promQl, start, end, step));
        return Task.FromResult(RangeAnswer?.Invoke(promQl, start, end, step) ?? SourceResult<IReadOnlyList<PromSeries>>.Success([]));
    }

    public SourceResult<IReadOnlyList<AlertingRule>> Rules { get; set; } = SourceResult<IReadOnlyList<AlertingRule>>.Success([]);

    public SourceResult<IReadOnlyList<PromAlert>> Alerts { get; set; } = SourceResult<IReadOnlyList<PromAlert>>.Success([]);

    public Task<SourceResult<IReadOnlyList<AlertingRule>>> GetAlertingRulesAsync(CancellationToken cancellationToken = default) => Task.FromResult(Rules);

    public Task<SourceResult<IReadOnlyList<PromAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default) => Task.FromResult(Alerts);

    public static ScrapeTarget Target(string job, string health, DateTimeOffset? lastScrape, string? lastError = null, string? service = null) =>
        new(new Dictionary<string, string> { ["job"] = job, ["instance"] = "127.0.0.1:1", ["service"] = service ?? job },
            job, "http://127.0.0.1:1/metrics", health, lastScrape, TimeSpan.FromMilliseconds(12), lastError);
}

/// <summary>An HTTP handler that answers with a fixed response (or throws) and records the requests.</summary>
public sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<(HttpMethod Method, string Uri, string? Body)> Requests { get; } = [];

    public static StubHandler Json(string body, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") =>
        new(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!.ToString(), body));
        return respond(request);
    }
}

/// <summary>
/// A clock fixed at one moment whose timers are real: for a page with MudBlazor's debounced inputs, which MudBlazor times
/// on the <see cref="TimeProvider"/> (FakeTimeProvider's timers fire only when a test advances it, so a search would never
/// start). Everywhere else the tests use FakeTimeProvider.
/// </summary>
public sealed class FixedNow(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>An Alertmanager whose answers the test sets, recording the silences created and expired.</summary>
public sealed class FakeAlertmanagerClient : IAlertmanagerClient
{
    public SourceResult<IReadOnlyList<AmAlert>> Alerts { get; set; } = SourceResult<IReadOnlyList<AmAlert>>.Success([]);
    public SourceResult<IReadOnlyList<AmSilence>> Silences { get; set; } = SourceResult<IReadOnlyList<AmSilence>>.Success([]);
    public List<(IReadOnlyList<AmMatcher> Matchers, DateTimeOffset Start, DateTimeOffset End, string By, string Comment)> Created { get; } = [];
    public List<string> Expired { get; } = [];

    public Task<SourceResult<IReadOnlyList<AmAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default) => Task.FromResult(Alerts);

    public Task<SourceResult<IReadOnlyList<AmSilence>>> GetSilencesAsync(CancellationToken cancellationToken = default) => Task.FromResult(Silences);

    public Task<SourceResult<string>> CreateSilenceAsync(IReadOnlyList<AmMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment,
        CancellationToken cancellationToken = default)
    {
        Created.Add((matchers, startsAt, endsAt, createdBy, comment));
        return Task.FromResult(SourceResult<string>.Success("silencio-1"));
    }

    public Task<SourceResult<bool>> ExpireSilenceAsync(string id, CancellationToken cancellationToken = default)
    {
        Expired.Add(id);
        return Task.FromResult(SourceResult<bool>.Success(true));
    }

    public static AmAlert Alert(string name, string severity, string service, string fingerprint, string state = "active", string[]? silencedBy = null, string[]? inhibitedBy = null,
        DateTimeOffset? startsAt = null) =>
        new(fingerprint,
            new Dictionary<string, string> { ["alertname"] = name, ["severity"] = severity, ["service"] = service, ["instance"] = service + ":80" },
            new Dictionary<string, string> { ["summary"] = $"{service} con {name}", ["description"] = $"Descripción de {name} en {service}: valor 42." },
            startsAt ?? new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero), null, null, state, silencedBy ?? [], inhibitedBy ?? [], null, []);
}

/// <summary>A Loki whose answers the test sets (by default: no lines), recording every query.</summary>
public sealed class FakeLokiClient : ILogSource
{
    public bool Configured { get; set; } = true;
    public string Name => "Loki";
    public Func<string, DateTimeOffset, DateTimeOffset, int, SourceResult<LogPage>>? Answer { get; set; }
    public System.Collections.Concurrent.ConcurrentQueue<(string Query, DateTimeOffset Start, DateTimeOffset End, int Limit)> Queries { get; } = new();
    public IReadOnlyList<string> ServiceNames { get; set; } = ["deposito", "negocio"];

    public Task<SourceResult<LogPage>> QueryRangeAsync(string logQl, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken = default)
    {
        Queries.Enqueue((logQl, start, end, limit));
        return Task.FromResult(Answer?.Invoke(logQl, start, end, limit) ?? SourceResult<LogPage>.Success(new LogPage([], false)));
    }

    public Task<SourceResult<IReadOnlyList<string>>> LabelValuesAsync(string label, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) =>
        Task.FromResult(SourceResult<IReadOnlyList<string>>.Success(ServiceNames));

    /// <summary>A line of <paramref name="service"/> at <paramref name="time"/> (+ <paramref name="nanos"/> ns).</summary>
    public static LogEntry Line(string service, DateTimeOffset time, string line, string? level = "info", string? correlationId = null, long nanos = 0)
    {
        var labels = new Dictionary<string, string> { ["service_name"] = service };
        if (level is not null) labels["detected_level"] = level;
        if (correlationId is not null) labels["CorrelationId"] = correlationId;
        return new LogEntry((time - DateTimeOffset.UnixEpoch).Ticks * 100 + nanos, line, labels);
    }
}

/// <summary>The escalation matrix in memory, with the real checks; the pages' tests read and change it.</summary>
public sealed class FakeEscalationDirectory : IEscalationDirectory
{
    public List<EscalationStep> Steps { get; } = [];

    public Task<IReadOnlyList<EscalationStep>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<EscalationStep>>([.. Steps.OrderBy(s => EscalationDirectory.Severities.ToList().IndexOf(s.Severity)).ThenBy(s => s.Level)]);

    public Task<UserAdminResult> SaveAsync(EscalationInput input, string actingUser)
    {
        var errors = EscalationDirectory.Check(input);
        if (errors.Count > 0) return Task.FromResult(new UserAdminResult(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), null));
        var step = new EscalationStep(input.Id ?? Steps.Count + 1, input.Severity!, input.Level!.Value, input.AfterMinutes!.Value, input.Name!.Trim(), input.Role!.Trim(),
            input.Phone, input.Slack, input.Hours, actingUser, DateTimeOffset.UnixEpoch);
        Steps.RemoveAll(s => s.Id == step.Id);
        Steps.Add(step);
        return Task.FromResult(UserAdminResult.Success);
    }

    public Task<UserAdminResult> DeleteAsync(int id) =>
        Task.FromResult(Steps.RemoveAll(s => s.Id == id) > 0 ? UserAdminResult.Success : UserAdminResult.Refused("Ese contacto ya no existe."));
}
