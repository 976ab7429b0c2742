namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>
/// Units of a product sold on one day: the deposito 'salida' movements with reason 'venta' of that day, added up (as a
/// positive number). A day without a row counts as 0 units when it falls inside the product's history span (from its first
/// row to the day before the training date).
/// </summary>
public sealed record DailySales(int ProductId, DateOnly Day, int Units);

/// <summary>One purchase of a product: an 'entrada' movement's unit price (ARS) and quantity.</summary>
public sealed record PurchasePrice(int ProductId, DateOnly Day, decimal UnitPrice, int Quantity);
