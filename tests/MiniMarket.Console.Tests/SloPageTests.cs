using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Pages.Slos;
using MiniMarket.Console.Hosting;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests;

/// <summary>
/// The SLOs page: every objective of the definition with its services, the budget left (% and minutes or events), the burn rates,
/// the alert on it, since when there is data (provisional under a day), the budget over time, the words for everyone and the
/// PromQL for guardia and admin only.
/// </summary>
public sealed class SloPageTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakePrometheusClient _prometheus = new();
    private readonly BunitAuthorizationContext _auth;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    /// <summary>(query, slo, service) → value; unset pairs have no series.</summary>
    private readonly Dictionary<(string Query, string Slo, string Service), double> _values = [];

    public SloPageTests()
    {
        _bunit.Services.AddSingleton<IPrometheusClient>(_prometheus);
        _bunit.Services.AddSingleton(TimeProvider.System);
        _bunit.Services.AddSingleton(Options.Create(new ObservabilityOptions { PrometheusUrl = "http://p", RefreshInterval = TimeSpan.FromSeconds(60) }));
        _bunit.Services.AddSingleton<SloCatalog>();
        _bunit.Services.AddTransient<SloViewModel>();
        _auth = _bunit.SignIn("encargado");
        _prometheus.QueryAnswer = query => SourceResult<IReadOnlyList<PromSample>>.Success(_values.Where(v => v.Key.Query == query)
            .Select(v => new PromSample(new Dictionary<string, string> { ["slo"] = v.Key.Slo, ["service"] = v.Key.Service }, _now, v.Value)).ToList());
        _prometheus.RangeAnswer = (query, start, end, step) => SourceResult<IReadOnlyList<PromSeries>>.Success(
            query == SloViewModel.BudgetRangeQuery
                ? [new PromSeries(new Dictionary<string, string> { ["slo"] = "errores", ["service"] = "deposito" }, [(start, 1.0), (start + step, 0.9), (start + step * 2, 0.8)])]
                : []);
        _bunit.RenderProviders(interactive: false);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private void Figures(string slo, string service, double burn1h, double burn6h, double remaining, TimeSpan data)
    {
        _values[(SloViewModel.Burn1hQuery, slo, service)] = burn1h;
        _values[(SloViewModel.Burn6hQuery, slo, service)] = burn6h;
        _values[(SloViewModel.Burn30dQuery, slo, service)] = 1 - remaining;
        _values[(SloViewModel.RemainingQuery, slo, service)] = remaining;
        _values[(SloViewModel.DataSinceQuery, slo, service)] = (_now - data).ToUnixTimeMilliseconds() / 1000.0;
    }

    private static string Cell(IRenderedComponent<Slos> page, string slo, string service, string column) =>
        page.FindAll($"[data-slo={slo}] tr").Single(r => r.QuerySelector($"td[data-service='{service}']") is not null)
            .QuerySelector($"td[data-col={column}]")!.TextContent.Trim();

    private static string State(IRenderedComponent<Slos> page, string slo, string service) =>
        page.Find($"[data-slo={slo}] td[data-service='{service}'] [data-slo-state]").GetAttribute("data-slo-state")!;

    [Fact]
    public void EveryObjectiveOfTheDefinition_IsShownForEachOfItsServices_InWords()
    {
        var page = _bunit.Render<Slos>();
        var catalog = _bunit.Services.GetRequiredService<SloCatalog>();

        page.WaitForAssertion(() => Assert.Equal(catalog.All.Count, page.FindAll("[data-slo]").Count));
        Assert.True(catalog.All.Count >= 6, "availability, errors, latency, cache, OCR timeouts, forecast accuracy");
        foreach (var slo in catalog.All)
        {
            Assert.Equal(slo.Description, page.Find($"[data-slo={slo.Id}] [data-testid=slo-definition]").TextContent.Trim());
            foreach (var service in slo.Services) Assert.Equal("nodata", State(page, slo.Id, service)); // no series: sin datos, never 100 %
        }
        Assert.Equal("Objetivo: 99,9 % en 30 d", page.Find("[data-slo=disponibilidad] [data-testid=slo-objective]").TextContent.Trim());
        Assert.Equal("Objetivo: menos de 10 por hora, en 30 d", page.Find("[data-slo=timeouts_ocr] [data-testid=slo-objective]").TextContent.Trim());
        Assert.Contains("solo ticket", page.Find("[data-slo=precision_pronostico]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_BudgetInPercentAndMinutes_BurnRates_AndStates()
    {
        // Availability of deposito: 60 % of the budget left over 3 days: 0.6 x 0.1 % x 43,200 min = 25.9 minutes.
        Figures("disponibilidad", "deposito", burn1h: 0.2, burn6h: 0.4, remaining: 0.6, data: TimeSpan.FromDays(3));
        // Errors of negocio: spent (-50 %) and burning.
        Figures("errores", "negocio", burn1h: 20, burn6h: 8, remaining: -0.5, data: TimeSpan.FromDays(3));
        // OCR timeouts: 90 % of the 7,200 left; 1 an hour achieved.
        Figures("timeouts_ocr", "ml", burn1h: 0.1, burn6h: 0.1, remaining: 0.9, data: TimeSpan.FromDays(10));

        var page = _bunit.Render<Slos>();

        page.WaitForAssertion(() => Assert.Equal("ok", State(page, "disponibilidad", "deposito")));
        Assert.Equal("99,96 %", Cell(page, "disponibilidad", "deposito", "achieved"));
        Assert.Contains("60 %", Cell(page, "disponibilidad", "deposito", "budget"), StringComparison.Ordinal);
        Assert.Contains("25,9 min del período", Cell(page, "disponibilidad", "deposito", "budget"), StringComparison.Ordinal);
        Assert.Equal("0,2× · 0,4×", Cell(page, "disponibilidad", "deposito", "burn"));
        Assert.Equal("exhausted", State(page, "errores", "negocio"));
        Assert.Contains("-50 %", Cell(page, "errores", "negocio", "budget"), StringComparison.Ordinal);
        Assert.Equal("ok", State(page, "timeouts_ocr", "ml"));
        Assert.Equal("1 por hora", Cell(page, "timeouts_ocr", "ml", "achieved"));
        Assert.Contains("quedan 6.480", Cell(page, "timeouts_ocr", "ml", "budget"), StringComparison.Ordinal);
        Assert.StartsWith("2 cumplen · 0 gastando rápido · 1 agotados", page.Find("[data-testid=slo-summary]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Burning_IsAlsoAFiringSloAlert_AndLessThanADayOfDataIsProvisional()
    {
        Figures("latencia", "console", burn1h: 0.5, burn6h: 0.5, remaining: 0.95, data: TimeSpan.FromHours(2));
        _prometheus.Alerts = SourceResult<IReadOnlyList<PromAlert>>.Success([new PromAlert(
            new Dictionary<string, string> { ["alertname"] = "SLOErrorBudgetBurnSlow", ["slo"] = "latencia", ["service"] = "console" },
            new Dictionary<string, string>(), "firing", _now.AddHours(-1), 1.2)]);

        var page = _bunit.Render<Slos>();

        page.WaitForAssertion(() => Assert.Equal("burning", State(page, "latencia", "console")));
        Assert.Contains("SLOErrorBudgetBurnSlow (firing)", Cell(page, "latencia", "console", "alert"), StringComparison.Ordinal);
        Assert.Contains("provisional", Cell(page, "latencia", "console", "data"), StringComparison.Ordinal);
        Assert.Equal("ninguna", Cell(page, "latencia", "deposito", "alert"));
    }

    [Fact]
    public void BudgetOverTime_IsOneRangeQuery_FromTheFirstData()
    {
        Figures("errores", "deposito", 1, 1, 0.8, TimeSpan.FromHours(5));

        var page = _bunit.Render<Slos>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-slo=errores] [data-testid=chart]")));
        var (query, start, end, step) = Assert.Single(_prometheus.RangeQueries);
        Assert.Equal(SloViewModel.BudgetRangeQuery, query);
        Assert.InRange((end - start).TotalHours, 4.9, 5.1);
        Assert.True((end - start) / step <= SloViewModel.ChartPoints + 1);
        Assert.Empty(page.FindAll("[data-slo=disponibilidad] [data-testid=chart]"));
    }

    [Fact]
    public void PromQl_OnlyForGuardiaAndAdmin()
    {
        var page = _bunit.Render<Slos>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=slo-explanation]")));
        Assert.Empty(page.FindAll("[data-testid=slo-promql]"));

        _auth.SetPolicies(Policies.OnCall);
        var guardia = _bunit.Render<Slos>();
        guardia.WaitForAssertion(() => Assert.NotEmpty(guardia.FindAll("[data-testid=slo-promql]")));
        Assert.Contains(guardia.FindAll("[data-slo=errores] [data-testid=slo-promql]"),
            e => e.TextContent.Contains("http_request_duration_seconds_count{service=\"deposito\", code=\"5xx\"}[5m]", StringComparison.Ordinal));
    }

    [Fact]
    public void PrometheusUnreadable_IsSaidNotShownAsFigures()
    {
        _prometheus.QueryAnswer = _ => SourceResult<IReadOnlyList<PromSample>>.Failure(new SourceError(SourceErrorKind.Unreachable, "no se pudo conectar con Prometheus"));
        var page = _bunit.Render<Slos>();
        page.WaitForAssertion(() => Assert.Contains("no se pudo conectar", page.Find("[data-testid=slo-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-slo]"));
    }

    [Theory]
    [InlineData(null, "No se encontró la definición")]
    [InlineData("slos: [ { id: x, services: [a] ", "no se puede leer")]
    [InlineData("slos:\n  - id: x\n    services: [a]\n    objective: 0.9\n", "no se puede leer")] // no error_ratio
    public void MissingOrBrokenDefinition_IsSaid(string? yaml, string expected)
    {
        var file = Path.Combine(Path.GetTempPath(), $"slos-{Guid.NewGuid():N}.yml");
        if (yaml is not null) File.WriteAllText(file, yaml);
        try
        {
            var catalog = new SloCatalog(Options.Create(new ObservabilityOptions { SlosPath = file }));
            Assert.Empty(catalog.All);
            Assert.Contains(expected, catalog.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed class InstantsClient : IPrometheusClient
    {
        public System.Collections.Concurrent.ConcurrentBag<DateTimeOffset?> Instants { get; } = [];

        public Task<SourceResult<IReadOnlyList<PromSample>>> QueryAsync(string promQl, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
        {
            Instants.Add(time);
            return Task.FromResult(SourceResult<IReadOnlyList<PromSample>>.Success([]));
        }

        public Task<SourceResult<IReadOnlyList<ScrapeTarget>>> GetTargetsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<SourceResult<IReadOnlyList<PromSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) =>
            Task.FromResult(SourceResult<IReadOnlyList<PromSeries>>.Success([]));
        public Task<SourceResult<IReadOnlyList<AlertingRule>>> GetAlertingRulesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<SourceResult<IReadOnlyList<PromAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(SourceResult<IReadOnlyList<PromAlert>>.Success([]));
    }

    [Fact]
    public async Task Figures_AreTakenAtTheTickGiven_OrNow_InWholeSeconds()
    {
        var now = new DateTimeOffset(2026, 12, 6, 15, 0, 7, 450, TimeSpan.Zero);
        var client = new InstantsClient();
        var model = new SloViewModel(client, _bunit.Services.GetRequiredService<SloCatalog>(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));

        await model.LoadAsync(chart: false);
        Assert.All(client.Instants, t => Assert.Equal(new DateTimeOffset(2026, 12, 6, 15, 0, 7, TimeSpan.Zero), t));

        client.Instants.Clear();
        await model.LoadAsync(chart: false, at: new DateTimeOffset(2026, 12, 6, 15, 0, 5, TimeSpan.Zero));
        Assert.NotEmpty(client.Instants);
        Assert.All(client.Instants, t => Assert.Equal(new DateTimeOffset(2026, 12, 6, 15, 0, 5, TimeSpan.Zero), t));
    }
}
