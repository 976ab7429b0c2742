using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Negocio;

public static class Markups
{
    public const decimal MaxPercent = 1000m;
}

/// <summary>The monthly inflation used for replacement costs, and where it came from.</summary>
public sealed record InflationUsed(MonthlyInflation Inflation, string Source);

/// <summary>
/// Prices under inflation (DOMAIN.md): the last purchase cost of a product grows with the monthly inflation for the
/// days since it was bought (the expected replacement cost), and the sale price is that cost plus the category's markup.
/// </summary>
public sealed partial class Pricing(NegocioDbContext db, IOptions<NegocioOptions> options, MlAgentClient ml, NegocioCaches caches, TimeProvider time, ILogger<Pricing> logger)
{
    private static readonly TimeSpan InflationMaxAge = TimeSpan.FromMinutes(10);

    public async Task<decimal> MarkupPercentAsync(string category, CancellationToken ct)
    {
        // Categories compare without case, as deposito's and the configuration's do.
        var pattern = DbErrors.EscapeLike(category);
        var stored = await db.Markups.AsNoTracking().FirstOrDefaultAsync(m => EF.Functions.ILike(m.Category, pattern), ct);
        if (stored is not null) return stored.MarkupPercent;
        return options.Value.MarkupPercentByCategory.TryGetValue(category, out var configured) ? configured : options.Value.DefaultMarkupPercent;
    }

    /// <summary>
    /// From configuration, or (InflationSource = ml) the store's own inflation as ml measures it, kept ten minutes; when ml
    /// cannot say, the configured figure, and the source says so.
    /// </summary>
    public async Task<InflationUsed> InflationAsync(CancellationToken ct)
    {
        var configured = MonthlyInflation.Create(options.Value.MonthlyInflationPercent);
        if (options.Value.InflationSource != NegocioOptions.InflationFromMl) return new InflationUsed(configured, NegocioOptions.InflationFromConfiguration);
        if (caches.MeasuredInflation is { } cached && time.GetUtcNow() - cached.At < InflationMaxAge) return new InflationUsed(MonthlyInflation.Create(cached.Percent), NegocioOptions.InflationFromMl);
        try
        {
            var measured = await ml.GetInflationAsync(ct);
            if (measured.MeasuredMonthlyPercent is { } percent && !double.IsNaN(percent))
            {
                var clamped = Math.Clamp(Math.Round((decimal)percent, 2), MonthlyInflation.MinPercent, MonthlyInflation.MaxPercent);
                caches.MeasuredInflation = new InflationSnapshot(time.GetUtcNow(), clamped);
                return new InflationUsed(MonthlyInflation.Create(clamped), NegocioOptions.InflationFromMl);
            }
            return new InflationUsed(configured, "configuracion (ml aún no midió la inflación)");
        }
        catch (Exception e) when (e is DependencyUnavailableException or DependencyRefusedException)
        {
            LogInflationFallback(logger, e.Message);
            return new InflationUsed(configured, "configuracion (ml no disponible)");
        }
    }

    /// <summary>The last purchase of the product on or before <paramref name="date"/> recorded by negocio (invoice, order, history).</summary>
    public Task<PurchasePriceRow?> LastPurchaseAsync(int productId, DateOnly date, CancellationToken ct) =>
        db.PurchasePrices.AsNoTracking().Where(p => p.ProductId == productId && p.Day <= date)
            .OrderByDescending(p => p.Day).ThenByDescending(p => p.Id).FirstOrDefaultAsync(ct);

    /// <summary>The last purchase of each product on or before <paramref name="date"/>, for many products at once.</summary>
    public async Task<Dictionary<int, PurchasePriceRow>> LastPurchasesAsync(IReadOnlyCollection<int> productIds, DateOnly date, CancellationToken ct)
    {
        var rows = await db.PurchasePrices.AsNoTracking().Where(p => productIds.Contains(p.ProductId) && p.Day <= date)
            .GroupBy(p => p.ProductId)
            .Select(g => g.OrderByDescending(p => p.Day).ThenByDescending(p => p.Id).First())
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.ProductId);
    }

    /// <summary>The full price picture of a product on a date (today when null).</summary>
    public async Task<PriceDto> PriceAsync(ProductDto product, DateOnly? date, CancellationToken ct)
    {
        var day = date ?? BuenosAiresTime.Today(time);
        var last = await LastPurchaseAsync(product.Id, day, ct);
        var inflation = await InflationAsync(ct);
        var markup = await MarkupPercentAsync(product.Category, ct);
        return Price(product, day, last, inflation, markup);
    }

    public static PriceDto Price(ProductDto product, DateOnly day, PurchasePriceRow? last, InflationUsed inflation, decimal markup)
    {
        // Without a recorded purchase, deposito's purchase price as of its last update stands in for one.
        var cost = last?.UnitCost ?? product.PurchasePrice;
        var costDay = last?.Day ?? DateOnly.FromDateTime(BuenosAiresTime.ToLocal(product.UpdatedAt).DateTime);
        var days = Math.Clamp(day.DayNumber - costDay.DayNumber, 0, InflationAdjustedCost.MaxDays);
        var replacement = InflationAdjustedCost.At(new Ars(cost), inflation.Inflation, days).RoundToCents();
        var suggested = SalePrice.From(replacement, markup).RoundToCents();
        var margin = replacement.IsPositive ? Math.Round(SalePrice.MarginPercent(replacement, new Ars(product.SalePrice)), 2) : 0m;
        return new PriceDto(product.Id, product.Code, product.Name, product.Category, day, cost, last?.Day ?? costDay,
            last?.Source ?? "deposito", days, inflation.Inflation.Percent, inflation.Source, replacement.Amount, markup,
            suggested.Amount, product.SalePrice, margin);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Measured inflation unavailable, using the configured figure: {Reason}")]
    private static partial void LogInflationFallback(ILogger logger, string reason);
}
