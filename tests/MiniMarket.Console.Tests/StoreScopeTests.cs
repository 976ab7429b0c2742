using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Tests;

/// <summary>
/// The pages' figures are about the chosen store: every selector of every query gets the store's matcher (own store:
/// its series with or without the label; another: only its label), targets and alerts are that store's.
/// </summary>
public sealed class StoreScopeTests
{
    private const string M = "store=\"quilmes\"";

    [Theory]
    [InlineData("up", "up{" + M + "}")]
    [InlineData("up{job=\"x\"}", "up{" + M + ",job=\"x\"}")]
    [InlineData("up{}", "up{" + M + "}")]
    [InlineData("{__name__=~\"a|b\"}", "{" + M + ",__name__=~\"a|b\"}")]
    [InlineData("sum by (store, service) (rate(http_requests_total{code=~\"5..\"}[5m]))",
        "sum by (store, service) (rate(http_requests_total{" + M + ",code=~\"5..\"}[5m]))")]
    [InlineData("sum(rate(a_total[5m])) by (job) / on(service) group_left(x) b > bool 0.5",
        "sum(rate(a_total{" + M + "}[5m])) by (job) / on(service) group_left(x) b{" + M + "} > bool 0.5")]
    [InlineData("time() - min by (job) (min_over_time(timestamp(up)[15m:15s]))",
        "time() - min by (job) (min_over_time(timestamp(up{" + M + "})[15m:15s]))")]
    [InlineData("service:http_errors:ratio_rate5m offset 1h", "service:http_errors:ratio_rate5m{" + M + "} offset 1h")]
    [InlineData("label_replace(up, \"a{b}\", \"$1\", 'job', `(.*)`)", "label_replace(up{" + M + "}, \"a{b}\", \"$1\", 'job', `(.*)`)")]
    [InlineData("count_values(\"v\", x) or vector(0) unless absent(y) and z == Inf",
        "count_values(\"v\", x{" + M + "}) or vector(0) unless absent(y{" + M + "}) and z{" + M + "} == Inf")]
    [InlineData("x # a comment with y{}\n+ y", "x{" + M + "} # a comment with y{}\n+ y{" + M + "}")]
    [InlineData("a * on(i) group_left b", "a{" + M + "} * on(i) group_left b{" + M + "}")]
    [InlineData("histogram_quantile(0.95, sum by (le) (rate(h_bucket[5m]))) > 1.5e-3",
        "histogram_quantile(0.95, sum by (le) (rate(h_bucket{" + M + "}[5m]))) > 1.5e-3")]
    [InlineData("x{a=\"}\\\"{\"}", "x{" + M + ",a=\"}\\\"{\"}")]
    public void AddMatcher_GoesIntoEverySelectorAndNowhereElse(string query, string expected) =>
        Assert.Equal(expected, PromQlSelectors.AddMatcher(query, M));

    [Fact]
    public void Scope_OwnStore_MatchesItsSeriesWithOrWithoutTheLabel_AnotherOnlyWithIt()
    {
        var own = new StoreScope("palermo", Own: true);
        var other = new StoreScope("quilmes", Own: false);
        Assert.Equal("up{store=~\"palermo|\"}", own.Apply("up"));
        Assert.Equal("up{store=\"quilmes\"}", other.Apply("up"));
        var unlabelled = new Dictionary<string, string> { ["job"] = "deposito" };
        Assert.True(own.Holds(unlabelled));
        Assert.False(other.Holds(unlabelled));
        Assert.True(other.Holds(new Dictionary<string, string> { ["store"] = "quilmes" }));
        Assert.False(own.Holds(new Dictionary<string, string> { ["store"] = "quilmes" }));
    }

    private static StorePrometheusClient Client(FakePrometheusClient inner, StoreScope scope)
    {
        var client = new CoalescingPrometheusClient(() => inner, TimeProvider.System);
        return new(new PrometheusSources(client, client), CurrentStore.Fixed(scope));
    }

    private static PromSample Sample(double value, params (string Key, string Value)[] labels) =>
        new(labels.ToDictionary(l => l.Key, l => l.Value), DateTimeOffset.UnixEpoch, value);

    [Fact]
    public async Task Queries_ReadTheChosenStoreOnly()
    {
        var asked = new List<string>();
        var inner = new FakePrometheusClient { QueryAnswer = q => { lock (asked) asked.Add(q); return SourceResult<IReadOnlyList<PromSample>>.Success([]); } };
        var client = Client(inner, new StoreScope("quilmes", Own: false));
        await client.QueryAsync("sum(negocio_ventas_hoy_ars)");
        await client.QueryRangeAsync("deposito_productos_criticos", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), TimeSpan.FromMinutes(1));
        Assert.Equal(["sum(negocio_ventas_hoy_ars{store=\"quilmes\"})"], asked);
        Assert.Equal("deposito_productos_criticos{store=\"quilmes\"}", Assert.Single(inner.RangeQueries).Query);
    }

    [Fact]
    public async Task OwnStore_ReadsItsOwnPrometheus_AnotherTheChains()
    {
        var local = new FakePrometheusClient { QueryAnswer = _ => SourceResult<IReadOnlyList<PromSample>>.Success([Sample(1)]) };
        var chain = new FakePrometheusClient { QueryAnswer = _ => SourceResult<IReadOnlyList<PromSample>>.Success([Sample(2), Sample(3)]) };
        var sources = new PrometheusSources(new CoalescingPrometheusClient(() => local, TimeProvider.System), new CoalescingPrometheusClient(() => chain, TimeProvider.System));
        var own = new StorePrometheusClient(sources, CurrentStore.Fixed(new StoreScope("palermo", Own: true)));
        var other = new StorePrometheusClient(sources, CurrentStore.Fixed(new StoreScope("quilmes", Own: false)));
        Assert.Single((await own.QueryAsync("up")).Value!);
        Assert.Equal(2, (await other.QueryAsync("up")).Value!.Count);
    }

    [Fact]
    public async Task AnotherStore_TargetsComeFromItsUpSeries()
    {
        var inner = new FakePrometheusClient
        {
            Targets = SourceResult<IReadOnlyList<ScrapeTarget>>.Success([FakePrometheusClient.Target("local-only", "up", DateTimeOffset.UnixEpoch)]),
            QueryAnswer = q => SourceResult<IReadOnlyList<PromSample>>.Success(q switch
            {
                "up{store=\"quilmes\"}" => [Sample(1, ("__name__", "up"), ("job", "deposito"), ("instance", "q:8001"), ("store", "quilmes")),
                    Sample(0, ("__name__", "up"), ("job", "ml"), ("instance", "q:8003"), ("store", "quilmes"))],
                "timestamp(up{store=\"quilmes\"})" => [Sample(1_700_000_000, ("job", "deposito"), ("instance", "q:8001"), ("store", "quilmes"))],
                _ => [],
            }),
        };
        var targets = (await Client(inner, new StoreScope("quilmes", Own: false)).GetTargetsAsync()).Value!;
        Assert.Equal(["deposito up", "ml down"], targets.Select(t => t.Job + " " + t.Health).Order(StringComparer.Ordinal));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), targets.Single(t => t.Job == "deposito").LastScrape);
        Assert.Null(targets.Single(t => t.Job == "ml").LastScrape);
        Assert.NotNull(targets.Single(t => t.Job == "ml").LastError);

        var own = (await Client(inner, new StoreScope("palermo", Own: true)).GetTargetsAsync()).Value!;
        Assert.Equal("local-only", Assert.Single(own).Job);
    }

    [Fact]
    public async Task Alerts_AreTheChosenStores()
    {
        static PromAlert Alert(string name, string? store) => new(store is null
            ? new Dictionary<string, string> { ["alertname"] = name }
            : new Dictionary<string, string> { ["alertname"] = name, ["store"] = store }, new Dictionary<string, string>(), "firing", null, 1);
        var inner = new FakePrometheusClient
        {
            Alerts = SourceResult<IReadOnlyList<PromAlert>>.Success([Alert("Local", null), Alert("Palermo", "palermo"), Alert("Quilmes", "quilmes")]),
            QueryAnswer = q => SourceResult<IReadOnlyList<PromSample>>.Success(q == "ALERTS{store=\"quilmes\"}"
                ? [Sample(1, ("__name__", "ALERTS"), ("alertname", "StockCritico"), ("alertstate", "pending"), ("store", "quilmes"))]
                : []),
        };
        var own = (await Client(inner, new StoreScope("palermo", Own: true)).GetAlertsAsync()).Value!;
        Assert.Equal(["Local", "Palermo"], own.Select(a => a.Name));
        var other = Assert.Single((await Client(inner, new StoreScope("quilmes", Own: false)).GetAlertsAsync()).Value!);
        Assert.Equal(("StockCritico", "pending"), (other.Name, other.State));
        Assert.False(other.Labels.ContainsKey("alertstate"));
    }

    [Fact]
    public async Task CurrentStore_FollowsTheAddress_OnlyToAStoreThePersonMaySee()
    {
        var own = Options.Create(new StoreOptions { Id = "palermo", Name = "Palermo" });
        var chain = Options.Create(new ChainOptions { Stores = [new ChainStore { Id = "quilmes", Name = "Quilmes" }] });
        async Task<StoreScope> ScopeAsync(string role, string address)
        {
            var services = new ServiceCollection()
                .AddSingleton(new StoreSelection(own, chain))
                .AddSingleton<Microsoft.AspNetCore.Components.NavigationManager>(new FixedNavigation(address))
                .AddSingleton<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>(new FixedAuthentication(role))
                .BuildServiceProvider();
            return await CurrentStore.FromServices(services).GetAsync();
        }
        Assert.Equal(new StoreScope("quilmes", false), await ScopeAsync(Roles.Admin, "http://c/salud?sucursal=quilmes"));
        Assert.Equal(new StoreScope("palermo", true), await ScopeAsync(Roles.Admin, "http://c/salud"));
        // An encargado of Palermo asking for Quilmes by address: still Palermo.
        Assert.Equal(new StoreScope("palermo", true), await ScopeAsync(Roles.Encargado, "http://c/salud?sucursal=quilmes"));
    }

    private sealed class FixedNavigation : Microsoft.AspNetCore.Components.NavigationManager
    {
        public FixedNavigation(string uri) => Initialize("http://c/", uri);
    }

    private sealed class FixedAuthentication(string role) : Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider
    {
        public override Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, role), new Claim(ClaimTypes.Name, "ana")], "test"))));
    }
}
