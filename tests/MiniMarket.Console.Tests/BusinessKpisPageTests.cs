using Microsoft.Extensions.Time.Testing;
using System.Globalization;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Pages.Kpis;
using MiniMarket.Console.Hosting;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MudBlazor;
using MudBlazor.Services;

namespace MiniMarket.Console.Tests;

/// <summary>KPIs de negocio: cards, charts over a range kept in the address, definitions, PromQL for guardia only, Grafana link.</summary>
public sealed class BusinessKpisPageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 15, 0, 0, TimeSpan.Zero);
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakePrometheusClient _prometheus = new();
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private readonly BunitAuthorizationContext _auth;

    public BusinessKpisPageTests()
    {
        _bunit.Services.AddSingleton<IPrometheusClient>(_prometheus);
        _bunit.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        _bunit.Services.AddSingleton(Options.Create(new ObservabilityOptions
        {
            PrometheusUrl = "http://p", GrafanaUrl = "http://grafana:3000", RefreshInterval = TimeSpan.FromSeconds(60),
        }));
        _bunit.Services.AddTransient<BusinessKpisViewModel>();
        _auth = _bunit.SignIn("encargado");
        _prometheus.QueryAnswer = query => _values.TryGetValue(query, out var v)
            ? SourceResult<IReadOnlyList<PromSample>>.Success([new PromSample(new Dictionary<string, string>(), Now, v)])
            : SourceResult<IReadOnlyList<PromSample>>.Success([]);
        _bunit.RenderProviders(interactive: false);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private IRenderedComponent<BusinessKpis> Open(string address = "kpis")
    {
        _bunit.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return _bunit.Render<BusinessKpis>();
    }

    private static string Card(IRenderedComponent<BusinessKpis> page, string id) => page.Find($"[data-kpi={id}] [data-testid=kpi-value]").TextContent.Trim();

    private static PromSeries Series(IReadOnlyDictionary<string, string> labels, DateTimeOffset start, TimeSpan step, params double[] values) =>
        new(labels, values.Select((v, i) => (start + step * i, v)).ToList());

    [Fact]
    public void Cards_ShowTheSourcesValues_AndNoDataIsNeverZero()
    {
        _values[Kpis.SalesToday.PromQl] = 150000;
        _values[BusinessKpisViewModel.SalesProgress.PromQl] = 0.4567;
        _values[BusinessKpisViewModel.SeasonalFactor.PromQl] = 1.3;
        _values[Kpis.CriticalProducts.PromQl] = 0;
        _values[Kpis.ProjectedToday.PromQl] = double.NaN;

        var page = Open();

        page.WaitForAssertion(() => Assert.Equal("$ 150.000,00", Card(page, "VentasHoy")));
        Assert.Equal("45,7 %", Card(page, "AvanceVentas"));
        Assert.Equal("1,3", Card(page, "FactorEstacional"));
        Assert.Equal("0", Card(page, "ProductosCriticos"));
        Assert.Equal("sin datos", Card(page, "VentasProyectadas")); // NaN
        Assert.Equal("sin datos", Card(page, "ValorStock")); // no series
        Assert.Equal(BusinessKpisViewModel.Cards.Count, page.FindAll("[data-kpi]").Count);
    }

    [Fact]
    public void Charts_DrawOneLinePerSeries_NamedByTheirLabel_WithGapsForMissingSamples()
    {
        _prometheus.RangeAnswer = (query, start, _, step) => query.Contains("negocio_facturas_procesadas_total", StringComparison.Ordinal)
            ? SourceResult<IReadOnlyList<PromSeries>>.Success(
            [
                Series(new Dictionary<string, string> { ["resultado"] = "ok" }, start, step, 1, 2, double.NaN, 4, 5),
                Series(new Dictionary<string, string> { ["resultado"] = "error" }, start, step, 0, 1),
            ])
            : SourceResult<IReadOnlyList<PromSeries>>.Success([]);

        var page = Open();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-chart=FacturasPorHora] [data-testid=chart]")));
        var chart = page.Find("[data-chart=FacturasPorHora]");
        var legend = chart.QuerySelectorAll("[data-testid=chart-legend]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["ok: 5", "error: 1"], legend);
        // "ok" is cut by its NaN into two lines: a gap, not a dip to zero.
        Assert.Equal(3, chart.QuerySelectorAll("polyline").Length);
        // A chart whose queries have no data says so instead of drawing a flat zero.
        Assert.Contains("sin datos", page.Find("[data-chart=Ventas] [data-testid=chart-no-data]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailingQuery_ShowsTheSourcesReason()
    {
        _prometheus.RangeAnswer = (_, _, _, _) => SourceResult<IReadOnlyList<PromSeries>>.Failure(new SourceError(SourceErrorKind.Unreachable, "no se pudo conectar con Prometheus"));

        var page = Open();

        page.WaitForAssertion(() => Assert.Contains("no se pudo conectar con Prometheus", page.Find("[data-chart=Inflacion] [data-testid=chart-no-data]").TextContent, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1h", 3600)]
    [InlineData("24h", 86400)]
    [InlineData("30d", 2592000)]
    public void TheRangeInTheAddress_SetsEveryRangeQuery_WithAStepUnderThePointLimit(string preset, int seconds)
    {
        var page = Open("kpis?rango=" + preset);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-kpi]")));
        var queries = _prometheus.RangeQueries.ToList();
        Assert.Equal(BusinessKpisViewModel.Charts.Sum(c => c.Queries.Count), queries.Count);
        foreach (var (_, start, end, step) in queries)
        {
            Assert.Equal(Now, end);
            Assert.Equal(TimeSpan.FromSeconds(seconds), end - start);
            Assert.True((end - start) / step <= TimeRange.ChartPoints, $"{step} gives too many points");
            Assert.True(step >= TimeRange.ScrapeInterval);
        }
        Assert.Equal("true", page.Find($"[data-range='{preset}']").GetAttribute("aria-pressed"));
        // Grafana opens the same window.
        var grafana = page.Find("[data-testid=grafana-link]").GetAttribute("href")!;
        Assert.Contains($"from={(Now.AddSeconds(-seconds)).ToUnixTimeMilliseconds()}&to={Now.ToUnixTimeMilliseconds()}", grafana, StringComparison.Ordinal);
        Assert.StartsWith("http://grafana:3000/d/minimarket-business?", grafana, StringComparison.Ordinal);
    }

    [Fact]
    public void ACustomRange_IsUsedAsIs()
    {
        var page = Open("kpis?desde=2026-11-20T03:00:00Z&hasta=2026-11-21T03:00:00Z");

        page.WaitForAssertion(() => Assert.NotEmpty(_prometheus.RangeQueries));
        var (_, start, end, _) = _prometheus.RangeQueries.First();
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero), end);
        Assert.Contains("mud-button-filled", page.Find("[data-range=custom]").ClassName, StringComparison.Ordinal);
        Assert.Contains("20/11/2026 00:00:00", page.Find("[data-testid=range-text]").TextContent, StringComparison.Ordinal); // Buenos Aires time
    }

    [Theory]
    [InlineData("kpis?desde=2026-11-21T03:00:00Z&hasta=2026-11-20T03:00:00Z", "posterior")]
    [InlineData("kpis?desde=ayer&hasta=2026-11-20T03:00:00Z", "no es una fecha")]
    [InlineData("kpis?rango=2anos", "Rango desconocido")]
    [InlineData("kpis?desde=2026-01-01T00:00:00Z&hasta=2026-11-20T00:00:00Z", "90 días")]
    public void ABadRange_FallsBackTo24h_AndSaysWhy(string address, string reason)
    {
        var page = Open(address);

        page.WaitForAssertion(() => Assert.Contains(reason, page.Find("[data-testid=range-error]").TextContent, StringComparison.Ordinal));
        Assert.All(_prometheus.RangeQueries, q => Assert.Equal(TimeSpan.FromHours(24), q.End - q.Start));
    }

    [Fact]
    public void Definitions_AreForEveryone_ThePromQlOnlyForGuardiaAndAdmin()
    {
        var page = Open();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-kpi]")));
        Assert.Equal(BusinessKpisViewModel.Cards.Count + BusinessKpisViewModel.Charts.Count + BusinessKpisViewModel.Breakdowns.Count,
            page.FindAll("[data-testid=kpi-definition]").Count);
        Assert.All(page.FindAll("[data-testid=kpi-caveats]"), c => Assert.True(c.TextContent.Trim().Length > 20));
        Assert.Empty(page.FindAll("[data-testid=kpi-promql]"));

        _auth.SetRoles("guardia");
        _auth.SetPolicies(Policies.OnCall);
        var guardia = Open();
        guardia.WaitForAssertion(() => Assert.NotEmpty(guardia.FindAll("[data-testid=kpi-promql]")));
        Assert.Contains(guardia.FindAll("[data-testid=kpi-promql]"), e => e.TextContent.Contains(Kpis.SalesToday.PromQl, StringComparison.Ordinal));
    }

    [Fact]
    public void Breakdowns_ShowABarPerLabelValue_LargestFirst()
    {
        _prometheus.QueryAnswer = query => query == BusinessKpisViewModel.Breakdowns[0].PromQl
            ? SourceResult<IReadOnlyList<PromSample>>.Success(
            [
                new PromSample(new Dictionary<string, string> { ["categoria"] = "Almacén" }, Now, 1000),
                new PromSample(new Dictionary<string, string> { ["categoria"] = "Bebidas" }, Now, 5000),
                new PromSample(new Dictionary<string, string> { ["categoria"] = "Roto" }, Now, double.NaN),
            ])
            : SourceResult<IReadOnlyList<PromSample>>.Success([]);

        var page = Open();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-breakdown=StockPorCategoria] [data-testid=bar]").Count));
        var rows = page.FindAll("[data-breakdown=StockPorCategoria] [data-testid=bar]").Select(r => r.TextContent.Trim().ReplaceLineEndings(" ")).ToList();
        Assert.StartsWith("Bebidas", rows[0], StringComparison.Ordinal);
        Assert.Contains("$ 5.000,00", rows[0], StringComparison.Ordinal);
        Assert.Contains("sin datos", page.Find("[data-breakdown=OrdenesPorEstado] [data-testid=chart-no-data]").TextContent, StringComparison.Ordinal);
    }
}

/// <summary>The texts the KPIs page looks up by computed key exist (LocalizationTests checks the literal ones).</summary>
public sealed class BusinessKpisTextTests
{
    [Fact]
    public void EveryComputedKey_ExistsInStringsResx()
    {
        var resx = System.Xml.Linq.XDocument.Load(Path.Combine(MiniMarket.Testing.RepositoryPaths.Root, "MiniMarket.Console", "Resources", "Strings.resx"));
        var keys = resx.Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var wanted = TimeRange.Presets.Select(p => TimeRange.LabelKey(p.Key))
            .Concat(BusinessKpisViewModel.Cards.SelectMany(c => new[] { c.TitleKey, c.DefinitionKey, c.CaveatsKey }))
            .Concat(BusinessKpisViewModel.Charts.SelectMany(c => new[] { c.TitleKey, c.DefinitionKey, c.CaveatsKey }))
            .Concat(BusinessKpisViewModel.Charts.SelectMany(c => c.Queries).Select(q => q.LegendKey).OfType<string>())
            .Concat(BusinessKpisViewModel.Breakdowns.SelectMany(b => new[] { b.TitleKey, b.DefinitionKey, b.CaveatsKey }));
        var missing = wanted.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, string.Join(", ", missing));
    }
}

/// <summary>How numbers read on chart axes.</summary>
public sealed class AxisFormatTests
{
    [Theory]
    [InlineData(KpiUnit.Count, 0.015, 0.005, "0,015")] // a drift score: ticks 0,005 apart keep 3 decimals
    [InlineData(KpiUnit.Count, 0.01, 0.005, "0,01")]
    [InlineData(KpiUnit.Count, 0.5, 0.1, "0,5")]
    [InlineData(KpiUnit.Count, 1500, 500, "1.500")]
    [InlineData(KpiUnit.Ars, 35_000, 5_000, "$ 35 k")]
    [InlineData(KpiUnit.Ars, 1_200_000, 200_000, "$ 1,2 M")]
    [InlineData(KpiUnit.Ratio, 0.0025, 0.0005, "0,25 %")]
    [InlineData(KpiUnit.Ratio, 0.5, 0.25, "50 %")]
    public void Axis_GivesSmallTicksTheDecimalsThatTellThemApart(KpiUnit unit, double value, double step, string expected) =>
        Assert.Equal(expected, KpiFormat.Axis(unit, value, step));
}

/// <summary>The range picker's arithmetic.</summary>
public sealed class TimeRangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EveryPresetAndTheLongestCustomRange_StayUnderPrometheusPointLimit()
    {
        foreach (var (key, length) in TimeRange.Presets)
        {
            var range = TimeRange.Last(key, Now);
            Assert.Equal(length, range.Length);
            Assert.True(range.Length / range.Step <= TimeRange.ChartPoints);
        }
        var longest = new TimeRange(null, Now - TimeRange.MaxLength, Now);
        Assert.True(longest.Length / longest.Step < PromQl.MaxPointsPerSeries);
        // A short custom range is never finer than the scrape interval.
        Assert.Equal(TimeRange.ScrapeInterval, new TimeRange(null, Now.AddMinutes(-5), Now).Step);
    }

    [Fact]
    public void AFutureEnd_IsRefused()
    {
        var (range, error) = TimeRange.Parse(null, TimeRange.ToQuery(Now.AddHours(-1)), TimeRange.ToQuery(Now.AddHours(1)), Now);
        Assert.Contains("futuro", error, StringComparison.Ordinal);
        Assert.Equal("24h", range.Preset);
    }
}
