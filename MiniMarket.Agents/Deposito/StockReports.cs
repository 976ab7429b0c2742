using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Deposito;

/// <summary>Critical stock (with the season's factor) and stock valuation by category.</summary>
public static class StockReports
{
    /// <summary>
    /// <c>GET /api/v1/stock/critical?date=2026-07-15</c>: active products at or below minimum x seasonal factor, with
    /// the factor, the deficit, the quantity to reach the maximum and the supplier; most urgent first.
    /// </summary>
    public static async Task<Ok<CriticalStockDto>> GetCritical(DateOnly? date, DepositoDbContext db, IOptions<DepositoOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = BuenosAiresTime.Today(time);
        var season = options.Value.SeasonFor(DateInput.Check(date, "date", today) ?? today);
        var factor = SeasonalFactor.For(season);
        var rows = await db.Products.AsNoTracking()
            .Where(p => p.Active && p.Stock <= p.MinStock * factor)
            .Select(p => new { p.Id, p.Code, p.Name, Category = p.Category!.Name, p.Stock, p.MinStock, p.MaxStock, p.SupplierId })
            .ToListAsync(cancellationToken);
        var products = rows
            .Select(p => new CriticalProductDto(p.Id, p.Code, p.Name, p.Category, p.Stock, p.MinStock, p.MaxStock, season.DisplayName(), factor,
                CriticalStock.Threshold(p.MinStock, factor), CriticalStock.Deficit(p.Stock, p.MinStock, factor),
                CriticalStock.QuantityToMax(p.Stock, p.MaxStock), p.SupplierId))
            .OrderByDescending(p => p.Deficit).ThenBy(p => p.Code, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new CriticalStockDto(season.DisplayName(), factor, products));
    }

    /// <summary><c>GET /api/v1/stock/valuation</c>: units and ARS value (purchase and sale price) of active products by category.</summary>
    public static async Task<Ok<StockValuationDto>> GetValuation(DepositoDbContext db, CancellationToken cancellationToken)
    {
        var categories = await Valuation(db).ToListAsync(cancellationToken);
        return TypedResults.Ok(new StockValuationDto(categories, categories.Sum(c => c.Units),
            categories.Sum(c => c.PurchaseValue), categories.Sum(c => c.SaleValue)));
    }

    /// <summary>Every category with its active products' count, units and value (zero for an empty category).</summary>
    public static IQueryable<CategoryValuationDto> Valuation(DepositoDbContext db) => db.Categories.AsNoTracking()
        .OrderBy(c => c.Name)
        .Select(c => new CategoryValuationDto(
            c.Name,
            db.Products.Count(p => p.CategoryId == c.Id && p.Active),
            db.Products.Where(p => p.CategoryId == c.Id && p.Active).Sum(p => (long)p.Stock),
            db.Products.Where(p => p.CategoryId == c.Id && p.Active).Sum(p => p.Stock * p.PurchasePrice),
            db.Products.Where(p => p.CategoryId == c.Id && p.Active).Sum(p => p.Stock * p.SalePrice)));
}
