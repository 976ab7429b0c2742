using System.Globalization;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Demo;

/// <summary>
/// The demo business, through negocio's API as an admin: the twelve <see cref="DemoSuppliers"/>, then the invoices of
/// every delivery in deposito's demo history — one per supplier and day, built from deposito's own purchase record
/// (same products, quantities and prices), loaded as history (their goods are already in stock) — so purchase prices,
/// replacement costs and order prices start from the same numbers deposito shows.
/// </summary>
public sealed class NegocioDemoStep : IDemoSeedStep
{
    public int Order => 15;
    public string Name => "negocio";

    /// <summary>
    /// The invoices loaded are those of the last quarter's deliveries (about 450): older deliveries keep their purchase price
    /// in deposito (what ml learns from), and a year of invoices would be some 2,000 calls, over the API's rate limit.
    /// </summary>
    public const int InvoiceHistoryDays = 90;

    public async Task<string> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var negocio = services.GetRequiredService<INegocioClient>();
        var deposito = services.GetRequiredService<IDepositoClient>();
        var today = BuenosAiresTime.Today(services.GetRequiredService<TimeProvider>());
        using var admin = AmbientUser.Act(AmbientUser.For("demo", Roles.Admin));

        var existing = (await negocio.ListSuppliersAsync(pageSize: 200, cancellationToken: cancellationToken)).Require("listar proveedores").Items
            .Select(s => Cuit.Parse(s.Cuit).Digits).ToHashSet();
        var created = 0;
        foreach (var supplier in DemoSuppliers.All.Where(s => !existing.Contains(s.Cuit)))
        {
            var result = await negocio.CreateSupplierAsync(supplier.Request(), cancellationToken);
            if (result.Ok) created++;
            else if (result.Problem!.Status != 409) result.Require("crear proveedor " + supplier.Name);
        }
        var suppliers = (await negocio.ListSuppliersAsync(pageSize: 200, cancellationToken: cancellationToken)).Require("listar proveedores").Items
            .ToDictionary(s => Cuit.Parse(s.Cuit).Digits, s => s.Id);

        if ((await negocio.ListInvoicesAsync(pageSize: 1, cancellationToken: cancellationToken)).Require("listar facturas").Total > 0)
            return $"{created} proveedores nuevos; las facturas ya estaban cargadas";

        var products = await AllProductsAsync(deposito, cancellationToken);
        var purchases = (await deposito.GetPurchaseHistoryAsync(today.AddDays(-InvoiceHistoryDays - 1), today, cancellationToken)).Require("historial de compras");
        var invoices = 0;
        var lines = 0;
        foreach (var delivery in purchases.Days.Where(d => products.ContainsKey(d.ProductId))
                     .GroupBy(d => (d.Day, Supplier: DemoSuppliers.For(products[d.ProductId].Category)))
                     .OrderBy(g => g.Key.Day))
        {
            var request = Invoice(delivery.Key.Supplier, suppliers[delivery.Key.Supplier.Cuit], delivery.Key.Day,
                delivery.Select(d => (products[d.ProductId], d.Quantity, Math.Round(d.UnitPrice, 2))).ToList());
            var imported = await negocio.ImportInvoiceAsync(request, cancellationToken);
            if (imported.Ok)
            {
                invoices++;
                lines += request.Lines!.Count;
            }
            else if (imported.Problem!.Status != 409)
            {
                imported.Require($"factura histórica {delivery.Key.Supplier.Name} {delivery.Key.Day}");
            }
        }
        return $"{created} proveedores nuevos, {invoices} facturas históricas ({lines} líneas) de las entregas de los últimos {InvoiceHistoryDays} días";
    }

    private static async Task<Dictionary<int, ProductDto>> AllProductsAsync(IDepositoClient deposito, CancellationToken cancellationToken)
    {
        var all = new Dictionary<int, ProductDto>();
        for (var page = 1; page <= 100; page++)
        {
            var batch = (await deposito.ListProductsAsync(new ProductQuery(PageSize: 200, Page: page), cancellationToken)).Require("listar productos");
            foreach (var product in batch.Items) all[product.Id] = product;
            if (batch.Items.Count == 0 || all.Count >= batch.Total) break;
        }
        return all;
    }

    /// <summary>
    /// An AFIP invoice for a delivery: type A (net prices, IVA by rate) from a Responsable Inscripto, type C (no IVA) from a
    /// Monotributista; numbered by day so that the same delivery always gets the same number.
    /// </summary>
    public static InvoiceRequest Invoice(DemoSupplier supplier, Guid supplierId, DateOnly day, IReadOnlyList<(ProductDto Product, int Quantity, decimal UnitPrice)> items)
    {
        var type = supplier.InvoiceType;
        var lines = items.Select(i => new InvoiceLineRequest(i.Product.Code, i.Product.Name, i.Quantity, i.UnitPrice, Math.Round(i.UnitPrice * i.Quantity, 2),
            type == InvoiceType.A ? DemoSuppliers.IvaPercent(i.Product.Category) : null, i.Product.Id)).ToList();
        var subtotal = lines.Sum(l => l.Amount!.Value);
        var iva = type == InvoiceType.A
            ? lines.GroupBy(l => l.IvaRatePercent!.Value).Select(g => new InvoiceIvaLineDto(g.Key, Math.Round(g.Sum(l => l.Amount!.Value) * g.Key / 100m, 2))).ToList()
            : [];
        var number = day.DayNumber - new DateOnly(2020, 1, 1).DayNumber;
        var cae = "7" + (supplier.PointOfSale * 100_000_000L + number).ToString("D13", CultureInfo.InvariantCulture);
        return new InvoiceRequest(type.Letter(), supplier.PointOfSale, number, day, cae, day.AddDays(10),
            new InvoicePartyDto(supplier.Name, supplier.Cuit, supplier.IvaCondition.DisplayName(), supplier.Address), DemoSuppliers.Store,
            lines, subtotal, iva, 0m, subtotal + iva.Sum(i => i.Amount), supplierId);
    }
}
