using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;
using Npgsql;

namespace MiniMarket.Agents.Tests.Fuzz;

/// <summary>
/// The three agents on loopback ports, each calling the others (deposito asks negocio about suppliers, negocio calls
/// deposito and ml, ml reads deposito's history), with data for every operation to act on: categories, products with 50
/// days of sales and purchases, two suppliers, a draft and a sent purchase order, an invoice draft, and trained models.
/// The rate limit is lifted: the fuzz test sends thousands of requests as one user.
/// </summary>
public sealed class FuzzAgents : IAsyncLifetime
{
    private TestDatabase? _database;
    private readonly List<AgentsFactory> _apps = [];
    private int _cuit = 5000;

    public IReadOnlyDictionary<string, Uri> Urls { get; private set; } = null!;
    public IReadOnlyDictionary<string, HttpClient> Admin { get; private set; } = null!;
    public FuzzData Data { get; private set; } = null!;
    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("fuzz");
        var ports = new Dictionary<string, int> { ["deposito"] = TestServers.FreePort(), ["negocio"] = TestServers.FreePort(), ["ml"] = TestServers.FreePort() };
        string Url(string agent) => $"http://127.0.0.1:{ports[agent]}/";
        var common = new Dictionary<string, string?>
        {
            ["RateLimit:PermitsPerMinute"] = "1000000",
            ["Deposito:NegocioUrl"] = Url("negocio"),
            ["Negocio:DepositoUrl"] = Url("deposito"),
            ["Negocio:MlUrl"] = Url("ml"),
            ["Ml:DepositoUrl"] = Url("deposito"),
        };
        var urls = new Dictionary<string, Uri>();
        var admin = new Dictionary<string, HttpClient>();
        foreach (var agent in new[] { "deposito", "negocio", "ml" })
        {
            var app = new AgentsFactory(agent, ConnectionString, common);
            _apps.Add(app);
            urls[agent] = app.StartOnKestrel(ports[agent]);
            var client = new HttpClient { BaseAddress = urls[agent], Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor("fuzz", Roles.Admin));
            admin[agent] = client;
        }
        Urls = urls;
        Admin = admin;
        Data = await SeedAsync();
    }

    public string NewCuit()
    {
        while (true)
        {
            var first = "30" + Interlocked.Increment(ref _cuit).ToString("D8", CultureInfo.InvariantCulture);
            if (Cuit.ComputeCheckDigit(first) is { } check) return first + check;
        }
    }

    private static async Task<T> ReadAsync<T>(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
    }

    private async Task<FuzzData> SeedAsync()
    {
        var deposito = Admin["deposito"];
        var negocio = Admin["negocio"];
        var almacen = await ReadAsync<CategoryDto>(deposito.PostAsJsonAsync("/api/v1/categories", new CategoryRequest("Almacén fuzz")));
        var bebidas = await ReadAsync<CategoryDto>(deposito.PostAsJsonAsync("/api/v1/categories", new CategoryRequest("Bebidas fuzz")));
        var first = await ReadAsync<SupplierDto>(negocio.PostAsJsonAsync("/api/v1/suppliers",
            new SupplierRequest("Mayorista Uno", NewCuit(), "Responsable Inscripto", "Ana", "ana@uno.test", "+54 11 5555-0001", [almacen.Name])));
        var second = await ReadAsync<SupplierDto>(negocio.PostAsJsonAsync("/api/v1/suppliers",
            new SupplierRequest("Mayorista Dos", NewCuit(), "Responsable Inscripto", "Beto", "beto@dos.test", "+54 11 5555-0002", [bebidas.Name])));

        // Products with a history (for the models) and plenty of stock; two critical ones (for the purchase orders).
        var products = new List<ProductDto>();
        for (var i = 0; i < 12; i++)
        {
            products.Add(await ReadAsync<ProductDto>(deposito.PostAsJsonAsync("/api/v1/products",
                new ProductRequest($"FZH{i:D6}", $"Producto con historia {i}", null, almacen.Id, null, 5, 100_000, 100m + i, 150m + i, null))));
        }
        var criticalFirst = await ReadAsync<ProductDto>(deposito.PostAsJsonAsync("/api/v1/products",
            new ProductRequest("FZC000001", "Yerba crítica", null, almacen.Id, null, 10, 50, 900m, 1300m, first.Id)));
        var criticalSecond = await ReadAsync<ProductDto>(deposito.PostAsJsonAsync("/api/v1/products",
            new ProductRequest("FZC000002", "Agua crítica", null, bebidas.Id, null, 10, 50, 400m, 600m, second.Id)));
        var today = BuenosAiresTime.Today(TimeProvider.System);
        var random = new Random(14);
        for (var daysAgo = 50; daysAgo >= 1; daysAgo--)
        {
            var at = new DateTimeOffset(today.AddDays(-daysAgo).ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(-3));
            var lines = new List<StockMovementRequest>();
            if (daysAgo % 7 == 1)
            {
                var growth = Math.Pow(1.04, -daysAgo / 30.44);
                lines.AddRange(products.Select((p, i) => new StockMovementRequest(p.Id, null, "entrada", 200, "compra", "Remito", Math.Round((100m + i) * (decimal)growth, 2), at.AddHours(-3))));
            }
            lines.AddRange(products.Select(p => new StockMovementRequest(p.Id, null, "salida", -(4 + random.Next(5)), "venta", "Caja", null, at.AddHours(6))));
            using var batch = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements/batch") { Content = JsonContent.Create(new StockBatchRequest(lines)) };
            batch.Headers.Add("Idempotency-Key", $"fuzz-history-{daysAgo}");
            await ReadAsync<StockBatchDto>(deposito.SendAsync(batch));
        }
        await ReadAsync<TrainingReportDto>(Admin["ml"].PostAsync("/api/v1/models/retrain", null));

        var proposal = await ReadAsync<OrderProposalDto>(negocio.PostAsync("/api/v1/orders/proposals", null));
        var draftOrder = proposal.Created.Single(o => o.SupplierId == first.Id);
        var sentOrder = proposal.Created.Single(o => o.SupplierId == second.Id);
        await ReadAsync<PurchaseOrderDto>(negocio.PostAsync($"/api/v1/orders/{sentOrder.Id}/send", null));
        var invoice = await ReadAsync<InvoiceDto>(negocio.PostAsJsonAsync("/api/v1/invoices", FuzzData.Invoice(first.Cuit, products[0], NewCuit(), 77)));
        return new FuzzData(almacen, bebidas, first, second, products[0], criticalFirst, criticalSecond, draftOrder, sentOrder, invoice);
    }

    /// <summary>
    /// What the agents have stored: one hash of every row of every table of their schemas. The same before and after a
    /// request means the request wrote nothing.
    /// </summary>
    public async Task<string> FingerprintAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
            WHERE table_schema IN ('deposito', 'negocio', 'ml') AND table_type = 'BASE TABLE' AND table_name <> '__ef_migrations_history'
            ORDER BY 1
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var parts = new List<string>();
        foreach (var table in tables)
        {
            await using var hash = new NpgsqlCommand($"SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t", connection);
            parts.Add(table + "=" + (string)(await hash.ExecuteScalarAsync())!);
        }
        return string.Join('\n', parts);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in Admin?.Values ?? []) client.Dispose();
        foreach (var app in _apps) await app.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>The rows the fuzz test's requests name (a product, a supplier, an order in each state, an invoice draft).</summary>
public sealed record FuzzData(CategoryDto Category, CategoryDto OtherCategory, SupplierDto Supplier, SupplierDto OtherSupplier, ProductDto Product,
    ProductDto CriticalProduct, ProductDto OtherCriticalProduct, PurchaseOrderDto DraftOrder, PurchaseOrderDto SentOrder, InvoiceDto Draft)
{
    /// <summary>A valid type-A invoice from <paramref name="issuerCuit"/> for <paramref name="product"/>.</summary>
    public static InvoiceRequest Invoice(string issuerCuit, ProductDto product, string receiverCuit, int number) => new(
        "A", 3, number, new DateOnly(2026, 11, 20), "76123456789012", new DateOnly(2026, 11, 30),
        new InvoicePartyDto("Mayorista Uno", issuerCuit, "Responsable Inscripto", "Av. Siempreviva 742"),
        new InvoicePartyDto("Minimercado El Sol SRL", receiverCuit, "Responsable Inscripto", "Calle 1"),
        [new InvoiceLineRequest(product.Code, product.Name, 12, 100m, 1200m, 21m, null)],
        1200m, [new InvoiceIvaLineDto(21m, 252m)], 0m, 1452m, null);
}
