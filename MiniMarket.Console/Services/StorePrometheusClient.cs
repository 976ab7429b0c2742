using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace MiniMarket.Console.Services;

/// <summary>
/// Prometheus as the pages see it: about the store the person is working on (<see cref="StoreSelection"/>, from the page's
/// address), whatever Prometheus the console reads — a store's own or the chain's. Every query reads that store's
/// series only (<see cref="StoreScope"/>); its targets and alerts are its own. For another store than the console's, whose
/// targets and alert states only its own Prometheus knows, they are read from what it sends to the chain: <c>up</c> and
/// <c>ALERTS</c> with its store label (none when the console reads a store's Prometheus: "sin datos", not this store's).
/// The chain overview reads the chain unscoped (<see cref="PrometheusSources.Chain"/>).
/// </summary>
public sealed class StorePrometheusClient(PrometheusSources sources, CurrentStore current) : IPrometheusClient
{
    private Task<StoreScope> scope(CancellationToken cancellationToken) => current.GetAsync(cancellationToken);

    /// <summary>The console's own store from its Prometheus (it works while the chain's link is down); another from the chain's.</summary>
    private CoalescingPrometheusClient SourceOf(StoreScope store) => store.Own ? sources.Store : sources.Chain;

    public async Task<SourceResult<IReadOnlyList<PromSample>>> QueryAsync(string promQl, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
    {
        var store = await scope(cancellationToken);
        return await SourceOf(store).QueryAsync(store.Apply(promQl), time, cancellationToken);
    }

    public async Task<SourceResult<IReadOnlyList<PromSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        var store = await scope(cancellationToken);
        return await SourceOf(store).QueryRangeAsync(store.Apply(promQl), start, end, step, cancellationToken);
    }

    public async Task<SourceResult<IReadOnlyList<ScrapeTarget>>> GetTargetsAsync(CancellationToken cancellationToken = default)
    {
        var store = await scope(cancellationToken);
        if (store.Own) return await sources.Store.GetTargetsAsync(cancellationToken);
        var chain = sources.Chain;
        // Another store: each target's last `up` (1 answered, 0 did not) and when it was scraped.
        var upTask = chain.QueryAsync(store.Apply("up"), null, cancellationToken);
        var atTask = chain.QueryAsync(store.Apply("timestamp(up)"), null, cancellationToken);
        var (up, at) = (await upTask, await atTask);
        if (!up.Ok) return SourceResult<IReadOnlyList<ScrapeTarget>>.Failure(up.Error!);
        var scraped = at.Ok ? at.Value!.GroupBy(s => Key(s.Metric), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal) : [];
        var targets = up.Value!.Select(s =>
        {
            var labels = s.Metric.Where(l => l.Key != "__name__").ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            DateTimeOffset? last = scraped.TryGetValue(Key(s.Metric), out var unix) && double.IsFinite(unix) && unix > 0
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(unix * 1000)) : null;
            var answered = s.Value == 1;
            return new ScrapeTarget(labels, labels.GetValueOrDefault("job", ""), "", answered ? "up" : "down", last, null,
                answered ? null : "El Prometheus de la sucursal no pudo leerlo.");
        }).ToList();
        return SourceResult<IReadOnlyList<ScrapeTarget>>.Success(targets, up.Warnings);
    }

    public async Task<SourceResult<IReadOnlyList<AlertingRule>>> GetAlertingRulesAsync(CancellationToken cancellationToken = default)
    {
        var store = await scope(cancellationToken);
        // The rules are the same at every store: the console's own Prometheus has them.
        var rules = await sources.Store.GetAlertingRulesAsync(cancellationToken);
        if (!rules.Ok) return rules;
        if (store.Own)
        {
            return SourceResult<IReadOnlyList<AlertingRule>>.Success(
                [.. rules.Value!.Select(r => r with { Alerts = [.. r.Alerts.Where(a => store.Holds(a.Labels))] })], rules.Warnings);
        }
        // Every store runs the same rules; their state here is the other store's, from its ALERTS series.
        var alerts = await AlertsOfAsync(store, cancellationToken);
        if (!alerts.Ok) return SourceResult<IReadOnlyList<AlertingRule>>.Failure(alerts.Error!);
        return SourceResult<IReadOnlyList<AlertingRule>>.Success([.. rules.Value!.Select(r =>
        {
            var own = alerts.Value!.Where(a => a.Name == r.Name).ToList();
            var state = own.Any(a => a.State == "firing") ? "firing" : own.Count > 0 ? "pending" : "inactive";
            return r with { State = state, Alerts = own };
        })], rules.Warnings);
    }

    public async Task<SourceResult<IReadOnlyList<PromAlert>>> GetAlertsAsync(CancellationToken cancellationToken = default)
    {
        var store = await scope(cancellationToken);
        if (!store.Own) return await AlertsOfAsync(store, cancellationToken);
        var alerts = await sources.Store.GetAlertsAsync(cancellationToken);
        return alerts.Ok ? SourceResult<IReadOnlyList<PromAlert>>.Success([.. alerts.Value!.Where(a => store.Holds(a.Labels))], alerts.Warnings) : alerts;
    }

    /// <summary>Another store's pending and firing alerts, from the ALERTS series its Prometheus sends (labels, state; no annotations).</summary>
    private async Task<SourceResult<IReadOnlyList<PromAlert>>> AlertsOfAsync(StoreScope store, CancellationToken cancellationToken)
    {
        var answer = await sources.Chain.QueryAsync(store.Apply("ALERTS"), null, cancellationToken);
        if (!answer.Ok) return SourceResult<IReadOnlyList<PromAlert>>.Failure(answer.Error!);
        return SourceResult<IReadOnlyList<PromAlert>>.Success([.. answer.Value!.Select(s => new PromAlert(
            s.Metric.Where(l => l.Key is not ("__name__" or "alertstate")).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
            new Dictionary<string, string>(), s.Metric.GetValueOrDefault("alertstate", "firing"), null, double.NaN))], answer.Warnings);
    }

    private static string Key(IReadOnlyDictionary<string, string> labels) =>
        string.Join('\n', labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
}

/// <summary>
/// The store the person's pages are about, per circuit: the address' <c>?sucursal=</c> when the person may see that
/// store, else their own (<see cref="StoreSelection"/>), as a <see cref="StoreScope"/> for Prometheus and Alertmanager reads.
/// </summary>
public sealed class CurrentStore(Func<CancellationToken, Task<StoreScope>> read)
{
    public Task<StoreScope> GetAsync(CancellationToken cancellationToken = default) => read(cancellationToken);

    /// <summary>A fixed store (tests, tools).</summary>
    public static CurrentStore Fixed(StoreScope scope) => new(_ => Task.FromResult(scope));

    /// <summary>From the circuit's (or request's) services: the page's address, the person signed in, the choice made.</summary>
    public static CurrentStore FromServices(IServiceProvider services) => new(async _ =>
    {
        var selection = services.GetRequiredService<StoreSelection>();
        ClaimsPrincipal user;
        try
        {
            user = services.GetService<AuthenticationStateProvider>() is { } state ? (await state.GetAuthenticationStateAsync()).User : new ClaimsPrincipal();
        }
        catch (InvalidOperationException)
        {
            // Outside a circuit or a request (no authentication state): nobody, so the console's own store.
            user = new ClaimsPrincipal();
        }
        var store = selection.CurrentOnPage(services.GetService<NavigationManager>(), user);
        return new StoreScope(store.Id, store.Id == selection.Own.Id);
    });
}

/// <summary>The Prometheus the console reads for its own store, and the chain's (the same one when there is no chain store).</summary>
public sealed class PrometheusSources(CoalescingPrometheusClient store, CoalescingPrometheusClient chain)
{
    /// <summary>The named HttpClient of the chain's store (Observability:ChainPrometheusUrl).</summary>
    public const string ChainClient = "chain-prometheus";

    public CoalescingPrometheusClient Store { get; } = store;

    public CoalescingPrometheusClient Chain { get; } = chain;
}
