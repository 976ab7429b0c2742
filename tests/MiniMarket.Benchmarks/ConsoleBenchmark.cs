using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Bunit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Testing;
using MudBlazor.Services;

namespace MiniMarket.Benchmarks;

/// <summary>
/// The console's data loads against an in-process fake Prometheus + Alertmanager (Kestrel on 127.0.0.1, a fixed latency
/// per request, one query three times slower on purpose), with the console's real typed clients, coalescing client and
/// view models: (1) a page's data-load time against the slowest single query it runs, (2) managed memory per open
/// session, (3) Prometheus requests per refresh with 1 and with N sessions. Prints figures; asserts nothing.
/// </summary>
public static class ConsoleBenchmark
{
    /// <summary>The slowest query on purpose: Inicio's and KPIs de negocio's first card (an instant query; its range twin is not slowed).</summary>
    private static readonly string SlowQuery = Kpis.SalesToday.PromQl;

    private const int SlowFactor = 3;
    private const double LoadGoal = 1.2;
    private const double QueriesGoal = 2.0;

    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FigureBudget = TimeSpan.FromMinutes(4);

    /// <summary>Longer than the coalescing cache keeps an answer: after it, every read goes to Prometheus again.</summary>
    private static readonly TimeSpan PastMaxAge = CoalescingPrometheusClient.MaxAge + TimeSpan.FromMilliseconds(500);

    public static async Task RunAsync(int sessions, int rounds, int latencyMs)
    {
        sessions = Math.Max(1, sessions);
        rounds = Math.Max(1, rounds);
        latencyMs = Math.Max(0, latencyMs);

        var port = TestServers.FreePort();
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        var fake = new FakeObservability(latencyMs);
        await using var server = BuildFakeServer(url, fake);
        await server.StartAsync();
        try
        {
            var options = Options.Create(new ObservabilityOptions
            {
                PrometheusUrl = url,
                AlertmanagerUrl = url,
                RunbooksPath = Path.Combine(RepositoryPaths.Root, "observability", "runbooks"),
                // No live refresh fires while the benchmark measures (the memory figure keeps pages open).
                RefreshInterval = TimeSpan.FromMinutes(10),
            });
            await using var provider = BuildConsoleServices(options);

            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"console benchmark — {Environment.ProcessorCount} cores, fake Prometheus + Alertmanager in this process at {url}: {latencyMs} ms per request, " +
                $"{SlowFactor * latencyMs} ms for {SlowQuery} (the slowest query, on purpose); {sessions} sessions, {rounds} rounds"));
            System.Console.WriteLine("console clients as the console registers them (ObservabilityClients): typed HttpClients with the one resilience pipeline, CoalescingPrometheusClient as the singleton IPrometheusClient");
            System.Console.WriteLine();

            var (homeRatio, kpisRatio) = await LoadVersusSlowestAsync(provider, fake, rounds);
            System.Console.WriteLine();
            // Memory before the N-session refresh, so connections opened by that burst and closing meanwhile do not blur it.
            var memory = await MemoryPerSessionAsync(provider, sessions);
            System.Console.WriteLine();
            var queriesRatio = await QueriesPerRefreshAsync(provider, fake, sessions, Math.Min(rounds, 5));
            System.Console.WriteLine();

            System.Console.WriteLine("summary");
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  goal ≤ {LoadGoal:0.0}x (page data-load / slowest query): Inicio {homeRatio:0.00}x, KPIs de negocio {kpisRatio:0.00}x — {Met(homeRatio <= LoadGoal && kpisRatio <= LoadGoal)}"));
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  goal ≤ {QueriesGoal:0}x (Prometheus requests per refresh, {sessions} vs 1 sessions): {queriesRatio:0.00}x — {Met(queriesRatio <= QueriesGoal)}"));
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  memory per open session (no goal set): {memory:0.0} KiB managed heap per rendered Inicio (bUnit renderer), excludes SignalR circuit buffers and the connection"));
        }
        finally
        {
            await server.StopAsync();
        }
    }

    // ---- 1. Page data-load vs the slowest single query ------------------------------------------------------------

    private static async Task<(double Home, double Kpis)> LoadVersusSlowestAsync(ServiceProvider provider, FakeObservability fake, int rounds)
    {
        var options = provider.GetRequiredService<IOptions<ObservabilityOptions>>();
        var runbooks = provider.GetRequiredService<RunbookLibrary>();
        var time = TimeProvider.System;

        // A fresh CoalescingPrometheusClient per load: its cache starts empty, so nothing is answered from a previous
        // load; the typed clients come from the same HttpClientFactory, so connections are warm as in a running console.
        CoalescingPrometheusClient Fresh() => new(provider.GetRequiredService<PrometheusClient>, time);
        HomeViewModel NewHome()
        {
            var prometheus = Fresh();
            return new HomeViewModel(prometheus, new CoalescingAlertmanagerClient(provider.GetRequiredService<AlertmanagerClient>, time), new HealthViewModel(prometheus, options, time), runbooks, new UnconfiguredLokiClient(), options, time,
                new SloViewModel(prometheus, provider.GetRequiredService<SloCatalog>(), time));
        }
        BusinessKpisViewModel NewBusinessKpis() => new(Fresh(), options, time);
        static string Text(string key) => key;

        System.Console.WriteLine("page data-load vs the slowest single query it runs (goal ≤ 1.2x)");
        System.Console.WriteLine("  cache: a fresh CoalescingPrometheusClient per load (empty cache, nothing reused between loads); warm HTTP connections; 1 warm-up load of each first");

        // Warm-up (JIT, connections), counting what one load of each page sends.
        fake.Reset();
        var home = await NewHome().LoadAsync().WaitAsync(LoadTimeout);
        var (homePrometheus, homeAlertmanager) = (fake.PrometheusRequests, fake.AlertmanagerRequests);
        var homePaths = Paths(fake);
        fake.Reset();
        var kpis = await NewBusinessKpis().LoadAsync(TimeRange.Last("24h", time.GetUtcNow()), Text).WaitAsync(LoadTimeout);
        var kpisPrometheus = fake.PrometheusRequests;
        var kpisPaths = Paths(fake);
        var slowAnswer = await provider.GetRequiredService<PrometheusClient>().QueryAsync(SlowQuery).WaitAsync(LoadTimeout);
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  sanity: Inicio says {home.Status}, {home.Kpis.Count(k => k.Value is not null)}/{home.Kpis.Count} KPIs with a value; " +
            $"KPIs de negocio {kpis.Cards.Count(c => c.Value is not null)}/{kpis.Cards.Count} cards, {kpis.Charts.Count(c => c.Lines.Count > 0)}/{kpis.Charts.Count} charts, " +
            $"{kpis.Breakdowns.Count(b => b.Bars.Count > 0)}/{kpis.Breakdowns.Count} breakdowns with data; slowest query alone ok: {slowAnswer.Ok}"));
        System.Console.WriteLine("  Inicio sends: " + homePaths);
        System.Console.WriteLine("  KPIs de negocio sends: " + kpisPaths);

        var homeTimes = new List<double>(rounds);
        var kpisTimes = new List<double>(rounds);
        var slowTimes = new List<double>(rounds);
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds && clock.Elapsed < FigureBudget; round++)
        {
            var homeModel = NewHome();
            homeTimes.Add(await TimeAsync(() => homeModel.LoadAsync()));
            var kpisModel = NewBusinessKpis();
            var range = TimeRange.Last("24h", time.GetUtcNow());
            kpisTimes.Add(await TimeAsync(() => kpisModel.LoadAsync(range, Text)));
            // The slowest query alone, through a plain PrometheusClient (what the coalescing client wraps).
            var plain = provider.GetRequiredService<PrometheusClient>();
            slowTimes.Add(await TimeAsync(() => plain.QueryAsync(SlowQuery)));
        }
        if (homeTimes.Count < rounds) System.Console.WriteLine($"  stopped after {homeTimes.Count} rounds (time budget)");

        var slow = Median(slowTimes);
        var homeRatio = Ratio(Median(homeTimes), slow);
        var kpisRatio = Ratio(Median(kpisTimes), slow);
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  slowest query alone ({SlowQuery}, plain PrometheusClient): {Describe(slowTimes)}"));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Inicio (HomeViewModel.LoadAsync: {homePrometheus} Prometheus + {homeAlertmanager} Alertmanager requests): {Describe(homeTimes)}; page/slowest {homeRatio:0.00}x"));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  KPIs de negocio (BusinessKpisViewModel.LoadAsync, 24h: {kpisPrometheus} Prometheus requests): {Describe(kpisTimes)}; page/slowest {kpisRatio:0.00}x"));
        return (homeRatio, kpisRatio);
    }

    // ---- 2. Managed memory per open session -----------------------------------------------------------------------

    private static async Task<double> MemoryPerSessionAsync(ServiceProvider provider, int sessions)
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("es-AR");
        try
        {
            // One localizer factory for every session, as the console has (a singleton); each bUnit context otherwise
            // has its own root container.
            var localizers = new ResourceManagerStringLocalizerFactory(
                Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

            System.Console.WriteLine("server memory per open session");
            // Warm-up: JIT, MudBlazor's and the localizer's one-time caches, the coalescing cache.
            var (warm, _) = await OpenSessionAsync(provider, localizers, renderHome: true);
            await warm.DisposeAsync();
            _ = await provider.GetRequiredService<HomeViewModel>().LoadAsync().WaitAsync(LoadTimeout);

            // (a) Only what Inicio keeps in memory per session: its view models and last snapshot.
            var clock = Stopwatch.StartNew();
            var before = ManagedHeap();
            var held = new List<(HomeViewModel Model, HomeSnapshot Snapshot)>(sessions);
            for (var i = 0; i < sessions && clock.Elapsed < FigureBudget; i++)
            {
                var model = provider.GetRequiredService<HomeViewModel>();
                held.Add((model, await model.LoadAsync().WaitAsync(LoadTimeout)));
            }
            var after = ManagedHeap();
            var viewModels = Kib(after - before) / Math.Max(1, held.Count);
            var viewModelCount = held.Count;
            GC.KeepAlive(held);
            held.Clear();

            // (b) A bUnit context per session without a page, (c) with Inicio rendered and loaded.
            var (empty, _, emptyCount) = await ContextsAsync(provider, localizers, sessions, renderHome: false);
            var (page, markup, pageCount) = await ContextsAsync(provider, localizers, sessions, renderHome: true);

            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  HomeViewModel + HealthViewModel + last HomeSnapshot only: {viewModels:0.0} KiB per session ({viewModelCount} held)"));
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  bUnit context without a page (its DI container, renderer, MudBlazor services, popover provider): {empty:0.0} KiB per session ({emptyCount} open)"));
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  bUnit context with Inicio rendered and loaded: {page:0.0} KiB per session ({pageCount} open), of which bUnit's copy of the page's HTML ≈ {markup:0.0} KiB (no circuit keeps one)"));
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Inicio's own share (with page − without page − bUnit's HTML copy): {page - empty - markup:0.0} KiB per session"));
            System.Console.WriteLine("  measures: managed heap retained (GC.GetTotalMemory after full blocking compacting GCs, before and after opening the sessions one by one),");
            System.Console.WriteLine("    divided by the sessions; the page's component and render trees, its view models, last snapshot and LiveRefresh timer (10 min interval: no refresh runs meanwhile);");
            System.Console.WriteLine("    the sessions wait on the page markup string, not the DOM, so bUnit's AngleSharp DOM of the page is never built");
            System.Console.WriteLine("  leaves out: the SignalR circuit (hub connection, its pipes and send/receive buffers, render batches waiting for the browser), the WebSocket,");
            System.Console.WriteLine("    Kestrel's connection, native memory (sockets, ICU), and what all sessions share (coalescing cache, HttpClient pools, localizer, runbooks);");
            System.Console.WriteLine("    a bUnit context has a root container of its own (MudBlazor's singletons per session), so the bUnit figures overstate a circuit's scope");
            return page;
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    /// <summary>Opens up to <paramref name="sessions"/> sessions and answers the heap each holds and bUnit's copy of its HTML, in KiB.</summary>
    private static async Task<(double KibPerSession, double MarkupKibPerSession, int Count)> ContextsAsync(ServiceProvider provider,
        ResourceManagerStringLocalizerFactory localizers, int sessions, bool renderHome)
    {
        var contexts = new List<BunitContext>(sessions);
        try
        {
            var clock = Stopwatch.StartNew();
            var markupChars = 0L;
            var before = ManagedHeap();
            // One after another: the sessions reuse the warm connections (opened together, each would open its own
            // Alertmanager connection, and Kestrel's side of them lives in this process too).
            for (var i = 0; i < sessions && clock.Elapsed < FigureBudget; i++)
            {
                var (context, chars) = await OpenSessionAsync(provider, localizers, renderHome);
                contexts.Add(context);
                markupChars += chars;
            }
            var after = ManagedHeap();
            GC.KeepAlive(contexts);
            var count = Math.Max(1, contexts.Count);
            return (Kib(after - before) / count, Kib(markupChars * sizeof(char)) / count, contexts.Count);
        }
        finally
        {
            foreach (var context in contexts) await context.DisposeAsync();
        }
    }

    /// <summary>
    /// A session as in HomePageTests, with the real view models and the shared clients of <paramref name="provider"/>;
    /// with <paramref name="renderHome"/>, Inicio rendered and loaded. Answers the context and the length of Inicio's markup.
    /// </summary>
    private static async Task<(BunitContext Context, int MarkupChars)> OpenSessionAsync(ServiceProvider provider, ResourceManagerStringLocalizerFactory localizers, bool renderHome)
    {
        var context = new BunitContext();
        try
        {
            context.JSInterop.Mode = JSRuntimeMode.Loose;
            // Before AddLocalization, which only adds a factory when there is none.
            context.Services.AddSingleton<IStringLocalizerFactory>(localizers);
            context.Services.AddLocalization(o => o.ResourcesPath = "Resources");
            context.Services.AddMudServices();
            context.Services.AddScoped<CircuitPresence>();
            context.Services.AddSingleton(provider.GetRequiredService<IPrometheusClient>());
            context.Services.AddTransient(_ => provider.GetRequiredService<IAlertmanagerClient>());
            context.Services.AddSingleton(TimeProvider.System);
            context.Services.AddSingleton(provider.GetRequiredService<IOptions<ObservabilityOptions>>());
            context.Services.AddSingleton(provider.GetRequiredService<RunbookLibrary>());
            context.Services.AddTransient<HealthViewModel>();
            context.Services.AddSingleton(provider.GetRequiredService<SloCatalog>());
            context.Services.AddTransient<SloViewModel>();
            context.Services.AddTransient<HomeViewModel>();
            context.Services.AddSingleton<ILogSource>(new UnconfiguredLokiClient());
            var auth = context.AddAuthorization();
            auth.SetAuthorized("encargado");
            auth.SetRoles("encargado");
            context.Render<MudBlazor.MudPopoverProvider>();
            var markupChars = 0;
            if (renderHome)
            {
                var page = context.Render<MiniMarket.Console.Components.Pages.Home>();
                // The first render shows the progress bar and a second comes when the data has loaded — unless the
                // shared reads were still fresh, and the first render already has it. Waiting on the markup string
                // (not on an element) keeps bUnit from parsing the page into a DOM it would then hold.
                await page.WaitForStateAsync(() => page.Markup.Contains("data-testid=\"home-status\"", StringComparison.Ordinal), LoadTimeout);
                var markup = page.Markup;
                if (!markup.Contains("data-testid=\"home-status\"", StringComparison.Ordinal))
                    throw new InvalidOperationException("Inicio rendered without its status: the fake server's answers did not load");
                markupChars = markup.Length;
            }
            return (context, markupChars);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    private static long ManagedHeap()
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static double Kib(long bytes) => bytes / 1024.0;

    // ---- 3. Prometheus requests per refresh, 1 vs N sessions ------------------------------------------------------

    private static async Task<double> QueriesPerRefreshAsync(ServiceProvider provider, FakeObservability fake, int sessions, int rounds)
    {
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Prometheus requests per refresh of Inicio, 1 vs {sessions} sessions (goal ≤ 2x); the sessions share the singleton CoalescingPrometheusClient, as in the console;"));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  each refresh starts with a cold cache ({PastMaxAge.TotalSeconds:0.0} s after the last read, MaxAge {CoalescingPrometheusClient.MaxAge.TotalSeconds:0} s); the {sessions} sessions refresh at the same moment (Task.WhenAll)"));
        var ratios = new List<double>(rounds);
        var singles = new List<double>(rounds);
        var manies = new List<double>(rounds);
        var clock = Stopwatch.StartNew();
        for (var round = 1; round <= rounds && clock.Elapsed < FigureBudget; round++)
        {
            await Task.Delay(PastMaxAge);
            var one = provider.GetRequiredService<HomeViewModel>();
            fake.Reset();
            await one.LoadAsync().WaitAsync(LoadTimeout);
            var (single, singleAlertmanager) = (fake.PrometheusRequests, fake.AlertmanagerRequests);

            await Task.Delay(PastMaxAge);
            var models = Enumerable.Range(0, sessions).Select(_ => provider.GetRequiredService<HomeViewModel>()).ToList();
            fake.Reset();
            var start = Stopwatch.GetTimestamp();
            var snapshots = await Task.WhenAll(models.Select(m => Task.Run(() => m.LoadAsync()))).WaitAsync(LoadTimeout);
            var elapsed = Stopwatch.GetElapsedTime(start);
            var (many, manyAlertmanager) = (fake.PrometheusRequests, fake.AlertmanagerRequests);
            var duplicated = fake.ByQuery.Where(kv => kv.Value > 1).OrderByDescending(kv => kv.Value).Take(5)
                .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} ×{kv.Value}")).ToList();

            var ratio = Ratio(many, single);
            ratios.Add(ratio);
            singles.Add(single);
            manies.Add(many);
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round}: 1 session {single} Prometheus + {singleAlertmanager} Alertmanager requests; {sessions} sessions {many} Prometheus + {manyAlertmanager} Alertmanager " +
                $"({ratio:0.00}x Prometheus), all {sessions} refreshed in {elapsed.TotalMilliseconds:0} ms, {snapshots.Count(s => s.Status == SystemStatus.Ok)}/{sessions} say Ok"));
            if (duplicated.Count > 0) System.Console.WriteLine("    sent more than once: " + string.Join("; ", duplicated));
        }
        var median = Median(ratios);
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  median over {ratios.Count} rounds: 1 session {Median(singles):0} Prometheus requests, {sessions} sessions {Median(manies):0} = {median:0.00}x"));
        System.Console.WriteLine("  (Alertmanager's reads are shared the same way: the goal counts Prometheus, the Alertmanager figures are printed alongside)");
        return median;
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static ServiceProvider BuildConsoleServices(IOptions<ObservabilityOptions> options)
    {
        var services = new ServiceCollection();
        services.AddLogging(); // no providers: the HttpClient logs go nowhere
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        // As the console registers them (same clients, resilience and coalescing); no LokiUrl: Inicio skips its log-freshness read.
        services.AddObservabilityClients();
        // The pages' Prometheus is scoped to a circuit's store (StorePrometheusClient adds the store's matcher to each
        // query); without a circuit, the console's own store's client itself: the same requests, the fake's query texts.
        services.AddSingleton<IPrometheusClient>(sp => sp.GetRequiredService<PrometheusSources>().Store);
        services.AddSingleton(CurrentStore.Fixed(new StoreScope("casa-central", Own: true)));
        // No Loki and no embedded log store: Inicio skips its log-freshness read.
        services.Configure<MiniMarket.Console.LogStore.LogStoreOptions>(o => o.Enabled = false);
        services.AddSingleton<RunbookLibrary>();
        services.AddSingleton<SloCatalog>();
        services.AddTransient<SloViewModel>();
        services.AddTransient<HealthViewModel>();
        services.AddTransient<HomeViewModel>();
        services.AddTransient<BusinessKpisViewModel>();
        return services.BuildServiceProvider();
    }

    private static WebApplication BuildFakeServer(string url, FakeObservability fake)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.Run(fake.HandleAsync);
        return app;
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> load)
    {
        var start = Stopwatch.GetTimestamp();
        await load().WaitAsync(LoadTimeout);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Describe(List<double> times) => times.Count == 0
        ? "no rounds"
        : string.Create(CultureInfo.InvariantCulture, $"median {Median(times):0.0} ms (min {times.Min():0.0}, max {times.Max():0.0}, {times.Count} rounds)");

    /// <summary>The requests since the last reset, by path ("/api/v1/query ×7"), and any the fake does not know.</summary>
    private static string Paths(FakeObservability fake)
    {
        var paths = string.Join(", ", fake.ByPath.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} ×{kv.Value}")));
        return fake.OtherRequests == 0 ? paths : string.Create(CultureInfo.InvariantCulture, $"{paths} ({fake.OtherRequests} to paths the fake does not serve)");
    }

    private static double Ratio(double part, double whole) => whole > 0 ? part / whole : double.NaN;

    private static string Met(bool met) => met ? "met" : "not met";

    /// <summary>
    /// The fake Prometheus (<c>/api/v1</c>: query, query_range, targets) and Alertmanager (<c>/api/v2/alerts</c>) on one port:
    /// answers in the shapes the console's clients parse (Prometheus 2.42, Alertmanager 0.25), each after the latency,
    /// and counts the requests by API, path and query.
    /// </summary>
    private sealed class FakeObservability(int latencyMs)
    {
        private int _prometheus;
        private int _alertmanager;
        private int _other;

        public ConcurrentDictionary<string, int> ByPath { get; } = new(StringComparer.Ordinal);

        /// <summary>Prometheus queries by path and PromQL ("/api/v1/query sum(up)").</summary>
        public ConcurrentDictionary<string, int> ByQuery { get; } = new(StringComparer.Ordinal);

        public int PrometheusRequests => Volatile.Read(ref _prometheus);
        public int AlertmanagerRequests => Volatile.Read(ref _alertmanager);
        public int OtherRequests => Volatile.Read(ref _other);

        public void Reset()
        {
            Interlocked.Exchange(ref _prometheus, 0);
            Interlocked.Exchange(ref _alertmanager, 0);
            Interlocked.Exchange(ref _other, 0);
            ByPath.Clear();
            ByQuery.Clear();
        }

        public async Task HandleAsync(HttpContext context)
        {
            var path = context.Request.Path.Value ?? "";
            var query = "";
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                query = form["query"].ToString();
            }

            if (path.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _prometheus);
                if (query.Length > 0) ByQuery.AddOrUpdate(path + " " + query, 1, (_, n) => n + 1);
            }
            else if (path.StartsWith("/api/v2/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _alertmanager);
            }
            else
            {
                Interlocked.Increment(ref _other);
            }
            ByPath.AddOrUpdate(path, 1, (_, n) => n + 1);

            var slow = string.Equals(path, "/api/v1/query", StringComparison.Ordinal) && string.Equals(query, SlowQuery, StringComparison.Ordinal);
            var delay = slow ? SlowFactor * latencyMs : latencyMs;
            if (delay > 0) await Task.Delay(delay);

            string? body = path switch
            {
                "/api/v1/query" => Vector(),
                "/api/v1/query_range" => Matrix(),
                "/api/v1/targets" => Targets(),
                "/api/v2/alerts" => Alerts(),
                _ => null,
            };
            if (body is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync("not found", context.RequestAborted);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body, context.RequestAborted);
        }

        private static string UnixSeconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

        private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private static string Vector()
        {
            var now = UnixSeconds(DateTimeOffset.UtcNow);
            return $$$"""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[{{{now}}},"1"]}]}}""";
        }

        private static string Matrix()
        {
            var now = DateTimeOffset.UtcNow;
            var points = string.Join(",", Enumerable.Range(0, 5).Select(i =>
                "[" + UnixSeconds(now.AddMinutes(-6 * (4 - i))) + ",\"" + (i + 1).ToString(CultureInfo.InvariantCulture) + "\"]"));
            return $$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[{{{points}}}]}]}}""";
        }

        private static string Targets()
        {
            var scrape = Rfc3339(DateTimeOffset.UtcNow.AddSeconds(-3));
            var targets = string.Join(",", ObservabilityOptions.DefaultExpectedJobs.Select((job, i) =>
            {
                var port = (9100 + i).ToString(CultureInfo.InvariantCulture);
                return $$$"""{"discoveredLabels":{},"labels":{"instance":"127.0.0.1:{{{port}}}","job":"{{{job}}}"},"scrapePool":"{{{job}}}","scrapeUrl":"http://127.0.0.1:{{{port}}}/metrics","globalUrl":"http://h:{{{port}}}/metrics","lastError":"","lastScrape":"{{{scrape}}}","lastScrapeDuration":0.012,"health":"up","scrapeInterval":"15s","scrapeTimeout":"10s"}""";
            }));
            return $$$"""{"status":"success","data":{"activeTargets":[{{{targets}}}],"droppedTargets":[]}}""";
        }

        private static string Alerts()
        {
            var now = DateTimeOffset.UtcNow;
            var (starts, updated, ends) = (Rfc3339(now.AddHours(-2)), Rfc3339(now.AddSeconds(-10)), Rfc3339(now.AddMinutes(4)));
            return $$$"""[{"annotations":{"summary":"Watchdog: la cadena de alertas funciona"},"endsAt":"{{{ends}}}","fingerprint":"0f1e2d3c4b5a6978","receivers":[{"name":"null"}],"startsAt":"{{{starts}}}","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},"updatedAt":"{{{updated}}}","generatorURL":"http://127.0.0.1:9090/graph?g0.expr=vector%281%29","labels":{"alertname":"Watchdog","severity":"none"}}]""";
        }
    }
}
