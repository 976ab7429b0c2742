namespace MiniMarket.Console.Demo;

/// <summary>A day's delivery of one product (index into the product list): up to its maximum, at that day's purchase price.</summary>
public readonly record struct DemoDelivery(int Product, int Quantity, decimal UnitPrice);

/// <summary>A day's sales of one product (index into the product list), never more than its stock.</summary>
public readonly record struct DemoSale(int Product, int Units);

/// <summary>
/// The demo store's history, day by day, without any I/O: each morning every product below 1,2 × its minimum is delivered
/// up to its maximum; each evening it sells what <see cref="DemoStore"/> says, but never more than it has. The seeder
/// (<see cref="DepositoDemoStep"/>) writes these days to deposito; the ml tests replay them offline, so both see the same
/// history. Deterministic: the same products, seed and days give the same movements (the store's random numbers are
/// drawn for every product every day, whatever the stock).
/// </summary>
public sealed class DemoHistory(IReadOnlyList<DemoProduct> products, int seed = DemoHistory.Seed)
{
    public const int Seed = 2026;

    private readonly DemoStore _store = new(seed);

    public IReadOnlyList<DemoProduct> Products { get; } = products;

    /// <summary>The morning deliveries of the day <paramref name="daysAgo"/> days before today, given each product's stock.</summary>
    public List<DemoDelivery> Deliveries(int daysAgo, IReadOnlyList<int> stock) =>
        Products.Select((p, i) => (Product: p, Index: i))
            .Where(p => stock[p.Index] < p.Product.MinStock * 1.2m && p.Product.MaxStock - stock[p.Index] > 0)
            .Select(p => new DemoDelivery(p.Index, p.Product.MaxStock - stock[p.Index], DemoStore.PurchasePriceOn(p.Product, daysAgo)))
            .ToList();

    /// <summary>The evening sales of <paramref name="day"/>, given each product's stock after the morning's deliveries.</summary>
    public List<DemoSale> Sales(DateOnly day, IReadOnlyList<int> stock) =>
        Products.Select((p, i) => new DemoSale(i, Math.Min(_store.UnitsSold(p, day), stock[i])))
            .Where(s => s.Units > 0)
            .ToList();

    /// <summary>
    /// The whole history of a new store (every stock starting at 0) over the <paramref name="days"/> days before
    /// <paramref name="today"/>: the units sold per product index and day, as deposito would record them.
    /// </summary>
    public static List<(int Product, DateOnly Day, int Units)> SalesBefore(DateOnly today, int days, IReadOnlyList<DemoProduct>? products = null)
    {
        var history = new DemoHistory(products ?? DemoCatalog.Products);
        var stock = new int[history.Products.Count];
        var sales = new List<(int, DateOnly, int)>();
        for (var daysAgo = days; daysAgo >= 1; daysAgo--)
        {
            var day = today.AddDays(-daysAgo);
            foreach (var delivery in history.Deliveries(daysAgo, stock)) stock[delivery.Product] += delivery.Quantity;
            foreach (var sale in history.Sales(day, stock))
            {
                stock[sale.Product] -= sale.Units;
                sales.Add((sale.Product, day, sale.Units));
            }
        }
        return sales;
    }
}
