using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using MiniMarket.InvoiceCorpus;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// The real services after a demo workload, scraped by a real Prometheus that runs the project's own config
/// (prometheus.local.yml with the test's addresses) and rules: the three agents and the console on loopback ports,
/// and the exporters, Prometheus and Alertmanager that test.sh started. The workload touches every feature that
/// exports a metric: 65 days of sales and purchases, a model training (accuracy, drift, inflation), forecasts twice
/// (cache miss, then hit), an invoice photo read by OCR, a typed invoice confirmed, order proposals.
/// </summary>
public sealed class ObservedServices : IAsyncLifetime
{
    public const int HistoryDays = 65;
    private TestDatabase? _database;
    private readonly List<IAsyncDisposable> _apps = [];

    public PrometheusProcess Prometheus { get; private set; } = null!;
    public HttpClient Query { get; private set; } = null!;

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) ? port : fallback;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("obs");
        var db = _database.ConnectionString;
        var deposito = Start(new AgentsFactory("deposito", db), out var depositoUrl);
        var ml = Start(new AgentsFactory("ml", db, new Dictionary<string, string?> { ["Ml:DepositoUrl"] = depositoUrl.ToString(), ["Ml:MonitorInterval"] = "00:00:02" }), out var mlUrl);
        var negocio = Start(new AgentsFactory("negocio", db, new Dictionary<string, string?>
        {
            ["Negocio:DepositoUrl"] = depositoUrl.ToString(), ["Negocio:MlUrl"] = mlUrl.ToString(), ["Negocio:MetricsInterval"] = "00:00:01",
        }), out var negocioUrl);
        var prometheusPort = Port("MM_PROMETHEUS_PORT", 9090);
        var console = new ConsoleFactory(db, $"http://127.0.0.1:{prometheusPort}", new Dictionary<string, string?>
        {
            ["Agents:DepositoUrl"] = depositoUrl.ToString(), ["Agents:NegocioUrl"] = negocioUrl.ToString(), ["Agents:MlUrl"] = mlUrl.ToString(),
        });
        _apps.Add(console);
        var consoleUrl = console.StartOnKestrel();

        await WorkloadAsync(deposito, depositoUrl, ml, mlUrl, negocio, negocioUrl);

        // The project's rules, evaluated every second here: a group's own interval (30 s, 2 min for the SLOs' long windows)
        // would leave its series unrecorded while the test reads them.
        var rules = Directory.CreateTempSubdirectory("mm-obs-rules-").FullName;
        foreach (var file in ObservabilityFiles.RuleFiles)
        {
            File.WriteAllText(Path.Combine(rules, Path.GetFileName(file)), System.Text.RegularExpressions.Regex.Replace(
                File.ReadAllText(file), @"(?m)^(\s+)interval: [0-9]+[smh]$", "$1interval: 1s"));
        }
        var config = File.ReadAllText(Path.Combine(ObservabilityFiles.PrometheusDirectory, "prometheus.local.yml"))
            .Replace("scrape_interval: 5s", "scrape_interval: 1s", StringComparison.Ordinal)
            .Replace("evaluation_interval: 5s", "evaluation_interval: 1s", StringComparison.Ordinal)
            .Replace("rules/*.rules.yml", rules + "/*.rules.yml", StringComparison.Ordinal)
            .Replace("127.0.0.1:8001", depositoUrl.Authority, StringComparison.Ordinal)
            .Replace("127.0.0.1:8002", negocioUrl.Authority, StringComparison.Ordinal)
            .Replace("127.0.0.1:8003", mlUrl.Authority, StringComparison.Ordinal)
            .Replace("127.0.0.1:8080", consoleUrl.Authority, StringComparison.Ordinal)
            .Replace("127.0.0.1:9090", $"127.0.0.1:{prometheusPort}", StringComparison.Ordinal)
            .Replace("127.0.0.1:9093", $"127.0.0.1:{Port("MM_ALERTMANAGER_PORT", 9093)}", StringComparison.Ordinal)
            .Replace("127.0.0.1:9100", $"127.0.0.1:{Port("MM_NODE_EXPORTER_PORT", 9100)}", StringComparison.Ordinal)
            .Replace("127.0.0.1:9187", $"127.0.0.1:{Port("MM_PG_EXPORTER_PORT", 9187)}", StringComparison.Ordinal)
            .Replace("127.0.0.1:9121", $"127.0.0.1:{Port("MM_REDIS_EXPORTER_PORT", 9121)}", StringComparison.Ordinal);
        Prometheus = await PrometheusProcess.StartWithConfigAsync(config);
        Query = new HttpClient { BaseAddress = Prometheus.Url };

        // More traffic while Prometheus watches (rates need two scrapes), then wait for every source to have been scraped
        // and the recording rules (every 30 s) to have run.
        await TrafficAsync(deposito, depositoUrl, negocio, negocioUrl, ml, mlUrl);
        string[] required = ["service:http_request_duration_seconds:p95_5m", "ml_model_drift_score", "ml_prediction_accuracy_percent", "pg_up", "redis_up",
            "node_cpu_seconds_total", "negocio_ventas_hoy_ars", "alertmanager_notifications_total", "ALERTS",
            "ocr_timeout_events_total",
            .. SloRules.Windows.Select(w => "slo:burn_rate:rate" + w), "slo:burn_rate:rate30d", "slo:error_budget:remaining_ratio",
            "slo:objective:ratio", "slo:objective:max_per_hour"];
        await Poll.UntilAsync(async () => string.Join(", ", required.Except(await NamesAsync())), missing => missing.Length == 0,
            TimeSpan.FromSeconds(120), "every source scraped and the recording rules evaluated (missing)");
        await TrafficAsync(deposito, depositoUrl, negocio, negocioUrl, ml, mlUrl);
    }

    private AgentsFactory Start(AgentsFactory agent, out Uri url)
    {
        _apps.Add(agent);
        url = agent.StartOnKestrel();
        return agent;
    }

    public async Task<IReadOnlyList<string>> NamesAsync()
    {
        var answer = await Query.GetFromJsonAsync<JsonElement>("api/v1/label/__name__/values");
        return answer.GetProperty("data").EnumerateArray().Select(n => n.GetString()!).ToList();
    }

    private static HttpClient Client(AgentsFactory agent, Uri url)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(3) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agent.TokenFor("admin", Roles.Admin));
        return client;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
    }

    private static async Task SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? key = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private readonly List<ProductDto> _products = [];

    private async Task WorkloadAsync(AgentsFactory deposito, Uri depositoUrl, AgentsFactory ml, Uri mlUrl, AgentsFactory negocio, Uri negocioUrl)
    {
        using var admin = Client(deposito, depositoUrl);
        var category = await ReadAsync<CategoryDto>(await admin.PostAsJsonAsync("/api/v1/categories", new CategoryRequest("Almacén")));
        // ml measures drift over at least 20 products.
        for (var i = 0; i < 22; i++)
        {
            _products.Add(await ReadAsync<ProductDto>(await admin.PostAsJsonAsync("/api/v1/products",
                new ProductRequest($"OBS{i:D6}", $"Producto observado {i}", null, category.Id, null, i == 0 ? 5000 : 5, 100_000, 100m + i, 150m + i, null))));
        }
        var today = Core.Domain.BuenosAiresTime.Today(TimeProvider.System);
        var random = new Random(5);
        for (var daysAgo = HistoryDays; daysAgo >= 1; daysAgo--)
        {
            var day = today.AddDays(-daysAgo);
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(-3));
            var lines = new List<StockMovementRequest>();
            if (daysAgo % 7 == 0 || daysAgo == HistoryDays)
            {
                var growth = Math.Pow(1.045, -daysAgo / 30.44);
                lines.AddRange(_products.Select((p, i) => new StockMovementRequest(p.Id, null, "entrada", 300, "compra", "Remito", Math.Round((100m + i) * (decimal)growth, 2), at.AddHours(-3))));
            }
            lines.AddRange(_products.Select(p => new StockMovementRequest(p.Id, null, "salida", -(3 + random.Next(6)), "venta", "Caja", null, at.AddHours(6))));
            await SendAsync(admin, HttpMethod.Post, "/api/v1/stock/movements/batch", new StockBatchRequest(lines), $"obs-history-{daysAgo}");
        }
        using var mlAdmin = Client(ml, mlUrl);
        await SendAsync(mlAdmin, HttpMethod.Post, "/api/v1/models/retrain", null);

        using var negocioAdmin = Client(negocio, negocioUrl);
        var supplierCuit = "30710458215";
        await SendAsync(negocioAdmin, HttpMethod.Post, "/api/v1/suppliers", new SupplierRequest("Mayorista Observado SA", supplierCuit, "RI", null, null, null, ["Almacén"]));
        var draft = await ReadAsync<InvoiceDto>(await negocioAdmin.PostAsJsonAsync("/api/v1/invoices", new InvoiceRequest("A", 9, 1, today, "76123456789012", today.AddDays(10),
            new InvoicePartyDto("Mayorista Observado SA", supplierCuit, "Responsable Inscripto", null), new InvoicePartyDto("Minimercado", "30712345671", "Responsable Inscripto", null),
            [new InvoiceLineRequest(_products[1].Code, _products[1].Name, 10, 110m, 1100m, 21m, null)], 1100m, [new InvoiceIvaLineDto(21m, 231m)], 0m, 1331m, null)));
        await SendAsync(negocioAdmin, HttpMethod.Post, $"/api/v1/invoices/{draft.Id}/confirm", null);
        var photo = InvoiceCorpus.InvoiceCorpus.Generate(7, DegradationKinds.Clean);
        var content = new ByteArrayContent(photo.Image);
        content.Headers.ContentType = new MediaTypeHeaderValue(photo.ContentType);
        (await negocioAdmin.PostAsync("/api/v1/invoices/ocr", content)).EnsureSuccessStatusCode();
    }

    /// <summary>Requests of every kind: reads through the caches (hits and misses), a sale, a proposal, forecasts, revenue.</summary>
    private async Task TrafficAsync(AgentsFactory deposito, Uri depositoUrl, AgentsFactory negocio, Uri negocioUrl, AgentsFactory ml, Uri mlUrl)
    {
        using var admin = Client(deposito, depositoUrl);
        using var negocioAdmin = Client(negocio, negocioUrl);
        using var mlAdmin = Client(ml, mlUrl);
        for (var round = 0; round < 3; round++)
        {
            foreach (var product in _products.Take(4))
            {
                (await admin.GetAsync($"/api/v1/products/{product.Id}")).EnsureSuccessStatusCode();
                (await admin.GetAsync($"/api/v1/products/by-code/{product.Code}")).EnsureSuccessStatusCode();
            }
            await SendAsync(admin, HttpMethod.Post, "/api/v1/stock/movements", new StockMovementRequest(_products[2].Id, null, "salida", -1, "venta", "Caja", null), Guid.NewGuid().ToString());
            (await admin.GetAsync("/api/v1/stock/critical")).EnsureSuccessStatusCode();
            (await mlAdmin.GetAsync("/api/v1/forecasts/demand?horizon=1")).EnsureSuccessStatusCode();
            (await mlAdmin.GetAsync($"/api/v1/forecasts/price/{_products[0].Id}")).EnsureSuccessStatusCode();
            (await mlAdmin.GetAsync("/api/v1/inflation")).EnsureSuccessStatusCode();
            (await negocioAdmin.GetAsync("/api/v1/revenue/today")).EnsureSuccessStatusCode();
            (await negocioAdmin.PostAsync("/api/v1/orders/proposals", null)).EnsureSuccessStatusCode();
            (await admin.GetAsync("/api/v1/products/999999")).StatusCode.ToString(); // a 404: requests are not all 2xx
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    public async Task DisposeAsync()
    {
        Query?.Dispose();
        if (Prometheus is not null) await Prometheus.DisposeAsync();
        foreach (var app in Enumerable.Reverse(_apps)) await app.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
