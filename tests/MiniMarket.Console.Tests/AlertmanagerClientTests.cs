using System.Net;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests;

/// <summary>The Alertmanager client against answers recorded from the real Alertmanager, and its failures.</summary>
public class AlertmanagerClientTests
{
    private static string Payload(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    private static AlertmanagerClient Client(StubHandler handler) => new(new HttpClient(handler) { BaseAddress = new Uri("http://am/") });

    [Fact]
    public async Task GetAlerts_RecordedAnswer_ReadsStateInhibitionAndFingerprints()
    {
        var handler = StubHandler.Json(Payload("alertmanager-alerts.json"));
        var result = await Client(handler).GetAlertsAsync();

        Assert.True(result.Ok);
        var alerts = result.Value!;
        var down = alerts.Single(a => a.Name == "ServiceDown");
        Assert.Equal(("cb2855e745d68d11", "active", "critical", "deposito"), (down.Fingerprint, down.State, down.Severity, down.Service));
        Assert.Equal("deposito no responde", down.Annotations["summary"]);
        Assert.Equal(["slack-critical"], down.Receivers);
        var inhibited = alerts.Single(a => a.Name == "HighErrorRate");
        Assert.Equal("suppressed", inhibited.State);
        Assert.True(inhibited.Inhibited);
        Assert.Equal(["cb2855e745d68d11"], inhibited.InhibitedBy);
        Assert.Contains("silenced=true", handler.Requests.Single().Uri, StringComparison.Ordinal);
        Assert.Contains("inhibited=true", handler.Requests.Single().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSilences_RecordedAnswer_ReadsMatchersAuthorAndState()
    {
        var result = await Client(StubHandler.Json(Payload("alertmanager-silences.json"))).GetSilencesAsync();
        var silence = Assert.Single(result.Value!);
        Assert.Equal(("guardia", "reposición en curso", "active"), (silence.CreatedBy, silence.Comment, silence.State));
        Assert.Equal(new AmMatcher("alertname", "StockCritico"), silence.Matchers.Single());
        Assert.True(silence.EndsAt > silence.StartsAt);
    }

    [Fact]
    public async Task CreateSilence_SendsMatchersAuthorAndTimes_AndReadsTheId()
    {
        var handler = StubHandler.Json("""{"silenceID":"230b5562-2a0e-497a-8b0f-f7648c1dad70"}""");
        var start = new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero);
        var result = await Client(handler).CreateSilenceAsync([new AmMatcher("alertname", "ServiceDown"), new AmMatcher("service", "deposito")], start, start.AddHours(2), "guardia", "mantenimiento");

        Assert.Equal("230b5562-2a0e-497a-8b0f-f7648c1dad70", result.Value);
        var (method, uri, body) = handler.Requests.Single();
        Assert.Equal((HttpMethod.Post, "http://am/api/v2/silences"), (method, uri));
        Assert.Contains("\"createdBy\":\"guardia\"", body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"service\",\"value\":\"deposito\",\"isRegex\":false,\"isEqual\":true", body, StringComparison.Ordinal);
        Assert.Contains("\"endsAt\":\"2026-11-29T03:00:00.0000000Z\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "{\"code\":400,\"message\":\"parsing silence body failed\"}", "application/json", SourceErrorKind.ApiError, "parsing silence body")]
    [InlineData(HttpStatusCode.InternalServerError, "\"silence not found\"", "application/json", SourceErrorKind.Unreachable, "silence not found")]
    [InlineData(HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>", "text/html", SourceErrorKind.Unreachable, "502")]
    [InlineData(HttpStatusCode.OK, "<html>login</html>", "text/html", SourceErrorKind.Unreachable, "no es la API")]
    public async Task Failures_AreSourceErrorsWithTheReason(HttpStatusCode status, string body, string mediaType, SourceErrorKind kind, string reason)
    {
        var result = await Client(StubHandler.Json(body, status, mediaType)).GetAlertsAsync();
        Assert.False(result.Ok);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Contains(reason, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_IsAnErrorNotAnException()
    {
        var client = new AlertmanagerClient(new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9/") });
        var result = await client.ExpireSilenceAsync("x");
        Assert.Equal(SourceErrorKind.Unreachable, result.Error!.Kind);
        Assert.Contains("Alertmanager", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusRules_RecordedAnswer_ReadsEveryAlertingRuleWithStateAndDuration()
    {
        var client = new PrometheusClient(new HttpClient(StubHandler.Json(Payload("prometheus-rules.json"))) { BaseAddress = new Uri("http://p/") });
        var rules = (await client.GetAlertingRulesAsync()).Value!;
        Assert.Equal(29, rules.Count);
        var down = rules.Single(r => r.Name == "ServiceDown");
        Assert.Equal((TimeSpan.FromMinutes(2), "critical", "ok"), (down.For, down.Severity, down.Health));
        var watchdog = rules.Single(r => r.Name == "Watchdog");
        Assert.Equal("firing", watchdog.State);
        Assert.Single(watchdog.Alerts);
        Assert.Equal(1, watchdog.Alerts[0].Value);
    }

    [Fact]
    public async Task PrometheusAlerts_RecordedAnswer_ReadsLabelsStateAndValue()
    {
        var client = new PrometheusClient(new HttpClient(StubHandler.Json(Payload("prometheus-alerts.json"))) { BaseAddress = new Uri("http://p/") });
        var alerts = (await client.GetAlertsAsync()).Value!;
        var watchdog = alerts.Single(a => a.Name == "Watchdog");
        Assert.Equal("firing", watchdog.State);
        Assert.NotNull(watchdog.ActiveAt);
    }
}
