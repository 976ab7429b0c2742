namespace MiniMarket.Core.Contracts;

// The deposito agent's API shapes (JSON, camelCase), shared by the agent, its callers (negocio, ml) and the console.
// Request fields are nullable so that a missing field is reported by name instead of silently becoming 0.

public sealed record CategoryDto(int Id, string Name, int ActiveProducts);

public sealed record CategoryRequest(string? Name);

public sealed record ProductRequest(
    string? Code,
    string? Name,
    string? Description,
    int? CategoryId,
    string? Barcode,
    int? MinStock,
    int? MaxStock,
    decimal? PurchasePrice,
    decimal? SalePrice,
    Guid? SupplierId);

/// <summary>Only the prices of a product (<c>PUT /api/v1/products/{id}/prices</c>).</summary>
public sealed record ProductPricesRequest(decimal? PurchasePrice, decimal? SalePrice);

public sealed record ProductDto(
    int Id,
    string Code,
    string Name,
    string? Description,
    int CategoryId,
    string Category,
    string? Barcode,
    int Stock,
    int MinStock,
    int MaxStock,
    decimal PurchasePrice,
    decimal SalePrice,
    Guid? SupplierId,
    bool Active,
    DateTimeOffset UpdatedAt,
    string UpdatedBy);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>
/// One movement. Identify the product by <see cref="ProductId"/> or <see cref="ProductCode"/>. <see cref="OccurredAt"/>
/// (admin only) dates a movement loaded after the fact, e.g. past sales imported from a till; default: now.
/// </summary>
public sealed record StockMovementRequest(
    int? ProductId,
    string? ProductCode,
    string? Kind,
    int? Quantity,
    string? Reason,
    string? Reference,
    decimal? UnitPrice,
    DateTimeOffset? OccurredAt = null);

/// <summary>A whole delivery (or any set of movements) applied all together or not at all.</summary>
public sealed record StockBatchRequest(IReadOnlyList<StockMovementRequest>? Lines);

public sealed record StockMovementDto(
    long Id,
    int ProductId,
    string ProductCode,
    string Kind,
    int Quantity,
    int StockBefore,
    int StockAfter,
    string? Reason,
    string? Reference,
    decimal? UnitPrice,
    string User,
    string Agent,
    DateTimeOffset CreatedAt);

public sealed record StockBatchDto(IReadOnlyList<StockMovementDto> Movements);

public sealed record CriticalProductDto(
    int Id,
    string Code,
    string Name,
    string Category,
    int Stock,
    int MinStock,
    int MaxStock,
    string Season,
    decimal SeasonalFactor,
    decimal Threshold,
    int Deficit,
    int QuantityToMax,
    Guid? SupplierId);

public sealed record CriticalStockDto(string Season, decimal SeasonalFactor, IReadOnlyList<CriticalProductDto> Products);

public sealed record CategoryValuationDto(string Category, int Products, long Units, decimal PurchaseValue, decimal SaleValue);

public sealed record StockValuationDto(IReadOnlyList<CategoryValuationDto> Categories, long Units, decimal PurchaseValue, decimal SaleValue);

/// <summary>Units of a product sold on a day (Buenos Aires date): the sum of its <c>salida</c> movements with reason <c>venta</c>.</summary>
public sealed record DailySalesDto(int ProductId, DateOnly Day, int Units);

/// <summary>A product's purchases on a day: quantity-weighted mean unit price of its <c>entrada</c> movements that carry one.</summary>
public sealed record DailyPurchaseDto(int ProductId, DateOnly Day, decimal UnitPrice, int Quantity);

/// <summary>A history window, both days inclusive (Buenos Aires dates); days without rows had no sales or purchases.</summary>
public sealed record SalesHistoryDto(DateOnly From, DateOnly To, IReadOnlyList<DailySalesDto> Days);

public sealed record PurchaseHistoryDto(DateOnly From, DateOnly To, IReadOnlyList<DailyPurchaseDto> Days);
