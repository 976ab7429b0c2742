namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>Why a forecast or a price prediction cannot be made for a product.</summary>
public enum ForecastUnavailableReason
{
    /// <summary>The product has no history at all in the data the model saw (an API answers 404).</summary>
    UnknownProduct,

    /// <summary>The product has some history, but less than the minimum the model needs (an API answers 422).</summary>
    InsufficientHistory,
}

/// <summary>The sales history is too short to train a demand model at all (an API answers 422).</summary>
public sealed class InsufficientSalesHistoryException(string message) : Exception(message);

/// <summary>A forecast or price prediction was asked for a product the model cannot speak for; see <see cref="Reason"/>.</summary>
public sealed class ForecastUnavailableException : Exception
{
    public ForecastUnavailableException(int productId, ForecastUnavailableReason reason, int historyDays = 0, int requiredDays = 0)
        : base(reason == ForecastUnavailableReason.UnknownProduct
            ? $"Product {productId} has no history"
            : $"Product {productId} has {historyDays} days of history; at least {requiredDays} are needed")
    {
        ProductId = productId;
        Reason = reason;
        HistoryDays = historyDays;
        RequiredDays = requiredDays;
    }

    public int ProductId { get; }

    public ForecastUnavailableReason Reason { get; }

    /// <summary>Days (or purchases, for prices) of history the product has; 0 for an unknown product.</summary>
    public int HistoryDays { get; }

    /// <summary>The minimum that was needed.</summary>
    public int RequiredDays { get; }
}
