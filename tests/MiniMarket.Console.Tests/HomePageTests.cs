using Microsoft.Extensions.Time.Testing;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Pages;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MudBlazor;
using MudBlazor.Services;

namespace MiniMarket.Console.Tests;

/// <summary>Inicio: ok / problema / sin visibilidad, today's KPIs (never a 0 the source did not give), top alerts with what to do.</summary>
public sealed class HomePageTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakePrometheusClient _prometheus = new();
    private readonly FakeAlertmanagerClient _alertmanager = new();
    private readonly FakeLokiClient _loki = new();
    private readonly Dictionary<string, double> _kpis = new(StringComparer.Ordinal);

    public HomePageTests()
    {
        _bunit.Services.AddSingleton<IPrometheusClient>(_prometheus);
        _bunit.Services.AddSingleton<IAlertmanagerClient>(_alertmanager);
        _bunit.Services.AddSingleton(TimeProvider.System);
        _bunit.Services.AddSingleton(Options.Create(new ObservabilityOptions
        {
            PrometheusUrl = "http://p", ExpectedJobs = ["deposito", "negocio"], RefreshInterval = TimeSpan.FromSeconds(60),
            RunbooksPath = Path.Combine(AppContext.BaseDirectory, "runbooks"),
        }));
        _bunit.Services.AddSingleton<RunbookLibrary>();
        _bunit.Services.AddTransient<HealthViewModel>();
        _bunit.Services.AddSingleton<SloCatalog>();
        _bunit.Services.AddTransient<SloViewModel>();
        _bunit.Services.AddTransient<HomeViewModel>();
        _bunit.Services.AddSingleton<ILogSource>(_loki);
        // Logs are arriving unless a test says otherwise.
        _loki.Answer = (_, _, end, _) => SourceResult<LogPage>.Success(new LogPage([FakeLokiClient.Line("deposito", end.AddSeconds(-3), "GET /health")], true));
        _bunit.SignIn("encargado");
        _prometheus.QueryAnswer = query => _kpis.TryGetValue(query, out var v)
            ? SourceResult<IReadOnlyList<PromSample>>.Success([new PromSample(new Dictionary<string, string>(), DateTimeOffset.UtcNow, v)])
            : SourceResult<IReadOnlyList<PromSample>>.Success([]);
        var now = DateTimeOffset.UtcNow;
        _prometheus.Targets = SourceResult<IReadOnlyList<ScrapeTarget>>.Success([FakePrometheusClient.Target("deposito", "up", now), FakePrometheusClient.Target("negocio", "up", now)]);
        _alertmanager.Alerts = SourceResult<IReadOnlyList<AmAlert>>.Success([FakeAlertmanagerClient.Alert("Watchdog", "none", "prometheus", "w")]);
        _bunit.RenderProviders(interactive: false);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private static string State(IRenderedComponent<Home> page) => page.Find("[data-testid=home-status]").GetAttribute("data-state")!;

    private static string Kpi(IRenderedComponent<Home> page, string id) => page.Find($"[data-kpi={id}] [data-testid=kpi-value]").TextContent.Trim();

    [Fact]
    public void AllWell_IsOk_WithTodaysKpisInPesos()
    {
        _kpis[Kpis.SalesToday.PromQl] = 1645195.4;
        _kpis[Kpis.ProjectedToday.PromQl] = 2261491.16;
        _kpis[Kpis.CriticalProducts.PromQl] = 0;
        _kpis[Kpis.PendingOrders.PromQl] = 3;
        _kpis[Kpis.DraftInvoices.PromQl] = 1;

        var page = _bunit.Render<Home>();

        page.WaitForAssertion(() => Assert.Equal("up", State(page)));
        Assert.Equal("$ 1.645.195,00", Kpi(page, "VentasHoy"));
        Assert.Equal("$ 2.261.491,00", Kpi(page, "VentasProyectadas"));
        Assert.Equal("0", Kpi(page, "ProductosCriticos")); // a real 0 from the source
        Assert.Equal("3", Kpi(page, "OrdenesPendientes"));
        Assert.Contains("No hay alertas activas", page.Find("[data-testid=home-no-alerts]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void NoLogsForTenMinutes_IsNoVisibility_LokiNotConfiguredIsNotChecked()
    {
        _loki.Answer = (_, _, _, _) => SourceResult<LogPage>.Success(new LogPage([], false));
        var stale = _bunit.Render<Home>();
        stale.WaitForAssertion(() => Assert.Equal("unknown", State(stale)));
        Assert.Contains(stale.FindAll("[data-testid=home-reason]"), r => r.TextContent.StartsWith("No llegan logs desde hace más de", StringComparison.Ordinal) && r.TextContent.EndsWith("(fuente: Loki).", StringComparison.Ordinal));
        var (query, start, end, limit) = _loki.Queries.Last();
        Assert.Equal((HomeViewModel.FreshnessQuery, TimeSpan.FromMinutes(10), 1), (query, end - start, limit));

        _loki.Answer = (_, _, _, _) => SourceResult<LogPage>.Failure(new SourceError(SourceErrorKind.Unreachable, "no se pudo conectar con Loki"));
        var down = _bunit.Render<Home>();
        down.WaitForAssertion(() => Assert.Contains(down.FindAll("[data-testid=home-reason]"), r => r.TextContent.Contains("Logs (Loki): no se pudo conectar", StringComparison.Ordinal)));

        _loki.Configured = false;
        var unconfigured = _bunit.Render<Home>();
        unconfigured.WaitForAssertion(() => Assert.Equal("up", State(unconfigured)));
    }

    [Fact]
    public void Home_DoesNotSendTheTrafficQueriesOnlySaludShows()
    {
        var sent = new System.Collections.Concurrent.ConcurrentBag<string>();
        _prometheus.QueryAnswer = query =>
        {
            sent.Add(query);
            return SourceResult<IReadOnlyList<PromSample>>.Success([]);
        };
        var page = _bunit.Render<Home>();
        page.WaitForAssertion(() => Assert.Contains(Kpis.SalesToday.PromQl, sent));
        Assert.DoesNotContain(HealthViewModel.Uptime7dQuery, sent);
        Assert.DoesNotContain(HealthViewModel.P95Query, sent);
        Assert.Contains(HealthViewModel.SeriesAgeQuery, sent); // still needed for "iniciando"
    }

    [Theory]
    [InlineData(3.0, "down")]   // three days of data: the budget is spent, a problem
    [InlineData(0.1, "up")]     // under a day: provisional, shown on the card, not a problem
    public void SpentErrorBudget_IsAProblem_OnceMeasuredOnADayOfData(double days, string expected)
    {
        var now = DateTimeOffset.UtcNow;
        var figures = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [SloViewModel.RemainingQuery] = -0.4,
            [SloViewModel.Burn30dQuery] = 1.4,
            [SloViewModel.Burn1hQuery] = 3,
            [SloViewModel.DataSinceQuery] = now.AddDays(-days).ToUnixTimeMilliseconds() / 1000.0,
        };
        _prometheus.QueryAnswer = query => figures.TryGetValue(query, out var v)
            ? SourceResult<IReadOnlyList<PromSample>>.Success([new PromSample(new Dictionary<string, string> { ["slo"] = "errores", ["service"] = "deposito" }, now, v)])
            : SourceResult<IReadOnlyList<PromSample>>.Success([]);

        var page = _bunit.Render<Home>();

        page.WaitForAssertion(() => Assert.Equal(expected, State(page)));
        Assert.Equal("exhausted", page.Find("[data-slo-row='errores/deposito'] [data-slo-state]").GetAttribute("data-slo-state"));
        Assert.Equal(expected == "down", page.FindAll("[data-testid=home-reason]").Any(r => r.TextContent.Contains("Presupuesto de error agotado: errores de deposito", StringComparison.Ordinal)));
        Assert.Equal(expected == "up", page.Find("[data-slo-row='errores/deposito']").TextContent.Contains("provisional", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingKpi_IsSinDatosNeverZero()
    {
        _kpis[Kpis.SalesToday.PromQl] = 1000;
        var page = _bunit.Render<Home>();
        page.WaitForAssertion(() => Assert.Equal("sin datos", Kpi(page, "VentasProyectadas")));
        Assert.Equal("sin datos", Kpi(page, "FacturasPorConfirmar"));
    }

    [Fact]
    public void AlertmanagerUnreachable_IsSinVisibilidad_NotOk()
    {
        _alertmanager.Alerts = SourceResult<IReadOnlyList<AmAlert>>.Failure(new SourceError(SourceErrorKind.Unreachable, "no se pudo conectar con Alertmanager"));
        var page = _bunit.Render<Home>();
        page.WaitForAssertion(() => Assert.Equal("unknown", State(page)));
        Assert.Contains(page.FindAll("[data-testid=home-reason]"), r => r.TextContent.Contains("Alertmanager", StringComparison.Ordinal));
        Assert.Contains("No se pueden leer las alertas", page.Find("[data-testid=home-no-alerts]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void NoWatchdog_IsSinVisibilidad()
    {
        _alertmanager.Alerts = SourceResult<IReadOnlyList<AmAlert>>.Success([]);
        var page = _bunit.Render<Home>();
        page.WaitForAssertion(() => Assert.Equal("unknown", State(page)));
        Assert.Contains(page.FindAll("[data-testid=home-reason]"), r => r.TextContent.Contains("Watchdog", StringComparison.Ordinal));
    }

    [Fact]
    public void CriticalAlert_IsAProblem_WithWhatToDoFromItsRunbook()
    {
        _alertmanager.Alerts = SourceResult<IReadOnlyList<AmAlert>>.Success([
            FakeAlertmanagerClient.Alert("Watchdog", "none", "prometheus", "w"),
            FakeAlertmanagerClient.Alert("DatabaseDown", "critical", "postgres", "db"),
            FakeAlertmanagerClient.Alert("StockCritico", "medium", "deposito", "st", "suppressed", silencedBy: ["s"])]);

        var page = _bunit.Render<Home>();

        page.WaitForAssertion(() => Assert.Equal("down", State(page)));
        var alerts = page.Find("[data-testid=home-alerts]").TextContent;
        Assert.Contains("postgres con DatabaseDown", alerts, StringComparison.Ordinal);
        Assert.Contains("Qué hacer:", alerts, StringComparison.Ordinal);
        Assert.DoesNotContain("StockCritico", alerts, StringComparison.Ordinal); // silenced: not on the home page
        Assert.DoesNotContain("alertas/db", page.Markup, StringComparison.Ordinal); // an encargado gets no on-call links
    }

    [Fact]
    public void TargetDown_IsAProblemEvenWithoutAlerts()
    {
        _prometheus.Targets = SourceResult<IReadOnlyList<ScrapeTarget>>.Success([FakePrometheusClient.Target("deposito", "down", DateTimeOffset.UtcNow, "connection refused"),
            FakePrometheusClient.Target("negocio", "up", DateTimeOffset.UtcNow)]);
        var page = _bunit.Render<Home>();
        page.WaitForAssertion(() => Assert.Equal("down", State(page)));
    }

    [Fact]
    public void EveryKpi_HasItsTextsInSpanish()
    {
        var strings = _bunit.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Strings>>();
        foreach (var kpi in Kpis.All)
        {
            foreach (var key in new[] { kpi.TitleKey, kpi.DefinitionKey, kpi.CaveatsKey })
                Assert.False(strings[key].ResourceNotFound, key + " is missing from Strings.resx");
        }
    }
}

public class CoalescingPrometheusClientTests
{
    private sealed class CountingClient : IPrometheusClient
    {
        public int Queries;
        public bool Fail;
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<SourceResult<IReadOnlyList<PromSample>>> QueryAsync(string promQl, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Queries);
            await Gate.Task;
            return Fail ? SourceResult<IReadOnlyList<PromSample>>.Failure(new SourceError(SourceErrorKind.Unreachable, "x"))
                : SourceResult<IReadOnlyList<PromSample>>.Success([new PromSample(new Dictionary<string, string>(), DateTimeOffset.UtcNow, 1)]);
        }

        public Task<SourceResult<IReadOnlyList<ScrapeTarget>>> GetTargetsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public List<(string PromQl, DateTimeOffset Start, DateTimeOffset End, TimeSpan Step)> Ranges { get; } = [];

        public Task<SourceResult<IReadOnlyList<PromSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
        {
            lock (Ranges) Ranges.Add((promQl, start, end, step));
            return Task.FromResult(SourceResult<IReadOnlyList<PromSeries>>.Success([]));
        }

        public Task<SourceResult<IReadOnlyList<AlertingRule>>> GetAlertingRulesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<SourceResult<IReadOnlyList<PromAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    [Fact]
    public async Task RangeQueries_SameChartOnTheSameTick_OneRequest_EndingAtTheMomentAsked()
    {
        var inner = new CountingClient();
        var now = new DateTimeOffset(2026, 12, 6, 15, 0, 7, 123, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        var client = new CoalescingPrometheusClient(() => inner, time);
        var step = TimeSpan.FromSeconds(15);

        // Twenty tabs refreshing "the last hour" on one tick, a few milliseconds apart: one query, in whole seconds, that
        // still ends when it was asked (not at the step before).
        foreach (var offset in Enumerable.Range(0, 20))
            await client.QueryRangeAsync("sum(up)", now.AddHours(-1).AddMilliseconds(offset * 7), now.AddMilliseconds(offset * 7), step);
        var only = Assert.Single(inner.Ranges);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 14, 0, 7, TimeSpan.Zero), only.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 15, 0, 7, TimeSpan.Zero), only.End);

        // Another query, another step, another second, or later than the answers are kept: asked anew.
        await client.QueryRangeAsync("count(up)", now.AddHours(-1), now, step);
        await client.QueryRangeAsync("sum(up)", now.AddHours(-1), now, TimeSpan.FromSeconds(30));
        await client.QueryRangeAsync("sum(up)", now.AddHours(-1).AddSeconds(1), now.AddSeconds(1), step);
        time.Advance(CoalescingPrometheusClient.MaxAge + TimeSpan.FromSeconds(1));
        await client.QueryRangeAsync("sum(up)", now.AddHours(-1), now, step);
        Assert.Equal(5, inner.Ranges.Count);

        // Answers past their age do not pile up (each range's key carries its times).
        var coalescer = new ReadCoalescer(time);
        for (var i = 0; i < 50; i++)
        {
            await coalescer.ShareAsync("range\n" + i, () => Task.FromResult(SourceResult<int>.Success(i)));
            time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.InRange(coalescer.Count, 1, (int)ReadCoalescer.MaxAge.TotalSeconds * 2 + 1);

        // Within one second (nothing left once whole): asked as given.
        await client.QueryRangeAsync("sum(up)", now.AddMilliseconds(-100), now, step);
        Assert.Equal((now.AddMilliseconds(-100), now), (inner.Ranges[^1].Start, inner.Ranges[^1].End));
    }

    [Theory]
    [InlineData("2026-12-06T15:00:07.123Z", "2026-12-06T15:00:07Z")]
    [InlineData("2026-12-06T15:00:07Z", "2026-12-06T15:00:07Z")]
    [InlineData("2026-12-06T15:00:07.9999999Z", "2026-12-06T15:00:07Z")]
    [InlineData("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59Z")]
    public void WholeSecond_DropsTheFraction(string time, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), PromQl.WholeSecond(DateTimeOffset.Parse(time, CultureInfo.InvariantCulture)));

    [Fact]
    public async Task QueriesAtAGivenTime_SharedOnlyAtTheSameInstant()
    {
        var inner = new CountingClient();
        inner.Gate.SetResult();
        var client = new CoalescingPrometheusClient(() => inner, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var at = new DateTimeOffset(2026, 12, 6, 15, 0, 5, TimeSpan.Zero);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.QueryAsync("sum(up)", at)));
        Assert.Equal(1, inner.Queries);
        await client.QueryAsync("sum(up)", at.AddMilliseconds(1));
        await client.QueryAsync("sum(up)");
        Assert.Equal(3, inner.Queries); // another instant, and "now", are other answers
    }

    [Fact]
    public async Task ACallerThatGivesUp_StopsWaiting_OthersStillGetTheAnswer()
    {
        var inner = new CountingClient();
        var client = new CoalescingPrometheusClient(() => inner, new FakeTimeProvider(DateTimeOffset.UtcNow));
        using var closed = new CancellationTokenSource();
        var leaving = client.QueryAsync("sum(up)", cancellationToken: closed.Token);
        var staying = client.QueryAsync("sum(up)");
        await closed.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.False(staying.IsCompleted);
        inner.Gate.SetResult();
        Assert.True((await staying).Ok);
        Assert.Equal(1, inner.Queries);
    }

    [Fact]
    public async Task Failure_IsNotKept()
    {
        var inner = new CountingClient { Fail = true };
        inner.Gate.SetResult();
        var client = new CoalescingPrometheusClient(() => inner, new FakeTimeProvider(DateTimeOffset.UtcNow));
        Assert.False((await client.QueryAsync("sum(up)")).Ok);
        Assert.False((await client.QueryAsync("sum(up)")).Ok);
        Assert.Equal(2, inner.Queries);
    }
}

/// <summary>Alertmanager reads shared between sessions; a silence change is read back at once.</summary>
public class CoalescingAlertmanagerClientTests
{
    private sealed class CountingAlertmanager : IAlertmanagerClient
    {
        public int Reads;
        public Task<SourceResult<IReadOnlyList<AmAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Reads);
            return Task.FromResult(SourceResult<IReadOnlyList<AmAlert>>.Success([]));
        }

        public Task<SourceResult<IReadOnlyList<AmSilence>>> GetSilencesAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(SourceResult<IReadOnlyList<AmSilence>>.Success([]));

        public Task<SourceResult<string>> CreateSilenceAsync(IReadOnlyList<AmMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment,
            CancellationToken cancellationToken = default) => Task.FromResult(SourceResult<string>.Success("s1"));

        public Task<SourceResult<bool>> ExpireSilenceAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(SourceResult<bool>.Success(true));
    }

    [Fact]
    public async Task ManySessions_ShareOneRead_UntilASilenceChanges()
    {
        var inner = new CountingAlertmanager();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var client = new CoalescingAlertmanagerClient(() => inner, time);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GetAlertsAsync()));
        Assert.Equal(1, inner.Reads);

        await client.CreateSilenceAsync([new AmMatcher("alertname", "X")], time.GetUtcNow(), time.GetUtcNow().AddHours(1), "guardia", "prueba");
        await client.GetAlertsAsync();
        Assert.Equal(2, inner.Reads); // the silence is visible at once

        time.Advance(ReadCoalescer.MaxAge + TimeSpan.FromSeconds(1));
        await client.GetAlertsAsync();
        Assert.Equal(3, inner.Reads);
    }
}
