using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Pages.Chain;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Tests;

/// <summary>
/// Sucursales, the chain overview, over a fake chain Prometheus whose answers are per store as Mimir's would be: each
/// store's state (ok / problema / sin visibilidad, a silent store and an expected one that never sent said as such),
/// today's figures and the chain's totals, and the queries: one per figure, grouped by store, whatever the number of stores.
/// </summary>
public sealed class ChainPageTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakePrometheusClient _prometheus = new();
    private readonly ConcurrentQueue<string> _queries = new();
    private readonly Dictionary<string, List<(Dictionary<string, string> Labels, double Value)>> _answers = new(StringComparer.Ordinal);

    public ChainPageTests()
    {
        _bunit.Services.AddSingleton<IPrometheusClient>(_prometheus);
        _bunit.Services.AddSingleton(TimeProvider.System);
        _bunit.Services.AddSingleton(Options.Create(new ObservabilityOptions { PrometheusUrl = "http://p", RefreshInterval = TimeSpan.FromSeconds(60) }));
        _bunit.Services.AddSingleton(Options.Create(new ChainOptions { Stores = [new ChainStore { Id = "tigre", Name = "Tigre (nueva)" }] }));
        _bunit.Services.AddScoped<StoreSelection>();
        _bunit.Services.AddSingleton(Options.Create(new StoreOptions { Id = "casa-central", Name = "Casa Central" }));
        _bunit.Services.AddTransient<ChainViewModel>();
        _prometheus.QueryAnswer = query =>
        {
            _queries.Enqueue(query);
            return SourceResult<IReadOnlyList<PromSample>>.Success(_answers.TryGetValue(query, out var rows)
                ? [.. rows.Select(r => new PromSample(r.Labels, DateTimeOffset.UtcNow, r.Value))] : []);
        };
        _bunit.SignIn("guardia").SetPolicies(MiniMarket.Console.Hosting.Policies.OnCall);
        _bunit.RenderProviders(interactive: false);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private void Answer(string query, string store, double value, params (string Key, string Value)[] labels) =>
        (_answers.TryGetValue(query, out var list) ? list : _answers[query] = []).Add((new Dictionary<string, string>(labels.ToDictionary(l => l.Key, l => l.Value)) { ["store"] = store }, value));

    /// <summary>A store that sends: its Prometheus now and in the last day, its name, its figures.</summary>
    private void Sending(string store, string name, double sales, double projected, double critical, double orders, double invoices)
    {
        Answer(ChainViewModel.SeenNowQuery, store, 1);
        Answer(ChainViewModel.SeenTodayQuery, store, 1);
        Answer(ChainViewModel.NamesQuery, store, 1, ("store_id", store), ("store_name", name));
        Answer(ChainViewModel.SalesQuery, store, sales);
        Answer(ChainViewModel.ProjectedQuery, store, projected);
        Answer(ChainViewModel.CriticalQuery, store, critical);
        Answer(ChainViewModel.OrdersQuery, store, orders);
        Answer(ChainViewModel.InvoicesQuery, store, invoices);
    }

    private static string Cell(IRenderedComponent<Chain> page, string store, string cell) =>
        page.FindAll("[data-testid=stores] tbody tr").Single(r => r.QuerySelector($"[data-store={store}]") is not null).QuerySelector($"[data-testid={cell}]")!.TextContent.Trim();

    private static string State(IRenderedComponent<Chain> page, string store) =>
        page.FindAll("[data-testid=stores] tbody tr").Single(r => r.QuerySelector($"[data-store={store}]") is not null).QuerySelector("[data-state]:not([data-store])")!.GetAttribute("data-state")!;

    [Fact]
    public void EachStore_ItsStateAndFigures_AndTheChainsTotals()
    {
        Sending("palermo", "Palermo", 1_500_000, 2_000_000, 2, 3, 1);
        // Quilmes' Prometheus also scrapes a console of Casa Central's: its store_info does not rename Quilmes.
        Answer(ChainViewModel.NamesQuery, "quilmes", 1, ("store_id", "casa-central"), ("store_name", "Casa Central"));
        Sending("quilmes", "Quilmes", 800_000, 700_000, 0, 1, 0);
        Answer(ChainViewModel.AlertsQuery, "quilmes", 1, ("severity", "critical"));
        Answer(ChainViewModel.AlertsQuery, "quilmes", 2, ("severity", "medium"));
        Answer(ChainViewModel.AlertsQuery, "palermo", 1, ("severity", "medium"));
        // belgrano sent today but not now: its link is down.
        Answer(ChainViewModel.SeenTodayQuery, "belgrano", 1);
        Answer(ChainViewModel.NamesQuery, "belgrano", 1, ("store_id", "belgrano"), ("store_name", "Belgrano"));

        var page = _bunit.Render<Chain>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=stores] tbody tr").Count));
        Assert.Equal("up", State(page, "palermo"));
        Assert.Equal("down", State(page, "quilmes"));
        Assert.Equal("unknown", State(page, "belgrano"));
        Assert.Equal("unknown", State(page, "tigre"));
        Assert.Contains("Dejó de enviar datos", Cell(page, "belgrano", "store-reason"), StringComparison.Ordinal);
        Assert.Contains("No envió datos en el último día", Cell(page, "tigre", "store-reason"), StringComparison.Ordinal);
        Assert.Contains("1 alerta(s) crítica(s) o alta(s)", Cell(page, "quilmes", "store-reason"), StringComparison.Ordinal);
        // Worst first: the two without visibility, then the problem, then the one that is well.
        var order = page.FindAll("[data-testid=stores] tbody tr [data-store]").Select(c => c.GetAttribute("data-store")).ToList();
        Assert.Equal(["belgrano", "tigre", "quilmes", "palermo"], order);

        Assert.Contains("Quilmes", page.FindAll("[data-testid=stores] tbody tr").Single(r => r.QuerySelector("[data-store=quilmes]") is not null).TextContent, StringComparison.Ordinal);
        Assert.Equal("$ 1.500.000,00", Cell(page, "palermo", "sales"));
        Assert.StartsWith("75 %", Cell(page, "palermo", "vs-projection"), StringComparison.Ordinal);
        Assert.Equal("2", Cell(page, "palermo", "critical"));
        Assert.Equal("sin datos", Cell(page, "belgrano", "sales")); // no data is not a zero
        Assert.Equal("1 críticas · 0 altas · 2 medias", Cell(page, "quilmes", "alerts"));
        Assert.Contains("sucursal=quilmes", page.FindAll("[data-testid=stores] tbody tr [data-testid=alerts] a").Select(a => a.GetAttribute("href")).Single(h => h!.Contains("quilmes", StringComparison.Ordinal)), StringComparison.Ordinal);

        Assert.Equal("$ 2.300.000,00", page.Find("[data-testid=total-sales]").TextContent.Trim());
        Assert.Equal("2", page.Find("[data-testid=total-critical]").TextContent.Trim());
        Assert.Equal("1 críticas · 0 altas · 3 medias", page.Find("[data-testid=total-alerts]").TextContent.Trim());
        Assert.Equal("unknown", page.Find("[data-testid=chain-status]").GetAttribute("data-state"));
        Assert.Contains("4 sucursal(es): 1 ok, 1 con problemas, 2 sin visibilidad", page.Find("[data-testid=chain-status]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoreAlone_WhoseSeriesHaveNoStoreLabel_IsTheConsolesOwnStore()
    {
        _prometheus.QueryAnswer = query =>
        {
            double? value = query switch
            {
                ChainViewModel.SeenNowQuery or ChainViewModel.SeenTodayQuery => 1,
                ChainViewModel.SalesQuery => 12_345,
                _ => null,
            };
            return SourceResult<IReadOnlyList<PromSample>>.Success(value is { } v ? [new PromSample(new Dictionary<string, string>(), DateTimeOffset.UtcNow, v)] : []);
        };

        var page = _bunit.Render<Chain>();

        page.WaitForAssertion(() => Assert.Equal("up", State(page, "casa-central")));
        Assert.Contains("Casa Central", page.Find("[data-store=casa-central]").TextContent, StringComparison.Ordinal);
        Assert.Equal("$ 12.345,00", Cell(page, "casa-central", "sales"));
    }

    [Fact]
    public void PrometheusUnreachable_IsNoVisibility_NotAnEmptyChain()
    {
        _prometheus.QueryAnswer = _ => SourceResult<IReadOnlyList<PromSample>>.Failure(new SourceError(SourceErrorKind.Unreachable, "no responde"));

        var page = _bunit.Render<Chain>();

        page.WaitForAssertion(() => Assert.Contains("no responde", page.Find("[data-testid=chain-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=stores]"));
    }

    /// <summary>The overview does not ask one query per store per figure: 1, 3 or 200 stores, the same queries, each grouped by store.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(200)]
    public async Task TheQueries_DoNotGrowWithTheStores(int stores)
    {
        for (var i = 0; i < stores; i++) Sending($"suc-{i:000}", $"Sucursal {i}", 1000 + i, 2000, i % 3, 1, 0);
        var model = new ChainViewModel(_prometheus, Options.Create(new StoreOptions { Id = "casa-central", Name = "Casa Central" }),
            Options.Create(new ChainOptions()), TimeProvider.System);

        var snapshot = await model.LoadAsync();

        Assert.Equal(stores, snapshot.Stores.Count);
        Assert.Equal(ChainViewModel.Queries.Count, _queries.Count);
        Assert.Single(_prometheus.RangeQueries);
        Assert.All(_queries, q => Assert.Contains("by (store", q, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, stores).Sum(i => 1000.0 + i), snapshot.Totals.SalesToday);
    }
}
