using System.Globalization;
using System.Security.Claims;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Pages.Alerts;
using MiniMarket.Console.Components.Pages.Runbooks;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MudBlazor;
using MudBlazor.Services;

namespace MiniMarket.Console.Tests;

/// <summary>The Alertas and Runbooks pages with hand-written fakes of Alertmanager and Prometheus.</summary>
public sealed class AlertsPagesTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakePrometheusClient _prometheus = new();
    private readonly FakeAlertmanagerClient _alertmanager = new();

    public AlertsPagesTests()
    {
        _bunit.Services.AddSingleton<IPrometheusClient>(_prometheus);
        _bunit.Services.AddSingleton<IAlertmanagerClient>(_alertmanager);
        _bunit.Services.AddSingleton(TimeProvider.System);
        _bunit.Services.AddSingleton(Options.Create(new ObservabilityOptions
        {
            PrometheusUrl = "http://prometheus:9090",
            GrafanaUrl = "http://grafana:3000",
            RefreshInterval = TimeSpan.FromSeconds(60),
            RunbooksPath = Path.Combine(AppContext.BaseDirectory, "runbooks"),
        }));
        _bunit.Services.AddSingleton<RunbookLibrary>();
        _bunit.Services.AddTransient<AlertsViewModel>();
        _bunit.Services.AddTransient<AlertTimeline>();
        _bunit.SignIn("guardia");
        _bunit.RenderProviders();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private void Alerts(params AmAlert[] alerts) => _alertmanager.Alerts = SourceResult<IReadOnlyList<AmAlert>>.Success(alerts);

    private static AmAlert Watchdog() => FakeAlertmanagerClient.Alert("Watchdog", "none", "prometheus", "watchdog-fingerprint");

    [Fact]
    public void Alerts_FromAlertmanager_AreGroupedBySeverityWithStatesAndLinks()
    {
        Alerts(Watchdog(),
            FakeAlertmanagerClient.Alert("HighErrorRate", "high", "deposito", "aaaa", "suppressed", inhibitedBy: ["bbbb"]),
            FakeAlertmanagerClient.Alert("ServiceDown", "critical", "deposito", "bbbb"),
            FakeAlertmanagerClient.Alert("StockCritico", "medium", "deposito", "cccc", "suppressed", silencedBy: ["s1"]));

        var page = _bunit.Render<Alerts>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("tr td[data-state]").Count));
        var states = page.FindAll("td[data-state]").Select(td => td.GetAttribute("data-state")).ToList();
        Assert.Equal(["disparada", "inhibida", "silenciada", "disparada"], states); // critical, high, medium, none
        Assert.Contains("critical · deposito", page.Markup, StringComparison.Ordinal);
        Assert.Contains("href=\"alertas/bbbb\"", page.Markup, StringComparison.Ordinal);
        Assert.Contains("href=\"runbooks/ServiceDown\"", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=fallback-banner]"));
        Assert.Empty(page.FindAll("[data-testid=no-watchdog]"));
    }

    [Fact]
    public void Alerts_FiltersFromTheAddress_AreApplied()
    {
        Alerts(Watchdog(), FakeAlertmanagerClient.Alert("ServiceDown", "critical", "deposito", "bbbb"), FakeAlertmanagerClient.Alert("ServiceDown", "critical", "ml", "dddd"));
        _bunit.Services.GetRequiredService<NavigationManager>().NavigateTo("alertas?servicio=ml&q=servicedown");

        var page = _bunit.Render<Alerts>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("td[data-state]")));
        Assert.Contains("href=\"alertas/dddd\"", page.Markup, StringComparison.Ordinal);
        Assert.Contains("1 de 3 alertas", page.Find("[data-testid=alert-count]").TextContent, StringComparison.Ordinal);
    }

    /// <summary>A chain's Alertmanager holds every store's alerts: ?sucursal= (Slack's links carry it) keeps one store's.</summary>
    [Fact]
    public void Alerts_OfOneStore_FromTheAddress()
    {
        static AmAlert Of(string store, AmAlert alert) => alert with { Labels = new Dictionary<string, string>(alert.Labels) { ["store"] = store } };
        Alerts(Of("palermo", Watchdog()), Of("quilmes", Watchdog() with { Fingerprint = "w2" }),
            Of("palermo", FakeAlertmanagerClient.Alert("ServiceDown", "critical", "deposito", "bbbb")),
            Of("quilmes", FakeAlertmanagerClient.Alert("ServiceDown", "critical", "deposito", "dddd")));
        _bunit.Services.GetRequiredService<NavigationManager>().NavigateTo("alertas?sucursal=quilmes&q=servicedown");

        var page = _bunit.Render<Alerts>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("td[data-state]")));
        Assert.Contains("href=\"alertas/dddd\"", page.Markup, StringComparison.Ordinal);
        Assert.Contains("deposito · quilmes", page.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("[data-testid=filter-store]"));
    }

    [Fact]
    public void Alerts_OfAStoreAlone_ShowNoStoreFilter()
    {
        Alerts(Watchdog(), FakeAlertmanagerClient.Alert("ServiceDown", "critical", "deposito", "bbbb"));

        var page = _bunit.Render<Alerts>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("td[data-state]").Count));
        Assert.Empty(page.FindAll("[data-testid=filter-store]"));
    }

    [Fact]
    public void Alerts_AlertmanagerDown_FallsBackToPrometheusWithABanner()
    {
        _alertmanager.Alerts = SourceResult<IReadOnlyList<AmAlert>>.Failure(new SourceError(SourceErrorKind.Unreachable, "no se pudo conectar con Alertmanager"));
        _prometheus.Alerts = SourceResult<IReadOnlyList<PromAlert>>.Success([
            new PromAlert(new Dictionary<string, string> { ["alertname"] = "ServiceDown", ["severity"] = "critical", ["service"] = "ml" },
                new Dictionary<string, string> { ["summary"] = "ml no responde" }, "firing", DateTimeOffset.UtcNow, double.NaN),
            new PromAlert(new Dictionary<string, string> { ["alertname"] = "Watchdog", ["severity"] = "none", ["service"] = "prometheus" },
                new Dictionary<string, string>(), "firing", DateTimeOffset.UtcNow, 1)]);

        var page = _bunit.Render<Alerts>();

        page.WaitForAssertion(() => Assert.Contains("no se pudo conectar con Alertmanager", page.Find("[data-testid=fallback-banner]").TextContent, StringComparison.Ordinal));
        Assert.Contains("ml no responde", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("alertas/", page.Markup, StringComparison.Ordinal); // no fingerprints without Alertmanager
    }

    [Fact]
    public void Alerts_NeitherSourceReadable_SaysSoAndShowsNoZero()
    {
        _alertmanager.Alerts = SourceResult<IReadOnlyList<AmAlert>>.Failure(new SourceError(SourceErrorKind.Unreachable, "Alertmanager no respondió a tiempo"));
        _prometheus.Alerts = SourceResult<IReadOnlyList<PromAlert>>.Failure(new SourceError(SourceErrorKind.ApiError, "timeout", "timeout", 503));

        var page = _bunit.Render<Alerts>();

        page.WaitForAssertion(() => Assert.Contains("Alertmanager no respondió a tiempo", page.Find("[data-testid=alerts-error]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Sin datos", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("No hay alertas", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Alerts_WithoutWatchdog_WarnsThatMonitoringMayBeBlind()
    {
        Alerts(FakeAlertmanagerClient.Alert("ServiceDown", "critical", "deposito", "bbbb"));
        var page = _bunit.Render<Alerts>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=no-watchdog]")));
    }

    [Fact]
    public void Alerts_ThreeThousand_RendersOnePageOfFifty()
    {
        Alerts([Watchdog(), .. Enumerable.Range(0, 3000).Select(i => FakeAlertmanagerClient.Alert("HighLatency", i % 2 == 0 ? "high" : "medium", "svc" + (i % 7), i.ToString("x16", CultureInfo.InvariantCulture)))]);
        var page = _bunit.Render<Alerts>();
        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll("td[data-state]").Count));
        Assert.Contains("3001 de 3001 alertas", page.Find("[data-testid=alert-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertDetail_ShowsLabelsLinksAndSilencesItAsTheSignedInPerson()
    {
        Alerts(Watchdog(), FakeAlertmanagerClient.Alert("ServiceDown", "critical", "deposito", "bbbb"));
        _prometheus.Rules = SourceResult<IReadOnlyList<AlertingRule>>.Success([new AlertingRule("ServiceDown", "g", "up == 0", TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["severity"] = "critical" }, new Dictionary<string, string>(), "firing", "ok", null, [])]);

        var page = _bunit.Render<AlertDetail>(p => p.Add(a => a.Fingerprint, "bbbb"));

        page.WaitForAssertion(() => Assert.Contains("Descripción de ServiceDown en deposito: valor 42.", page.Find("[data-testid=alert-description]").TextContent, StringComparison.Ordinal));
        Assert.Contains("instance", page.Find("[data-testid=alert-labels]").TextContent, StringComparison.Ordinal);
        var links = page.Find("[data-testid=alert-links]").InnerHtml;
        Assert.Contains("runbooks/ServiceDown", links, StringComparison.Ordinal);
        Assert.Contains("http://grafana:3000/d/minimarket-overview?from=", links, StringComparison.Ordinal);
        Assert.Contains("http://prometheus:9090/graph?g0.expr=up%20%3D%3D%200", links, StringComparison.Ordinal);
        Assert.Contains("{service_name=\"deposito\"}", page.Find("[data-testid=alert-logql]").TextContent, StringComparison.Ordinal);

        var comment = page.Find("[data-testid=silence-comment]");
        (comment.TagName == "INPUT" ? comment : comment.QuerySelector("input")!).Input("reinicio programado");
        page.Find("[data-testid=silence-button]").Click();

        page.WaitForAssertion(() => Assert.Single(_alertmanager.Created));
        var created = _alertmanager.Created[0];
        Assert.Equal(("guardia", "reinicio programado"), (created.By, created.Comment));
        Assert.Equal(TimeSpan.FromHours(2), created.End - created.Start);
        Assert.Equal(["alertname=ServiceDown", "instance=deposito:80", "service=deposito"], created.Matchers.Select(m => $"{m.Name}={m.Value}"));
        page.WaitForAssertion(() => Assert.Contains("silencio-1", page.Find("[data-testid=silence-result]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void AlertDetail_ChartsTheRuleAroundItsStart_ListsItsLast24Hours_AndLinksToItsLogs()
    {
        var now = DateTimeOffset.UtcNow;
        var startsAt = now.AddMinutes(-30);
        Alerts(Watchdog(), FakeAlertmanagerClient.Alert("ServiceDown", "critical", "dep\"osito", "dddd", startsAt: startsAt));
        _prometheus.Rules = SourceResult<IReadOnlyList<AlertingRule>>.Success([new AlertingRule("ServiceDown", "g", "up == 0", TimeSpan.FromMinutes(2),
            new Dictionary<string, string>(), new Dictionary<string, string>(), "firing", "ok", null, [])]);
        var activeAt = startsAt.AddMinutes(-2).ToUnixTimeSeconds();
        var earlier = now.AddHours(-10).ToUnixTimeSeconds();
        _prometheus.RangeAnswer = (query, start, end, step) => query switch
        {
            "up == 0" => SourceResult<IReadOnlyList<PromSeries>>.Success([new PromSeries(new Dictionary<string, string> { ["job"] = "deposito" },
                [(start, 0), (start + step, double.NaN), (start + step * 2, 0)])]),
            _ when query.StartsWith("ALERTS_FOR_STATE{", StringComparison.Ordinal) => SourceResult<IReadOnlyList<PromSeries>>.Success([new PromSeries(
                new Dictionary<string, string> { ["alertname"] = "ServiceDown" },
                [(now.AddHours(-10), earlier), (now.AddHours(-10).AddMinutes(1), earlier), (now.AddHours(-9).AddMinutes(-58), earlier),
                 (now.AddMinutes(-32), activeAt), (now, activeAt)])]),
            _ => SourceResult<IReadOnlyList<PromSeries>>.Success([]),
        };

        var page = _bunit.Render<AlertDetail>(p => p.Add(a => a.Fingerprint, "dddd"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=alert-chart] [data-testid=chart]")));
        Assert.Single(page.FindAll("[data-testid=chart-marker]")); // when it started
        var (query, rangeStart, rangeEnd, _) = _prometheus.RangeQueries.Single(q => q.Query == "up == 0");
        Assert.Equal(startsAt.AddHours(-1), rangeStart);
        Assert.True(rangeEnd >= now);
        // The history asks for this alert's own series, label values escaped.
        var history = _prometheus.RangeQueries.Single(q => q.Query.StartsWith("ALERTS_FOR_STATE", StringComparison.Ordinal));
        Assert.Equal("ALERTS_FOR_STATE{alertname=\"ServiceDown\",instance=\"dep\\\"osito:80\",service=\"dep\\\"osito\"}", history.Query);
        Assert.Equal(TimeSpan.FromHours(24), history.End - history.Start);
        var episodes = page.FindAll("[data-testid=episode]").Select(e => e.TextContent).ToList();
        Assert.Equal(2, episodes.Count);
        Assert.Contains("sigue activa", episodes[0], StringComparison.Ordinal);
        Assert.DoesNotContain("sigue activa", episodes[1], StringComparison.Ordinal);

        var logs = page.Find("[data-testid=logs-link]").GetAttribute("href")!;
        Assert.StartsWith("logs?servicio=dep%22osito&desde=", logs, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(TimeRange.ToQuery(startsAt - LogQl.AlertLookBack)), logs, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertDetail_SilencedAlert_CanBeExpired()
    {
        Alerts(Watchdog(), FakeAlertmanagerClient.Alert("StockCritico", "medium", "deposito", "cccc", "suppressed", silencedBy: ["s1"]));
        _alertmanager.Silences = SourceResult<IReadOnlyList<AmSilence>>.Success([new AmSilence("s1", [new AmMatcher("alertname", "StockCritico")],
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), "ana", "reposición", "active")]);

        var page = _bunit.Render<AlertDetail>(p => p.Add(a => a.Fingerprint, "cccc"));

        page.WaitForAssertion(() => Assert.Contains("ana", page.Find("[data-testid=silence]").TextContent, StringComparison.Ordinal));
        page.Find("[data-testid=silence] button").Click();
        page.WaitForAssertion(() => Assert.Equal(["s1"], _alertmanager.Expired));
    }

    [Fact]
    public void AlertDetail_UnknownFingerprint_SaysItIsNotActive()
    {
        Alerts(Watchdog());
        var page = _bunit.Render<AlertDetail>(p => p.Add(a => a.Fingerprint, "ffff"));
        page.WaitForAssertion(() => Assert.Contains("ffff", page.Find("[data-testid=alert-gone]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Runbooks_ShowCoverageAgainstTheLoadedRules()
    {
        _prometheus.Rules = SourceResult<IReadOnlyList<AlertingRule>>.Success([
            Rule("ServiceDown", "firing"), Rule("NuevaAlertaSinRunbook", "inactive")]);

        var page = _bunit.Render<Runbooks>();

        page.WaitForAssertion(() => Assert.Contains("NuevaAlertaSinRunbook", page.Find("[data-testid=alerts-without-runbook]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Watchdog", page.Find("[data-testid=runbooks-without-alert]").TextContent, StringComparison.Ordinal);
        Assert.Equal("disparada", page.Find("td[data-alert=ServiceDown]").TextContent.Trim());
        Assert.Equal("no cargada", page.Find("td[data-alert=DatabaseDown]").TextContent.Trim());
    }

    [Fact]
    public void Runbooks_RulesUnreadable_CoverageIsUnknownNotComplete()
    {
        _prometheus.Rules = SourceResult<IReadOnlyList<AlertingRule>>.Failure(new SourceError(SourceErrorKind.Unreachable, "no se pudo conectar con Prometheus"));
        var page = _bunit.Render<Runbooks>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=coverage-unknown]")));
        Assert.Equal("sin datos", page.Find("td[data-alert=ServiceDown]").TextContent.Trim());
    }

    [Fact]
    public void RunbookPage_RendersTheRunbookWithTheLiveRuleAndItsValue()
    {
        _prometheus.Rules = SourceResult<IReadOnlyList<AlertingRule>>.Success([Rule("DatabaseDown", "firing", "pg_up == 0", TimeSpan.FromMinutes(1))]);
        _prometheus.QueryAnswer = _ => SourceResult<IReadOnlyList<PromSample>>.Success([new PromSample(
            new Dictionary<string, string> { ["service"] = "postgres", ["instance"] = "127.0.0.1:9187" }, DateTimeOffset.UtcNow, 0)]);

        var page = _bunit.Render<RunbookPage>(p => p.Add(r => r.Name, "DatabaseDown"));

        page.WaitForAssertion(() => Assert.Equal("disparada", page.Find("[data-testid=live-state]").TextContent.Trim()));
        Assert.Equal("pg_up == 0", page.Find("[data-testid=live-expr]").TextContent);
        Assert.Contains("service=postgres", page.Find("[data-testid=live-value]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=live-mismatch]"));
        Assert.Contains("<h2", page.Find("[data-testid=runbook-body]").InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void RunbookPage_RuleChangedSinceTheRunbook_WarnsOfTheMismatch()
    {
        _prometheus.Rules = SourceResult<IReadOnlyList<AlertingRule>>.Success([Rule("DatabaseDown", "inactive", "pg_up == 0", TimeSpan.FromMinutes(5))]);
        _prometheus.QueryAnswer = _ => SourceResult<IReadOnlyList<PromSample>>.Success([]);
        var page = _bunit.Render<RunbookPage>(p => p.Add(r => r.Name, "DatabaseDown"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=live-mismatch]")));
        Assert.Contains("no se cumple", page.Find("[data-testid=live-value]").TextContent, StringComparison.Ordinal);
    }

    private static AlertingRule Rule(string name, string state, string query = "up == 0", TimeSpan? duration = null) =>
        new(name, "g", query, duration ?? TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["severity"] = "critical" }, new Dictionary<string, string>(), state, "ok", null, []);
}
