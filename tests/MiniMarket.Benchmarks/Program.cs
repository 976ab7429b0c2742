using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

// Deposito under load, on this machine: the agent runs as production does (its own process, Release build, role
// deposito) against the local PostgreSQL and Redis; the load comes from this process on the same 2 cores.
var seconds = Option("--seconds", 20);
var clients = Option("--clients", 32);
var readRate = Option("--read-rate", 2000);
var products = Option("--products", 200);
var pool = Option("--pool", 16);
// 20 s: on this 2-core machine the agent's JIT (tier-1 recompilation of the hot paths) goes on for about 15 s under
// load (dotnet-counters' dotnet.jit.compilation.time); measured from 5 s, a third of the agent's CPU was the JIT's.
var warmup = Option("--warmup", 20);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
if (only == "ocr")
{
    // OCR over the synthetic invoice corpus, per layout × kind: --pages invoices per combination, --in-flight like the
    // agent's Ml:Ocr:MaxInFlight, --bands like Ml:Ocr:BandsPerPage, --kinds a,b, --layouts a,b (InvoiceLayouts.All and
    // "clasico", the one-page corpus of before), --paging seed|one|two, --prepare-only (OpenCV's preparation alone, one
    // page at a time).
    var ocr = new MiniMarket.Benchmarks.OcrBenchmarkOptions();
    var kinds = List("--kinds") ?? ocr.Kinds;
    var layouts = List("--layouts") ?? ocr.Layouts;
    var paging = Text("--paging") switch { null or "seed" => MiniMarket.InvoiceCorpus.InvoicePaging.FromSeed, "one" => MiniMarket.InvoiceCorpus.InvoicePaging.OnePage, "two" => MiniMarket.InvoiceCorpus.InvoicePaging.TwoPages, var p => throw new ArgumentException($"--paging {p}: use seed, one or two") };
    var unknown = kinds.Except(MiniMarket.InvoiceCorpus.InvoiceCorpus.Kinds).Concat(layouts.Except([.. MiniMarket.InvoiceCorpus.InvoiceLayouts.All, MiniMarket.Benchmarks.OcrBenchmarkOptions.ClassicLayout])).ToList();
    if (unknown.Count > 0)
    {
        Console.Error.WriteLine($"Unknown kind or layout: {string.Join(", ", unknown)}. Kinds: {string.Join(",", MiniMarket.InvoiceCorpus.InvoiceCorpus.Kinds)}; layouts: {string.Join(",", MiniMarket.InvoiceCorpus.InvoiceLayouts.All)},{MiniMarket.Benchmarks.OcrBenchmarkOptions.ClassicLayout}");
        Environment.ExitCode = 2;
        return;
    }

    await MiniMarket.Benchmarks.OcrBenchmark.RunAsync(ocr with
    {
        Invoices = Option("--pages", ocr.Invoices), InFlight = Option("--in-flight", ocr.InFlight), Bands = Option("--bands", ocr.Bands), Seed = Option("--seed", ocr.Seed),
        Kinds = kinds, Layouts = layouts, Paging = paging, ReadAfipQr = !args.Contains("--no-qr"),
        PrepareOnly = args.Contains("--prepare-only"),
    });
    return;
}
if (only == "logs")
{
    // The console's embedded log store: ingestion (max and a --flood-rate flood), the console answering meanwhile, queries,
    // memory and disk per million lines.
    await MiniMarket.Benchmarks.LogStoreBenchmark.RunAsync(Option("--seconds", 20), Option("--flood-rate", 10_000), Option("--flood-seconds", 60), Option("--senders", 4));
    return;
}
if (only == "console")
{
    // The console's page loads against an in-process fake Prometheus + Alertmanager: load time vs the slowest query,
    // memory per open session, Prometheus requests per refresh with 1 vs --sessions sessions; --latency-ms per request.
    await MiniMarket.Benchmarks.ConsoleBenchmark.RunAsync(Option("--sessions", 100), Option("--rounds", 15), Option("--latency-ms", 40));
    return;
}

await using var database = await TestDatabase.CreateAsync("bench");
var port = TestServers.FreePort();
// --agent-dll: another build of the agent (a published one, ReadyToRun) in place of the Release build folder's.
var agentDll = Text("--agent-dll") is { } otherDll ? Path.GetFullPath(otherDll)
    : RepositoryPaths.BuildOutput("MiniMarket.Agents").Replace("/Debug/", "/Release/", StringComparison.Ordinal);
// Its content root is its build folder, as run.sh and the image run it: its appsettings.json (the store, logging) apply.
var agentStart = new ProcessStartInfo("dotnet", [agentDll, "--contentRoot", Path.GetDirectoryName(agentDll)!])
{
    Environment =
    {
        ["Agent__Role"] = "deposito",
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        // --pg-options "Max Auto Prepare=0": settings added to the agent's connection string (to measure one setting's effect).
        ["ConnectionStrings__Postgres"] = database.ConnectionString + $";Maximum Pool Size={pool}" + (Text("--pg-options") is { } extra ? ";" + extra : ""),
        ["ConnectionStrings__Redis"] = TestServers.Redis,
        ["Redis__KeyPrefix"] = "mmbench-" + database.Name,
        ["Jwt__SigningKey"] = TestServers.JwtSigningKey,
        ["RateLimit__PermitsPerMinute"] = "100000000",
        // --quiet-requests: no log line per request (to measure what the request log costs).
        ["Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware"] = args.Contains("--quiet-requests") ? "Warning" : "Information",
    },
    RedirectStandardOutput = true,
    RedirectStandardError = true,
};
// --agent-env NAME=value (repeatable): a runtime or application setting for the agent, to measure its effect
// (e.g. DOTNET_gcServer=0, DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0).
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--agent-env" && args[i + 1].Split('=', 2) is [{ Length: > 0 } name, var value]) agentStart.Environment[name] = value;
}
var agent = Process.Start(agentStart)!;
agent.OutputDataReceived += (_, _) => { };
agent.ErrorDataReceived += (_, _) => { };
agent.BeginOutputReadLine();
agent.BeginErrorReadLine();
try
{
    var baseAddress = new Uri($"http://127.0.0.1:{port}/");
    var token = new TokenIssuer(Options.Create(new JwtOptions { SigningKey = TestServers.JwtSigningKey, CallTokenLifetime = TimeSpan.FromHours(1) }), TimeProvider.System, TestServers.DefaultStore)
        .ForUser("bench", [Roles.Encargado]).Token;
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    await Poll.UntilAsync(async () =>
    {
        try { return (await http.GetAsync("health/ready")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }, ok => ok, TimeSpan.FromSeconds(60), "the deposito agent");

    var ids = await SeedAsync(http, products);
    Console.WriteLine($"deposito benchmark — {Environment.ProcessorCount} cores, agent pid {agent.Id}, {products} products, " +
        $"{seconds} s per scenario after {warmup} s of warm-up (JIT, pools), PostgreSQL pool {pool}");
    Console.WriteLine();

    // 1. Stock movements, closed loop: each client posts a movement and waits for the answer.
    if (only is null or "movements")
    {
    async Task<bool> Move(int client, int i)
    {
        var id = ids[Random.Shared.Next(ids.Count)];
        var (kind, quantity) = i % 2 == 0 ? ("entrada", 1) : ("salida", -1);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/stock/movements")
        {
            Content = JsonContent.Create(new StockMovementRequest(id, null, kind, quantity, "bench", null, kind == "entrada" ? 100m : null)),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict;
    }
    await ClosedLoopAsync(clients, TimeSpan.FromSeconds(warmup), Move);
    var cpu = MiniMarket.Benchmarks.CpuShares.Start(agent);
    var movements = await ClosedLoopAsync(clients, TimeSpan.FromSeconds(seconds), Move);
    var shares = cpu.Stop();
    Report($"stock movements, {clients} concurrent clients", movements);
    Console.WriteLine(MiniMarket.Benchmarks.CpuSharesText.Describe(shares));

    // The ceiling: the same statement (StockLedger.ApplyOneSql) under pgbench, same clients, same PostgreSQL, same run.
    var ceiling = await MiniMarket.Benchmarks.PgbenchCeiling.RunAsync(database.ConnectionString, ids, clients, seconds, warmup);
    Console.WriteLine(ceiling.Describe());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"stock movements vs pgbench: {movements.Latencies.Count / movements.Elapsed.TotalSeconds / ceiling.PerSecond:0.00} of the ceiling (goal ≥ 0.35)"));
    }

    // 2. Product by code, Redis warm, open loop at a fixed arrival rate (latency includes any queueing).
    if (only is null or "reads")
    {
    var codes = (await http.GetFromJsonAsync<PagedResult<ProductDto>>($"api/v1/products?pageSize=200"))!.Items.Select(p => p.Code).ToList();
    foreach (var code in codes) await http.GetAsync($"api/v1/products/by-code/{code}");
    async Task<bool> Read()
    {
        using var response = await http.GetAsync($"api/v1/products/by-code/{codes[Random.Shared.Next(codes.Count)]}");
        return response.StatusCode == HttpStatusCode.OK;
    }
    await OpenLoopAsync(readRate, TimeSpan.FromSeconds(warmup), Read);
    var reads = await OpenLoopAsync(readRate, TimeSpan.FromSeconds(seconds), Read);
    Report($"product by code, Redis warm, offered {readRate}/s", reads);
    // --read-rates 3000,4000,…: the same at each higher rate, and the highest whose p95 stays within 5 ms.
    var highest = Percentile(reads, 0.95) <= 5 ? readRate : (int?)null;
    foreach (var rate in (List("--read-rates") ?? []).Select(r => int.Parse(r, CultureInfo.InvariantCulture)).Where(r => r > 0 && r <= 50_000))
    {
        var atRate = await OpenLoopAsync(rate, TimeSpan.FromSeconds(seconds), Read);
        Report($"product by code, Redis warm, offered {rate}/s", atRate);
        if (Percentile(atRate, 0.95) <= 5 && rate > (highest ?? 0)) highest = rate;
    }
    Console.WriteLine(highest is { } h ? $"highest offered rate with p95 ≤ 5 ms: {h}/s" : "no offered rate had p95 ≤ 5 ms");
    }
    Console.WriteLine(MiniMarket.Benchmarks.ProcessMemory.Describe("the agent at the end", agent.Id));
}
finally
{
    agent.Kill(entireProcessTree: true);
    await agent.WaitForExitAsync();
}

string? Text(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

IReadOnlyList<string>? List(string name) => Text(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task<List<int>> SeedAsync(HttpClient http, int count)
{
    var category = (await (await http.PostAsJsonAsync("api/v1/categories", new CategoryRequest("Bench"))).Content.ReadFromJsonAsync<CategoryDto>())!;
    var ids = new List<int>(count);
    for (var i = 0; i < count; i++)
    {
        var created = await http.PostAsJsonAsync("api/v1/products",
            new ProductRequest($"BEN{i:D6}", $"Producto de prueba {i}", null, category.Id, null, 10, 100_000, 100m, 130m, null));
        var product = (await created.Content.ReadFromJsonAsync<ProductDto>())!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/stock/movements")
        {
            Content = JsonContent.Create(new StockMovementRequest(product.Id, null, "entrada", 10_000, "inicial", null, 100m)),
        };
        request.Headers.Add("Idempotency-Key", "seed-" + i.ToString(CultureInfo.InvariantCulture));
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
        ids.Add(product.Id);
    }
    return ids;
}

static async Task<Result> ClosedLoopAsync(int clients, TimeSpan duration, Func<int, int, Task<bool>> operation)
{
    var latencies = new List<double>[clients];
    var errors = 0;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
    {
        var mine = latencies[client] = new List<double>(100_000);
        for (var i = 0; stopwatch.Elapsed < duration && i < 10_000_000; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var ok = await operation(client, i);
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (!ok) Interlocked.Increment(ref errors);
        }
    }));
    return new Result(latencies.SelectMany(l => l).ToList(), errors, stopwatch.Elapsed);
}

static async Task<Result> OpenLoopAsync(int perSecond, TimeSpan duration, Func<Task<bool>> operation)
{
    var total = (int)(perSecond * duration.TotalSeconds);
    var latencies = new double[total];
    var errors = 0;
    var stopwatch = Stopwatch.StartNew();
    var tasks = new List<Task>(total);
    for (var i = 0; i < total; i++)
    {
        var due = TimeSpan.FromSeconds((double)i / perSecond);
        var wait = due - stopwatch.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
        var index = i;
        var scheduled = due;
        tasks.Add(Task.Run(async () =>
        {
            var ok = await operation();
            latencies[index] = (stopwatch.Elapsed - scheduled).TotalMilliseconds; // from the intended start: no coordinated omission
            if (!ok) Interlocked.Increment(ref errors);
        }));
    }
    await Task.WhenAll(tasks);
    return new Result(latencies.ToList(), errors, stopwatch.Elapsed);
}

static double Percentile(Result result, double q) => SortedPercentile(result.Latencies.Order().ToArray(), q);

static double SortedPercentile(double[] sorted, double q) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

static void Report(string name, Result result)
{
    var sorted = result.Latencies.Order().ToArray();
    double P(double q) => SortedPercentile(sorted, q);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {sorted.Length} requests in {result.Elapsed.TotalSeconds:0.0} s = {sorted.Length / result.Elapsed.TotalSeconds:0} req/s; " +
        $"latency ms p50 {P(0.50):0.0} p95 {P(0.95):0.0} p99 {P(0.99):0.0} max {sorted.LastOrDefault():0.0}; unexpected answers {result.Errors}"));
}

internal sealed record Result(List<double> Latencies, int Errors, TimeSpan Elapsed);
