using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Deposito;

/// <summary>
/// Daily sales and purchase prices per product, aggregated in the database: what the ML agent trains its demand and
/// price models on and measures the store's inflation from (an agent never reads another agent's tables).
/// </summary>
public static class StockHistory
{
    public const int MaxDays = 800;

    /// <summary><c>GET /api/v1/stock/history/sales?from=2026-09-01&amp;to=2026-11-27&amp;productId=12</c></summary>
    public static async Task<Ok<SalesHistoryDto>> GetSales(DateOnly? from, DateOnly? to, int? productId, DepositoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var (start, end) = Window(from, to, time);
        var rows = await db.Database.SqlQuery<SalesRow>($"""
            SELECT product_id AS product_id, (created_at AT TIME ZONE 'America/Argentina/Buenos_Aires')::date AS day, (-SUM(quantity))::int AS units
            FROM deposito.stock_movements
            WHERE kind = 'salida' AND lower(reason) = 'venta'
              AND created_at >= {Utc(start)} AND created_at < {Utc(end.AddDays(1))}
              AND ({productId ?? 0} = 0 OR product_id = {productId ?? 0})
            GROUP BY 1, 2 ORDER BY 1, 2
            """).ToListAsync(cancellationToken);
        return TypedResults.Ok(new SalesHistoryDto(start, end, rows.Select(r => new DailySalesDto(r.ProductId, r.Day, r.Units)).ToList()));
    }

    /// <summary><c>GET /api/v1/stock/history/purchases?from=...&amp;to=...&amp;productId=12</c></summary>
    public static async Task<Ok<PurchaseHistoryDto>> GetPurchases(DateOnly? from, DateOnly? to, int? productId, DepositoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var (start, end) = Window(from, to, time);
        var rows = await db.Database.SqlQuery<PurchaseRow>($"""
            SELECT product_id AS product_id, (created_at AT TIME ZONE 'America/Argentina/Buenos_Aires')::date AS day,
                   round(SUM(unit_price * quantity) / SUM(quantity), 2) AS unit_price, SUM(quantity)::int AS quantity
            FROM deposito.stock_movements
            WHERE kind = 'entrada' AND unit_price IS NOT NULL AND quantity > 0
              AND created_at >= {Utc(start)} AND created_at < {Utc(end.AddDays(1))}
              AND ({productId ?? 0} = 0 OR product_id = {productId ?? 0})
            GROUP BY 1, 2 ORDER BY 1, 2
            """).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PurchaseHistoryDto(start, end, rows.Select(r => new DailyPurchaseDto(r.ProductId, r.Day, r.UnitPrice, r.Quantity)).ToList()));
    }

    /// <summary>Default: the last 180 days up to today. At most <see cref="MaxDays"/> days.</summary>
    private static (DateOnly From, DateOnly To) Window(DateOnly? from, DateOnly? to, TimeProvider time)
    {
        var today = BuenosAiresTime.Today(time);
        var end = DateInput.Check(to, "to", today) ?? today;
        var start = DateInput.Check(from, "from", today) ?? DateOnly.FromDayNumber(Math.Max(DateInput.Earliest.DayNumber, end.DayNumber - 179));
        if (start > end) throw new DomainException("to", "La fecha 'to' es anterior a 'from'.");
        if (end.DayNumber - start.DayNumber >= MaxDays) throw new DomainException("from", $"El período pedido supera los {MaxDays} días.");
        return (start, end);
    }

    private static DateTimeOffset Utc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, BuenosAiresTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Row shapes for <c>SqlQuery</c>, bound by column name (snake_case, like every column here).</summary>
    private sealed class SalesRow
    {
        public int ProductId { get; set; }
        public DateOnly Day { get; set; }
        public int Units { get; set; }
    }

    private sealed class PurchaseRow
    {
        public int ProductId { get; set; }
        public DateOnly Day { get; set; }
        public decimal UnitPrice { get; set; }
        public int Quantity { get; set; }
    }
}
