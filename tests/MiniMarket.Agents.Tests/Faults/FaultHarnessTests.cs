using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace MiniMarket.Agents.Tests.Faults;

/// <summary>
/// Faults under load. The three agents run as real processes on a PostgreSQL and a Redis of the test's own (PostgreSQL behind
/// a TCP proxy that can cut the network). Clients send stock movements, each with its own idempotency key, and retry each
/// one with the same key until it is accepted, as a real client does, while the harness injects one fault at a time: kill -9
/// of each agent, a PostgreSQL crash, PostgreSQL unreachable for 30 s, Redis stopped. Then, from the database itself: no
/// accepted write lost, none applied twice, none applied that no client saw accepted, every product's stock the sum of
/// its accepted movements and the ledger's before/after chain unbroken; no answer was a 500, and every 503 said when to retry.
/// A table per fault is printed and written to the test reports (./test.sh prints its first line).
/// </summary>
public sealed class FaultHarnessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 4;
    private const int Receivers = 2;
    private const int Products = 4;
    private const int InitialStock = 1000;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    private BackedUpCluster _postgres = null!;
    private TcpProxy _network = null!;
    private TcpProxy _negocioToDeposito = null!;
    private TcpProxy _negocioToMl = null!;
    private RedisProcess _redis = null!;
    private PrometheusProcess? _prometheus;
    private AlertmanagerProcess? _alertmanager;
    private readonly Dictionary<string, AgentProcess> _agents = [];
    private readonly string _models = Directory.CreateTempSubdirectory("mm-faults-models-").FullName;
    private readonly string _token = new TokenIssuer(Options.Create(new JwtOptions { SigningKey = TestServers.JwtSigningKey }), TimeProvider.System, TestServers.DefaultStore)
        .ForUser("harness", [Roles.Admin]).Token;
    private readonly List<int> _productIds = [];

    private enum Kind
    {
        /// <summary>A stock movement sent to deposito.</summary>
        Movement,

        /// <summary>A delivery of a purchase order received through negocio (which enters it into deposito's stock, then commits its own).</summary>
        Receipt,

        /// <summary>A supplier's invoice photo uploaded to negocio, read by ml, stored as a draft.</summary>
        Upload,
    }

    /// <summary>Every attempt of every write: when it ended and how (an HTTP status, or "timeout"/"refused" when no answer came).</summary>
    private readonly ConcurrentQueue<(Kind Kind, DateTimeOffset At, string Outcome, bool RetryAfter)> _attempts = new();
    private readonly ConcurrentQueue<(Kind Kind, string Key, int ProductId, int Quantity, DateTimeOffset At)> _accepted = new();
    private readonly ConcurrentQueue<(Kind Kind, string Key, DateTimeOffset At)> _started = new();
    private readonly ConcurrentDictionary<string, string> _unfinished = new();
    private readonly List<DateTimeOffset> _depositoKills = [];
    private PurchaseOrderDto _order = null!;
    private int _receivedProductId;

    public async Task InitializeAsync()
    {
        try
        {
            await SetUpAsync();
        }
        catch
        {
            // xUnit does not dispose a fixture whose set-up failed: stop what started (a cluster left running outlives the run).
            await DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync()
    {
        _postgres = await BackedUpCluster.CreateAsync();
        _network = new TcpProxy(_postgres.Port);
        _redis = new RedisProcess();
        await _redis.StartAsync();
        var database = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { Port = _network.Port, Pooling = true }.ConnectionString;
        // One set of settings for the three (read when each starts), with the others' addresses once known.
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database,
            ["ConnectionStrings__Redis"] = _redis.Configuration,
            ["RateLimit__PermitsPerMinute"] = "1000000",
            ["Ml__ModelDirectory"] = _models,
            ["Ml__RetrainInterval"] = "00:00:00",
            ["Negocio__OrderProposalInterval"] = "00:00:00",
            ["Negocio__CatalogMaxAge"] = "00:00:00",
        };
        foreach (var role in new[] { "deposito", "negocio", "ml" }) _agents[role] = new AgentProcess(role, settings);
        settings["Deposito__NegocioUrl"] = _agents["negocio"].Url.ToString();
        // negocio reaches deposito through a proxy that can hold deposito's answer to one call (see the faults).
        _negocioToDeposito = new TcpProxy(_agents["deposito"].Port);
        settings["Negocio__DepositoUrl"] = $"http://127.0.0.1:{_negocioToDeposito.Port}/";
        _negocioToMl = new TcpProxy(_agents["ml"].Port);
        settings["Negocio__MlUrl"] = $"http://127.0.0.1:{_negocioToMl.Port}/";
        settings["Ml__DepositoUrl"] = _agents["deposito"].Url.ToString();
        foreach (var agent in _agents.Values) await agent.StartAsync();
        await StartMonitoringAsync();

        using var client = Client(_agents["deposito"]);
        var category = await Read<CategoryDto>(await client.PostAsJsonAsync("api/v1/categories", new CategoryRequest("Fallas")));
        for (var i = 0; i < Products; i++)
        {
            var product = await Read<ProductDto>(await client.PostAsJsonAsync("api/v1/products",
                new ProductRequest($"FAL{i:000}", $"Producto de fallas {i}", null, category.Id, null, 1, 5000, 100m, 150m, null)));
            _productIds.Add(product.Id);
            using var initial = new HttpRequestMessage(HttpMethod.Post, "api/v1/stock/movements")
            {
                Content = JsonContent.Create(new StockMovementRequest(product.Id, null, "entrada", InitialStock, "stock inicial", null, null)),
            };
            initial.Headers.Add("Idempotency-Key", "inicial-" + i.ToString(CultureInfo.InvariantCulture));
            (await client.SendAsync(initial)).EnsureSuccessStatusCode();
        }

        // A purchase order of one product with no stock, sent to its supplier: received one unit per delivery, over and over.
        var purchases = await Read<CategoryDto>(await client.PostAsJsonAsync("api/v1/categories", new CategoryRequest("Compras de fallas")));
        _receivedProductId = (await Read<ProductDto>(await client.PostAsJsonAsync("api/v1/products",
            new ProductRequest("FALREC", "Producto recibido", null, purchases.Id, null, 10, 50000, 100m, 150m, null)))).Id;
        using var negocio = Client(_agents["negocio"]);
        var cuit = Enumerable.Range(71000000, 100).Select(n => "30" + n.ToString(CultureInfo.InvariantCulture))
            .Select(ten => ten + MiniMarket.Core.Domain.Cuit.ComputeCheckDigit(ten)).First(c => c.Length == 11);
        var supplier = await Read<SupplierDto>(await negocio.PostAsJsonAsync("api/v1/suppliers",
            new SupplierRequest("Mayorista de fallas", cuit, "RI", "Marta", "ventas@fallas.test", "+54 11 5555-0000", ["Compras de fallas"])));
        var proposal = await Read<OrderProposalDto>(await negocio.PostAsync("api/v1/orders/proposals", null));
        var draft = proposal.Created.SingleOrDefault(o => o.SupplierId == supplier.Id)
            ?? throw new InvalidOperationException("no order proposed for the harness' supplier: " + System.Text.Json.JsonSerializer.Serialize(proposal));
        _order = await Read<PurchaseOrderDto>(await negocio.PostAsync($"api/v1/orders/{draft.Id}/send", null));
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents.Values) await agent.DisposeAsync();
        foreach (var part in new IAsyncDisposable?[] { _prometheus, _alertmanager, _redis, _network, _negocioToDeposito, _negocioToMl, _postgres })
        {
            if (part is not null) await part.DisposeAsync();
        }
        if (Directory.Exists(_models)) Directory.Delete(_models, recursive: true);
    }

    /// <summary>A Prometheus scraping the three agents and an Alertmanager beside it (new ones each time: a restart).</summary>
    private async Task StartMonitoringAsync()
    {
        _prometheus = await PrometheusProcess.StartAsync(_agents.Values.Select(a => (a.Role, a.Url)));
        _alertmanager = await AlertmanagerProcess.StartAsync("route: { receiver: nadie }\nreceivers: [{ name: nadie }]\n");
    }

    /// <summary>Every agent is up for Prometheus again (monitoring resumed after it was stopped).</summary>
    private async Task MonitoringSeesEveryAgentAsync()
    {
        using var http = new HttpClient { BaseAddress = _prometheus!.Url };
        await Poll.UntilAsync(async () => (await http.GetStringAsync("api/v1/query?query=sum(up)")).Contains("\"3\"]", StringComparison.Ordinal),
            up => up, TimeSpan.FromSeconds(30), "Prometheus to see the three agents up");
    }

    private HttpClient Client(AgentProcess agent)
    {
        var client = new HttpClient { BaseAddress = agent.Url, Timeout = ClientTimeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return client;
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, System.Text.Json.JsonSerializerOptions.Web)!;
    }

    /// <summary>
    /// One client: a new write with a new key, sent until accepted (the same key every time), until told to stop. Movements
    /// go to deposito (a random product, in or out); receipts to negocio (one unit of the order's product per delivery).
    /// </summary>
    private async Task WriterLoopAsync(Kind kind, int number, CancellationToken stop)
    {
        using var client = Client(_agents[kind == Kind.Movement ? "deposito" : "negocio"]);
        var random = new Random(number);
        while (!stop.IsCancellationRequested)
        {
            var key = $"{(kind == Kind.Movement ? 'c' : 'r')}{number}-{Guid.NewGuid():N}";
            var (productId, quantity) = kind == Kind.Movement
                ? (_productIds[random.Next(_productIds.Count)], random.Next(2) == 0 ? random.Next(1, 4) : -random.Next(1, 3))
                : (_receivedProductId, 1);
            // Once started, a write is retried until accepted even after the stop, as a client would.
            await SendUntilAcceptedAsync(client, kind, key, productId, quantity, () => kind == Kind.Movement
                ? new HttpRequestMessage(HttpMethod.Post, "api/v1/stock/movements")
                {
                    Content = JsonContent.Create(new StockMovementRequest(productId, null, quantity > 0 ? "entrada" : "salida", quantity, "carga de fallas", null, null)),
                }
                : new HttpRequestMessage(HttpMethod.Post, $"api/v1/orders/{_order.Id}/receive")
                {
                    Content = JsonContent.Create(new OrderLinesRequest([new OrderLineQuantityRequest(productId, quantity)])),
                }, TimeSpan.Zero);
        }
    }

    /// <summary>One invoice photo uploaded with its key until accepted (the same key every time), bounded to 2 minutes.</summary>
    private async Task UploadUntilAcceptedAsync(string key)
    {
        using var client = Client(_agents["negocio"]);
        client.Timeout = TimeSpan.FromSeconds(60);
        var photo = MiniMarket.InvoiceCorpus.InvoiceCorpus.Generate(3, MiniMarket.InvoiceCorpus.DegradationKinds.Clean);
        await SendUntilAcceptedAsync(client, Kind.Upload, key, 0, 0, () =>
        {
            var content = new ByteArrayContent(photo.Image);
            content.Headers.ContentType = new MediaTypeHeaderValue(photo.ContentType);
            return new HttpRequestMessage(HttpMethod.Post, "api/v1/invoices/ocr") { Content = content };
        }, TimeSpan.FromMilliseconds(500));
    }

    /// <summary>
    /// Sends the write <paramref name="build"/> makes, with <paramref name="key"/>, until it is accepted (at most 2 minutes),
    /// recording every attempt; between attempts a pause of at least <paramref name="pause"/> (longer after a 429 or 503).
    /// </summary>
    private async Task SendUntilAcceptedAsync(HttpClient client, Kind kind, string key, int productId, int quantity, Func<HttpRequestMessage> build, TimeSpan pause)
    {
        _started.Enqueue((kind, key, DateTimeOffset.UtcNow));
        _unfinished[key] = "started";
        var giveUp = DateTimeOffset.UtcNow.AddMinutes(2);
        while (DateTimeOffset.UtcNow < giveUp)
        {
            using var request = build();
            request.Headers.Add("Idempotency-Key", key);
            var (outcome, retryAfter, done) = await SendOnceAsync(client, request);
            _attempts.Enqueue((kind, DateTimeOffset.UtcNow, outcome, retryAfter));
            if (done)
            {
                _accepted.Enqueue((kind, key, productId, quantity, DateTimeOffset.UtcNow));
                _unfinished.TryRemove(key, out _);
                return;
            }
            _unfinished[key] = outcome;
            var wait = TimeSpan.FromMilliseconds(outcome is "429" or "503" ? 250 : 100);
            await Task.Delay(wait > pause ? wait : pause, CancellationToken.None);
        }
    }

    private static async Task<(string Outcome, bool RetryAfter, bool Accepted)> SendOnceAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            using var response = await client.SendAsync(request);
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            return (status, response.Headers.RetryAfter is not null, response.IsSuccessStatusCode);
        }
        catch (TaskCanceledException)
        {
            return ("timeout", false, false);
        }
        catch (HttpRequestException ex)
        {
            return (ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused } ? "refused" : "connection lost", false, false);
        }
    }

    private sealed record Fault(string Name, Func<Task> Inject, Func<Task> Remove, TimeSpan Hold);

    private sealed record Window(int Sent, List<string> Accepted, string Answers);

    private sealed record FaultResult(string Name, Window Movements, Window Receipts, Window Uploads, double BackSeconds, double RecoverySeconds);

    private Window WindowOf(Kind kind, DateTimeOffset from, DateTimeOffset to) => new(
        _started.Count(s => s.Kind == kind && s.At >= from && s.At <= to),
        _accepted.Where(a => a.Kind == kind && a.At >= from && a.At <= to).Select(a => a.Key).ToList(),
        string.Join(", ", _attempts.Where(a => a.Kind == kind && a.At >= from && a.At <= to).GroupBy(a => a.Outcome)
            .OrderByDescending(g => g.Count()).Select(g => $"{g.Key}×{g.Count()}")));

    /// <summary>When a write of <paramref name="kind"/> started after <paramref name="after"/> was first accepted (null: not yet).</summary>
    private DateTimeOffset? FirstAcceptedStartedAfter(Kind kind, DateTimeOffset after)
    {
        var started = _started.Where(s => s.Kind == kind && s.At > after).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var times = _accepted.Where(a => a.Kind == kind && started.Contains(a.Key)).Select(a => a.At).ToList();
        return times.Count == 0 ? null : times.Min();
    }

    [Fact]
    public async Task Faults_UnderLoad_LoseNothing_ApplyNothingTwice_AndRecover()
    {
        var deposito = _agents["deposito"];
        Task? upload = null;
        Fault[] faults =
        [
            new("kill -9 deposito", async () => { lock (_depositoKills) _depositoKills.Add(DateTimeOffset.UtcNow); await deposito.KillAsync(); }, deposito.StartAsync, TimeSpan.FromSeconds(2)),
            new("kill -9 negocio", _agents["negocio"].KillAsync, _agents["negocio"].StartAsync, TimeSpan.FromSeconds(2)),
            new("kill -9 ml", _agents["ml"].KillAsync, _agents["ml"].StartAsync, TimeSpan.FromSeconds(2)),
            new("PostgreSQL crash (immediate stop)", () => _postgres.StopAsync("immediate"), _postgres.StartAndRecoverAsync, TimeSpan.FromSeconds(3)),
            new("PostgreSQL unreachable 30 s", () => { _network.Cut(); return Task.CompletedTask; }, () => { _network.Restore(); return Task.CompletedTask; }, TimeSpan.FromSeconds(30)),
            new("Redis stopped", _redis.StopAsync, _redis.StartAsync, TimeSpan.FromSeconds(5)),
            // deposito killed after it entered a delivery and before negocio heard back (its answer held by the proxy, then
            // lost with it): negocio has not committed its receipt; the client's retry must enter nothing twice.
            new("kill -9 deposito between its commit and negocio's", async () =>
            {
                await _negocioToDeposito.CutAfterRequestAsync("/api/v1/stock/movements/batch", TimeSpan.FromSeconds(30));
                await Task.Delay(TimeSpan.FromMilliseconds(500)); // deposito commits; its answer waits in the proxy
                lock (_depositoKills) _depositoKills.Add(DateTimeOffset.UtcNow);
                await deposito.KillAsync();
                _negocioToDeposito.Restore(dropOpenConnections: true);
            }, deposito.StartAsync, TimeSpan.FromSeconds(1)),
            // The agents do not need their monitoring: writes go on while Prometheus and Alertmanager are down (the console's
            // "sin visibilidad" with a stopped Prometheus is PrometheusIntegrationTests' in MiniMarket.Console.Tests).
            new("Prometheus and Alertmanager stopped", async () =>
            {
                var (prometheus, alertmanager) = (_prometheus!, _alertmanager!);
                (_prometheus, _alertmanager) = (null, null);
                await prometheus.DisposeAsync();
                await alertmanager.DisposeAsync();
            }, async () =>
            {
                await StartMonitoringAsync();
                await MonitoringSeesEveryAgentAsync();
            }, TimeSpan.FromSeconds(5)),
            // ml killed while it reads a photo negocio sent it (the call passed the proxy): the upload is answered 503 and
            // nothing stored; sent again with its key after ml is back, it is stored once.
            new("kill -9 ml mid-OCR", async () =>
            {
                var cut = _negocioToMl.CutAfterRequestAsync("/api/v1/ocr/invoices", TimeSpan.FromSeconds(30));
                upload = UploadUntilAcceptedAsync("u-" + Guid.NewGuid().ToString("N"));
                await cut;
                await Task.Delay(TimeSpan.FromMilliseconds(300)); // ml is reading it
                await _agents["ml"].KillAsync();
                _negocioToMl.Restore(dropOpenConnections: true);
            }, async () =>
            {
                await _agents["ml"].StartAsync();
                await upload!.WaitAsync(TimeSpan.FromMinutes(3));
            }, TimeSpan.FromSeconds(1)),
        ];

        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(i => Task.Run(() => WriterLoopAsync(Kind.Movement, i, stop.Token)))
            .Concat(Enumerable.Range(0, Receivers).Select(i => Task.Run(() => WriterLoopAsync(Kind.Receipt, i, stop.Token)))).ToList();
        var results = new List<FaultResult>();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(3)); // load before the first fault
        foreach (var fault in faults)
        {
            var injected = DateTimeOffset.UtcNow;
            await fault.Inject();
            await Task.Delay(fault.Hold);
            var removed = DateTimeOffset.UtcNow;
            await fault.Remove();
            var back = DateTimeOffset.UtcNow;
            // Recovered: writes of both kinds sent after the fault was removed are accepted (at most 90 s).
            var recovered = await Poll.UntilAsync(
                () => Task.FromResult(new[] { FirstAcceptedStartedAfter(Kind.Movement, removed), FirstAcceptedStartedAfter(Kind.Receipt, removed) }),
                times => times.All(t => t is not null), TimeSpan.FromSeconds(90), $"writes to be accepted again after {fault.Name}");
            var at = recovered.Max()!.Value;
            await Task.Delay(TimeSpan.FromSeconds(2));
            results.Add(new FaultResult(fault.Name, WindowOf(Kind.Movement, injected, at), WindowOf(Kind.Receipt, injected, at),
                WindowOf(Kind.Upload, injected, DateTimeOffset.UtcNow), (back - removed).TotalSeconds, (at - removed).TotalSeconds));
        }
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var check = await CheckTheDatabaseAsync();
        var report = Report(results, check, clock.Elapsed);
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("MM_TEST_REPORTS") is { Length: > 0 } reports)
        {
            Directory.CreateDirectory(reports);
            await File.WriteAllTextAsync(Path.Combine(reports, "fault-harness.report.txt"), report);
        }

        Assert.True(_unfinished.IsEmpty, "writes never accepted: " + string.Join(", ", _unfinished.Take(5)));
        Assert.Equal(0, check.Lost);
        Assert.Equal(0, check.Twice);
        Assert.Equal(0, check.NeverAcknowledged);
        Assert.Empty(check.WrongStock);
        Assert.Equal(0, check.BrokenLinks);
        Assert.True(check.CaughtBetween >= 1, "no delivery was caught between deposito's commit and negocio's: the fault did not happen");
        Assert.DoesNotContain(_attempts, a => a.Outcome == "500");
        Assert.All(_attempts.Where(a => a.Outcome == "503"), a => Assert.True(a.RetryAfter, "a 503 without Retry-After"));
    }

    /// <summary>What the databases hold, against what the clients were told.</summary>
    private sealed record Check(int Accepted, int Lost, int Twice, int NeverAcknowledged, List<string> WrongStock, int BrokenLinks, int Movements,
        Func<string, int> TimesStored, int CaughtBetween);

    private async Task<Check> CheckTheDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        async Task<Dictionary<string, int>> CountsAsync(string sql)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("order", _order.Id);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) counts[reader.GetString(0)] = (int)reader.GetInt64(1);
            return counts;
        }
        // deposito's movements by client key (a movement's key is the client's; a delivery's is negocio's StockKey of it).
        var movements = await CountsAsync("SELECT split_part(idempotency_key, '#', 1), count(*) FROM deposito.stock_movements GROUP BY 1");
        var receipts = await CountsAsync("SELECT key, count(*) FROM negocio.order_receipts WHERE order_id = @order GROUP BY 1");
        var uploads = await CountsAsync("SELECT upload_key, count(*) FROM negocio.invoices WHERE upload_key IS NOT NULL GROUP BY 1");
        string StockKey(string key) => MiniMarket.Agents.Negocio.Orders.OrdersApi.StockKey(_order.Id, key);
        // A delivery is stored once when negocio has its receipt once and deposito its movement once.
        int TimesStored(string key) => key[0] switch
        {
            'c' => movements.GetValueOrDefault(key),
            'u' => uploads.GetValueOrDefault(key),
            _ => receipts.TryGetValue(key, out var receipt) && movements.TryGetValue(StockKey(key), out var entered) ? Math.Max(receipt, entered) : 0,
        };

        var accepted = _accepted.ToList();
        var acceptedKeys = accepted.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var lost = accepted.Count(a => TimesStored(a.Key) == 0);
        var twice = accepted.Count(a => TimesStored(a.Key) > 1) + (accepted.Count - acceptedKeys.Count);
        var receiptStockKeys = accepted.Where(a => a.Kind == Kind.Receipt).Select(a => StockKey(a.Key)).ToHashSet(StringComparer.Ordinal);
        var neverAcknowledged = movements.Keys.Count(k => k.StartsWith('c') && !acceptedKeys.Contains(k))
            + receipts.Keys.Count(k => !acceptedKeys.Contains(k))
            + uploads.Keys.Count(k => !acceptedKeys.Contains(k))
            + movements.Keys.Count(k => k.StartsWith("negocio-oc-", StringComparison.Ordinal) && !receiptStockKeys.Contains(k));

        var wrong = new List<string>();
        foreach (var (id, initial) in _productIds.Select(id => (id, InitialStock)).Append((_receivedProductId, 0)))
        {
            await using var command = new NpgsqlCommand("SELECT stock FROM deposito.products WHERE id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            var stock = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            var expected = initial + accepted.Where(a => a.ProductId == id).Sum(a => a.Quantity);
            if (stock != expected) wrong.Add($"product {id}: stock {stock}, accepted writes say {expected}");
        }
        await using var chain = new NpgsqlCommand("""
            SELECT count(*) FROM (
              SELECT stock_before, lag(stock_after) OVER (PARTITION BY product_id ORDER BY id) AS previous FROM deposito.stock_movements) m
            WHERE previous IS NOT NULL AND stock_before <> previous
            """, connection);
        var broken = Convert.ToInt32(await chain.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        await using var all = new NpgsqlCommand("SELECT count(*) FROM deposito.stock_movements", connection);
        var total = Convert.ToInt32(await all.ExecuteScalarAsync(), CultureInfo.InvariantCulture);

        // Deliveries caught by a kill of deposito after its commit and before negocio's: deposito's movement older than the
        // kill, negocio's receipt newer.
        var depositoAt = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT split_part(idempotency_key, '#', 1), min(created_at) FROM deposito.stock_movements WHERE idempotency_key LIKE 'negocio-oc-%' GROUP BY 1", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) depositoAt[reader.GetString(0)] = reader.GetDateTime(1);
        }
        var caught = 0;
        await using (var command = new NpgsqlCommand("SELECT key, received_at FROM negocio.order_receipts WHERE order_id = @order", connection))
        {
            command.Parameters.AddWithValue("order", _order.Id);
            await using var reader = await command.ExecuteReaderAsync();
            List<DateTimeOffset> kills;
            lock (_depositoKills) kills = [.. _depositoKills];
            while (await reader.ReadAsync())
            {
                var received = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
                if (depositoAt.TryGetValue(StockKey(reader.GetString(0)), out var entered)
                    && kills.Any(k => new DateTimeOffset(entered, TimeSpan.Zero) < k && k < received)) caught++;
            }
        }
        return new Check(accepted.Count, lost, twice, neverAcknowledged, wrong, broken, total, TimesStored, caught);
    }

    private string Report(List<FaultResult> results, Check check, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        var movements = _accepted.Count(a => a.Kind == Kind.Movement);
        var uploads = _accepted.Count(a => a.Kind == Kind.Upload);
        text.Append(CultureInfo.InvariantCulture,
            $"fault harness: {_started.Count} writes ({movements} stock movements, {check.Accepted - movements - uploads} order deliveries, {uploads} invoice photos) through {results.Count} faults in {elapsed.TotalSeconds:0} s: {check.Accepted} accepted, {check.Lost} lost, {check.Twice} applied twice, {check.NeverAcknowledged} applied but never acknowledged, {_attempts.Count(a => a.Outcome == "500")} answered 500; stock {(check.WrongStock.Count == 0 ? "equal to the accepted writes" : "WRONG")}, ledger chain {(check.BrokenLinks == 0 ? "unbroken" : "BROKEN")} ({check.Movements} movements); {check.CaughtBetween} deliveries caught between deposito's commit and negocio's by a kill\n\n");
        text.Append("| Fault | movements sent / accepted | deliveries sent / accepted | lost | applied twice | answers to movements | answers to deliveries | answers to photo uploads | back after s | writes accepted again after s |\n")
            .Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var r in results)
        {
            var keys = r.Movements.Accepted.Concat(r.Receipts.Accepted).Concat(r.Uploads.Accepted).ToList();
            text.Append(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Movements.Sent} / {r.Movements.Accepted.Count} | {r.Receipts.Sent} / {r.Receipts.Accepted.Count} | ")
                .Append(CultureInfo.InvariantCulture, $"{keys.Count(k => check.TimesStored(k) == 0)} | {keys.Count(k => check.TimesStored(k) > 1)} | {r.Movements.Answers} | {r.Receipts.Answers} | {r.Uploads.Answers} | ")
                .Append(CultureInfo.InvariantCulture, $"{r.BackSeconds:0.0} | {r.RecoverySeconds:0.0} |\n");
        }
        text.Append("\nEach row counts from the fault's injection to the moment writes of both kinds were accepted again. lost and applied twice: ")
            .Append("the accepted writes read back from the databases (a delivery: negocio's receipt and deposito's movement, once each; a photo: one draft with its key). Answers: ")
            .Append("HTTP status, 'timeout' (no answer in 10 s), 'refused' (nothing listening), 'connection lost'. back after: the process started ")
            .Append("and ready, the server back or the network restored; writes accepted again: from the fault's removal to the first accepted write ")
            .Append("of each kind sent after it (a replay of an earlier key is 200, a first application 201 or 200 for a delivery).\n");
        return text.ToString();
    }
}
