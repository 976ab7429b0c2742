namespace MiniMarket.Core.Contracts;

// The negocio agent's API shapes (JSON, camelCase), shared by the agent and the console. Request fields are nullable so
// that a missing field is reported by name instead of silently becoming 0.

public sealed record SupplierRequest(
    string? Name,
    string? Cuit,
    string? IvaCondition,
    string? ContactName,
    string? Email,
    string? Phone,
    IReadOnlyList<string>? Supplies);

/// <summary>A supplier. <see cref="Cuit"/> is shown <c>NN-NNNNNNNN-N</c>; <see cref="Supplies"/> are the categories and brands it delivers.</summary>
public sealed record SupplierDto(
    Guid Id,
    string Name,
    string Cuit,
    string IvaCondition,
    string? ContactName,
    string? Email,
    string? Phone,
    IReadOnlyList<string> Supplies,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record InvoicePartyDto(string? Name, string? Cuit, string? IvaCondition, string? Address);

/// <summary>
/// A line of an invoice and the product it was matched to. <see cref="Match"/>: <c>codigo</c>, <c>barras</c>, <c>nombre</c>
/// (name similarity, <see cref="MatchScore"/> 0..1), <c>manual</c> (chosen by a person) or null (unmatched: confirming
/// needs a product for every line).
/// </summary>
public sealed record InvoiceLineDto(
    string? Code,
    string? Description,
    decimal? Quantity,
    decimal? UnitPrice,
    decimal? Amount,
    decimal? IvaRatePercent,
    double Confidence,
    int? ProductId,
    string? ProductCode,
    string? ProductName,
    string? Match,
    double MatchScore);

public sealed record InvoiceIvaLineDto(decimal RatePercent, decimal Amount);

/// <summary>Something that stops a confirmation, or a warning from the OCR, naming the field (e.g. <c>lines[2].amount</c>).</summary>
public sealed record InvoiceIssueDto(string Field, string Message);

/// <summary>
/// An invoice: a draft (<c>borrador</c>) read from a photo or typed, <c>confirmada</c> (its goods entered stock), or
/// <c>descartada</c>. <see cref="Confidence"/> holds the OCR's confidence per field (<c>type</c>, <c>number</c>,
/// <c>issuer.cuit</c>, <c>total</c>, ...); <see cref="Problems"/> is what must be fixed before confirming.
/// </summary>
public sealed record InvoiceDto(
    Guid Id,
    string State,
    string Source,
    string? Type,
    int? PointOfSale,
    int? Number,
    string? DisplayNumber,
    DateOnly? IssueDate,
    string? Cae,
    DateOnly? CaeDueDate,
    InvoicePartyDto Issuer,
    InvoicePartyDto Receiver,
    IReadOnlyList<InvoiceLineDto> Lines,
    decimal? Subtotal,
    IReadOnlyList<InvoiceIvaLineDto> Iva,
    decimal? OtherTaxes,
    decimal? Total,
    Guid? SupplierId,
    string? SupplierName,
    double? OcrConfidence,
    IReadOnlyDictionary<string, double> Confidence,
    IReadOnlyList<OcrWarningDto> Warnings,
    IReadOnlyList<InvoiceIssueDto> Problems,
    int ImagePages,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ConfirmedBy,
    DateTimeOffset? ConfirmedAt,
    int? UnitsEntered);

public sealed record InvoiceSummaryDto(
    Guid Id,
    string State,
    string Source,
    string? Type,
    string? DisplayNumber,
    DateOnly? IssueDate,
    string? IssuerName,
    string? IssuerCuit,
    Guid? SupplierId,
    decimal? Total,
    int Lines,
    int UnmatchedLines,
    double? OcrConfidence,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt);

public sealed record InvoiceLineRequest(
    string? Code,
    string? Description,
    decimal? Quantity,
    decimal? UnitPrice,
    decimal? Amount,
    decimal? IvaRatePercent,
    int? ProductId);

/// <summary>A typed invoice, or the corrected fields of a draft (the whole draft: what is left out is cleared).</summary>
public sealed record InvoiceRequest(
    string? Type,
    int? PointOfSale,
    int? Number,
    DateOnly? IssueDate,
    string? Cae,
    DateOnly? CaeDueDate,
    InvoicePartyDto? Issuer,
    InvoicePartyDto? Receiver,
    IReadOnlyList<InvoiceLineRequest>? Lines,
    decimal? Subtotal,
    IReadOnlyList<InvoiceIvaLineDto>? Iva,
    decimal? OtherTaxes,
    decimal? Total,
    Guid? SupplierId);

public sealed record PurchaseOrderLineDto(int ProductId, string ProductCode, string ProductName, int Quantity, int ReceivedQuantity, decimal UnitPrice, decimal Subtotal);

/// <summary>A purchase order; <see cref="Number"/> is shown <c>OC-000123</c>. <see cref="Origin"/>: <c>automatica</c> or <c>manual</c>.</summary>
public sealed record PurchaseOrderDto(
    Guid Id,
    int Number,
    string DisplayNumber,
    Guid SupplierId,
    string SupplierName,
    string State,
    string Origin,
    IReadOnlyList<PurchaseOrderLineDto> Lines,
    decimal Total,
    decimal ReceivedValue,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? ClosedAt);

/// <summary>A product left out of a proposal, and why (no supplier for it, already on an open order, ...).</summary>
public sealed record ProposalSkipDto(int ProductId, string ProductCode, string Reason);

public sealed record OrderProposalDto(IReadOnlyList<PurchaseOrderDto> Created, IReadOnlyList<ProposalSkipDto> Skipped, int CriticalProducts);

public sealed record OrderLineQuantityRequest(int? ProductId, int? Quantity);

/// <summary>New quantities for a draft's lines (0 removes a line), or the quantities received (empty: everything pending).</summary>
public sealed record OrderLinesRequest(IReadOnlyList<OrderLineQuantityRequest>? Lines);

/// <summary>
/// A product's price on <see cref="Date"/>: its last purchase cost grown by the monthly inflation for the days since
/// (<see cref="ReplacementCost"/>), the sale price that markup gives (<see cref="SuggestedSalePrice"/>), and the margin
/// of the current sale price over the replacement cost.
/// </summary>
public sealed record PriceDto(
    int ProductId,
    string ProductCode,
    string ProductName,
    string Category,
    DateOnly Date,
    decimal LastPurchaseCost,
    DateOnly? LastPurchaseDate,
    string LastPurchaseSource,
    int DaysSincePurchase,
    decimal MonthlyInflationPercent,
    string InflationSource,
    decimal ReplacementCost,
    decimal MarkupPercent,
    decimal SuggestedSalePrice,
    decimal CurrentSalePrice,
    decimal MarginPercent);

public sealed record CategoryMarkupDto(string Category, decimal MarkupPercent, bool IsDefault);

public sealed record MarkupRequest(decimal? MarkupPercent);

public sealed record PurchasePriceDto(int ProductId, DateOnly Date, decimal UnitCost, Guid? SupplierId, string Source, string? Reference);

/// <summary>Sales of one day (Buenos Aires), valued at the products' sale prices.</summary>
public sealed record DailyRevenueDto(DateOnly Day, decimal RevenueArs, int Units);

/// <summary>
/// Today's revenue so far and the projection for the whole day (ml's demand forecast × sale prices). When ml cannot
/// forecast, <see cref="ProjectedArs"/> is null and <see cref="ProjectionStatus"/> says why: "desconocido", never 0.
/// </summary>
public sealed record RevenueTodayDto(
    DateOnly Day,
    decimal RealArs,
    int UnitsSold,
    decimal? ProjectedArs,
    string ProjectionStatus,
    string? ProjectionDetail,
    int ProductsForecast,
    int ProductsWithoutForecast);

public sealed record RevenueHistoryDto(DateOnly From, DateOnly To, IReadOnlyList<DailyRevenueDto> Days, string Valuation);
