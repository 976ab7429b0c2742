using System.Globalization;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Demo;

/// <summary>
/// The demo warehouse, through deposito's API as an admin: the categories and products of <see cref="DemoCatalog"/>, then
/// 90 days of history as <see cref="DemoHistory"/> plays it — an opening delivery, daily sales shaped by <see cref="DemoStore"/>,
/// and deliveries up to the maximum whenever a product runs low, at purchase prices that carry 4,5 % monthly inflation — and
/// finally today's prices. Every call is idempotent (keys by date), and a store that already has the catalog is left alone.
/// </summary>
public sealed class DepositoDemoStep : IDemoSeedStep
{
    /// <summary>
    /// Thirteen months: a store that has run for a year, so that ml's demand model has seen this month and the change into it
    /// last year (December's aguinaldo, July's lull, summer's drinks) instead of learning from one season. Within deposito's
    /// limit for back-dated movements (400 days) and ml's history window (<c>Ml:HistoryDays</c>, 400).
    /// </summary>
    public const int HistoryDays = 395;

    public int Order => 10;
    public string Name => "depósito";

    public async Task<string> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var deposito = services.GetRequiredService<IDepositoClient>();
        var time = services.GetRequiredService<TimeProvider>();
        using var admin = AmbientUser.Act(AmbientUser.For("demo", Roles.Admin));

        var existing = (await deposito.ListProductsAsync(new ProductQuery(PageSize: 1), cancellationToken)).Require("listar productos");
        if (existing.Total >= DemoCatalog.Products.Count) return $"ya existían {existing.Total} productos";

        var categories = await EnsureCategoriesAsync(deposito, cancellationToken);
        var products = await EnsureProductsAsync(deposito, categories, cancellationToken);
        var movements = await SimulateHistoryAsync(deposito, products, BuenosAiresTime.Today(time), cancellationToken);
        foreach (var (demo, product) in products)
        {
            (await deposito.UpdateProductAsync(product.Id, DemoStore.Request(demo, product.CategoryId, demo.PurchasePriceToday), cancellationToken))
                .Require("precio de hoy de " + demo.Code);
        }
        return $"{categories.Count} categorías, {products.Count} productos, {movements} movimientos en {HistoryDays} días";
    }

    private static async Task<Dictionary<string, int>> EnsureCategoriesAsync(IDepositoClient deposito, CancellationToken cancellationToken)
    {
        var byName = (await deposito.ListCategoriesAsync(cancellationToken)).Require("listar categorías").ToDictionary(c => c.Name, c => c.Id);
        foreach (var name in DemoCatalog.Categories.Where(n => !byName.ContainsKey(n)))
        {
            byName[name] = (await deposito.CreateCategoryAsync(name, cancellationToken)).Require("crear categoría " + name).Id;
        }
        return byName;
    }

    private static async Task<List<(DemoProduct Demo, ProductDto Product)>> EnsureProductsAsync(
        IDepositoClient deposito, Dictionary<string, int> categories, CancellationToken cancellationToken)
    {
        var result = new List<(DemoProduct, ProductDto)>();
        foreach (var demo in DemoCatalog.Products)
        {
            var created = await deposito.CreateProductAsync(DemoStore.Request(demo, categories[demo.Category], DemoStore.PurchasePriceOn(demo, HistoryDays)), cancellationToken);
            var product = created.Ok ? created.Value!
                : created.Problem!.Status == 409
                    ? (await deposito.ListProductsAsync(new ProductQuery(Text: demo.Code, PageSize: 5), cancellationToken)).Require("buscar " + demo.Code).Items.Single(p => p.Code == demo.Code)
                    : created.Require("crear " + demo.Code);
            result.Add((demo, product));
        }
        return result;
    }

    private static async Task<int> SimulateHistoryAsync(
        IDepositoClient deposito, List<(DemoProduct Demo, ProductDto Product)> products, DateOnly today, CancellationToken cancellationToken)
    {
        var history = new DemoHistory(products.Select(p => p.Demo).ToList());
        var index = products.Select((p, i) => (p.Product.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var stock = products.Select(p => p.Product.Stock).ToArray();
        var count = 0;
        for (var daysAgo = HistoryDays; daysAgo >= 1; daysAgo--)
        {
            var day = today.AddDays(-daysAgo);
            var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var deliveries = history.Deliveries(daysAgo, stock)
                .Select(d => new StockMovementRequest(products[d.Product].Product.Id, null, "entrada", d.Quantity, "compra", $"Remito {date}", d.UnitPrice, At(day, 9)))
                .ToList();
            count += await ApplyAsync(deposito, "demo-entregas-" + date, deliveries, stock, index, cancellationToken);
            var sales = history.Sales(day, stock)
                .Select(s => new StockMovementRequest(products[s.Product].Product.Id, null, "salida", -s.Units, "venta",
                    $"Ventas del {day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}", null, At(day, 20)))
                .ToList();
            count += await ApplyAsync(deposito, "demo-ventas-" + date, sales, stock, index, cancellationToken);
        }
        return count;
    }

    private static async Task<int> ApplyAsync(IDepositoClient deposito, string key, List<StockMovementRequest> lines, int[] stock,
        Dictionary<int, int> index, CancellationToken cancellationToken)
    {
        if (lines.Count == 0) return 0;
        var applied = (await deposito.MoveBatchAsync(key, lines, cancellationToken)).Require("lote " + key);
        foreach (var movement in applied.Movements) stock[index[movement.ProductId]] = movement.StockAfter;
        return applied.Movements.Count;
    }

    private static DateTimeOffset At(DateOnly day, int hour)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, BuenosAiresTime.Zone.GetUtcOffset(local));
    }
}
