using Microsoft.EntityFrameworkCore;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Negocio.Invoices;

/// <summary>
/// After a confirmation, sets each product's purchase price in deposito to what the invoice paid and its sale price to
/// that cost plus the category's markup. Setting absolute prices is safe to repeat, so an invoice whose update failed
/// (deposito went down right after the stock entered) stays marked and is retried by the background job.
/// </summary>
public sealed partial class PriceSync(NegocioDbContext db, DepositoAgentClient deposito, Pricing pricing, NegocioCaches caches, ILogger<PriceSync> logger)
{
    public async Task<bool> TrySyncAsync(Guid invoiceId, CancellationToken ct)
    {
        var row = await db.Invoices.SingleOrDefaultAsync(i => i.Id == invoiceId, ct);
        if (row is not { PricesPending: true }) return true;
        try
        {
            // The quantity-weighted cost when a product appears on several lines.
            var costs = row.Lines.Where(l => l.ProductId is not null && l.UnitPrice is >= 0.01m && l.Quantity is > 0)
                .GroupBy(l => l.ProductId!.Value)
                .Select(g => (ProductId: g.Key, Cost: Math.Round(g.Sum(l => l.UnitPrice!.Value * l.Quantity!.Value) / g.Sum(l => l.Quantity!.Value), 2, MidpointRounding.AwayFromZero)));
            foreach (var (productId, cost) in costs)
            {
                try
                {
                    var product = await deposito.GetProductAsync(productId, ct);
                    if (product is null) continue; // deleted meanwhile: nothing to price
                    var markup = await pricing.MarkupPercentAsync(product.Category, ct);
                    var sale = SalePrice.From(new Ars(cost), markup).Amount;
                    if (product.PurchasePrice != cost || product.SalePrice != sale) await deposito.SetPricesAsync(productId, cost, sale, ct);
                }
                catch (Exception e) when (e is DependencyRefusedException or DomainException)
                {
                    // deposito will never take this price (a product deactivated, a rule): say so and price the others.
                    LogRefused(logger, invoiceId, productId, e.Message);
                }
            }
            row.PricesPending = false;
            await db.SaveChangesAsync(ct);
            caches.InvalidateCatalog();
            return true;
        }
        catch (DependencyUnavailableException e)
        {
            LogPending(logger, invoiceId, e.Message);
            return false;
        }
    }

    /// <summary>Retries the invoices whose prices are still pending (oldest first, a few per round).</summary>
    public async Task<int> RetryPendingAsync(CancellationToken ct)
    {
        var pending = await db.Invoices.AsNoTracking().Where(i => i.PricesPending && i.State == InvoiceStates.Confirmed)
            .OrderBy(i => i.ConfirmedAt).Select(i => i.Id).Take(20).ToListAsync(ct);
        var done = 0;
        foreach (var id in pending)
        {
            if (!await TrySyncAsync(id, ct)) break; // deposito is still away: next round
            done++;
        }
        return done;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Price of product {ProductId} from invoice {InvoiceId} refused by deposito: {Reason}")]
    private static partial void LogRefused(ILogger logger, Guid invoiceId, int productId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prices of invoice {InvoiceId} not updated in deposito yet, will retry: {Reason}")]
    private static partial void LogPending(ILogger logger, Guid invoiceId, string reason);
}
