using Microsoft.EntityFrameworkCore;
using MiniMarket.Agents.Negocio.Invoices;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Negocio.Orders;

/// <summary>
/// Proposes purchase orders from deposito's critical stock: one draft per supplier, each product up to its maximum
/// (less what open orders already bring), priced at its last purchase cost grown by inflation to today. A product
/// without a supplier of its own goes to the first active supplier that lists its category. Two proposals never run
/// at once (a transaction-scoped advisory lock), so the job and a person cannot order the same goods twice.
/// </summary>
public sealed partial class OrderProposer(
    NegocioDbContext db, DepositoAgentClient deposito, ProductCatalog catalog, Pricing pricing, TimeProvider time, ILogger<OrderProposer> logger)
{
    private const long LockKey = 0x4E45474F43494F; // "NEGOCIO"

    public async Task<OrderProposalDto> ProposeAsync(string origin, string user, CancellationToken ct)
    {
        var critical = await deposito.GetCriticalAsync(ct);
        NegocioMetrics.CriticalProducts.Set(critical.Products.Count);
        var products = (await catalog.GetAsync(ct)).ToDictionary(p => p.Id);
        var inflation = await pricing.InflationAsync(ct);
        var today = BuenosAiresTime.Today(time);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"select pg_advisory_xact_lock({LockKey})", ct);
        var open = await db.Orders.AsNoTracking().Where(o => o.State == "borrador" || o.State == "enviada").ToListAsync(ct);
        var pending = open.SelectMany(o => o.Lines.Select(l => (l.ProductId, Pending: l.Quantity - l.Received, o.Number)))
            .GroupBy(x => x.ProductId).ToDictionary(g => g.Key, g => (Units: g.Sum(x => x.Pending), Numbers: g.Select(x => x.Number).ToList()));
        var suppliers = await db.Suppliers.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).ToListAsync(ct);
        var lastPurchases = await pricing.LastPurchasesAsync(critical.Products.Select(p => p.Id).ToList(), today, ct);

        var skipped = new List<ProposalSkipDto>();
        var lines = new List<(SupplierRow Supplier, StoredOrderLine Line)>();
        foreach (var item in critical.Products)
        {
            var alreadyComing = pending.TryGetValue(item.Id, out var p) ? p.Units : 0;
            var quantity = item.QuantityToMax - alreadyComing;
            if (quantity <= 0)
            {
                skipped.Add(new ProposalSkipDto(item.Id, item.Code, alreadyComing > 0
                    ? $"Ya pedido en {string.Join(", ", p.Numbers.Select(OrdersApi.Display))}."
                    : "Está en su stock máximo: no hay nada que pedir."));
                continue;
            }
            var supplier = suppliers.FirstOrDefault(s => s.Id == item.SupplierId)
                ?? suppliers.FirstOrDefault(s => s.Supplies.Contains(item.Category, StringComparer.OrdinalIgnoreCase));
            if (supplier is null)
            {
                skipped.Add(new ProposalSkipDto(item.Id, item.Code, $"Ningún proveedor activo entrega la categoría {item.Category}."));
                continue;
            }
            if (!products.TryGetValue(item.Id, out var product))
            {
                skipped.Add(new ProposalSkipDto(item.Id, item.Code, "El producto no está activo en deposito."));
                continue;
            }
            var price = Pricing.Price(product, today, lastPurchases.GetValueOrDefault(item.Id), inflation, 0m);
            lines.Add((supplier, new StoredOrderLine(item.Id, item.Code, item.Name, quantity, 0, price.ReplacementCost)));
        }

        var now = time.GetUtcNow();
        var created = new List<PurchaseOrderRow>();
        foreach (var group in lines.GroupBy(l => l.Supplier.Id))
        {
            var order = new PurchaseOrderRow
            {
                Id = Guid.NewGuid(),
                SupplierId = group.Key,
                SupplierName = group.First().Supplier.Name,
                State = "borrador",
                Origin = origin,
                Lines = group.Select(g => g.Line).OrderBy(l => l.ProductCode, StringComparer.Ordinal).ToList(),
                CreatedBy = user,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Orders.Add(order);
            created.Add(order);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var value = created.Sum(o => o.Lines.Sum(l => l.Quantity * l.UnitPrice));
        NegocioMetrics.OrdersGenerated.WithLabels(origin).Inc(created.Count);
        NegocioMetrics.OrderValueGenerated.WithLabels(origin).Inc((double)value);
        LogProposed(logger, origin, created.Count, critical.Products.Count, skipped.Count, value);
        return new OrderProposalDto(created.Select(OrdersApi.ToDto).ToList(), skipped, critical.Products.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order proposal ({Origin}): {Orders} orders for {Critical} critical products, {Skipped} skipped, value {Value} ARS")]
    private static partial void LogProposed(ILogger logger, string origin, int orders, int critical, int skipped, decimal value);
}
