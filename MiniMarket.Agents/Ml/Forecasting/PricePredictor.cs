using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>Settings of <see cref="PricePredictor"/>.</summary>
public sealed record PricePredictorOptions
{
    /// <summary>Monthly inflation in percent (4.5 = 4.5 % a month) used when a product's own trend cannot be fitted.</summary>
    public decimal MonthlyInflationPercent { get; init; } = MonthlyInflation.DefaultPercent;

    /// <summary>The trend is fitted on the product's last this many purchase days (older prices say little about today's).</summary>
    public int TrendPurchases { get; init; } = 6;

    /// <summary>Fewer purchase days than this, or spanning fewer than <see cref="MinTrendSpanDays"/>, fall back to inflation.</summary>
    public int MinTrendPurchases { get; init; } = 3;

    public int MinTrendSpanDays { get; init; } = 14;

    /// <summary>A fitted trend is kept within this monthly range in percent, so a noisy fit cannot extrapolate wildly.</summary>
    public double MinMonthlyTrendPercent { get; init; } = -10;

    public double MaxMonthlyTrendPercent { get; init; } = 50;

    internal void Validate()
    {
        _ = MonthlyInflation.Create(MonthlyInflationPercent, nameof(MonthlyInflationPercent));
        if (MinTrendPurchases < 2 || TrendPurchases < MinTrendPurchases)
        {
            throw new ArgumentException($"Need 2 <= MinTrendPurchases <= TrendPurchases (got {MinTrendPurchases}, {TrendPurchases})");
        }

        if (MinTrendSpanDays < 1 || !(MinMonthlyTrendPercent > -100 && MinMonthlyTrendPercent <= MaxMonthlyTrendPercent))
        {
            throw new ArgumentException("MinTrendSpanDays must be positive and -100 < MinMonthlyTrendPercent <= MaxMonthlyTrendPercent");
        }
    }
}

public enum PriceMethod
{
    /// <summary>The product's own log-price trend over its recent purchases (Theil–Sen).</summary>
    Trend,

    /// <summary>The last price compounded with <see cref="PricePredictorOptions.MonthlyInflationPercent"/>.</summary>
    InflationFallback,
}

/// <summary>Expected purchase unit cost of a product on <see cref="At"/>.</summary>
/// <param name="MonthlyTrendPercent">The monthly rate the prediction applied, in percent (fitted or the configured one).</param>
/// <param name="PurchasesUsed">Purchase days the prediction rests on.</param>
public sealed record PricePrediction(
    int ProductId,
    DateOnly At,
    decimal ExpectedUnitPrice,
    PriceMethod Method,
    double MonthlyTrendPercent,
    int PurchasesUsed,
    DateOnly LastPurchaseDay,
    decimal LastUnitPrice);

/// <summary>
/// Holdout quality: each product's last purchase price predicted from the purchases before it. Null figures ("sin medir")
/// when fewer than <see cref="PricePredictor.MinMeasuredProducts"/> products could be scored: no average over nothing.
/// </summary>
/// <param name="AccuracyPercent">100 − MAPE, floored at 0.</param>
/// <param name="ProductsEvaluated">Products with at least two purchase days.</param>
/// <param name="ProductsByTrend">Of those, how many were predicted by their own trend (the rest by inflation).</param>
public sealed record PriceEvaluation(double? AccuracyPercent, double? MapePercent, int ProductsEvaluated, int ProductsByTrend);

/// <summary>
/// Expected purchase price of a product at a date, from its purchase history. Prices are taken per purchase day (the
/// quantity-weighted mean when a product was bought more than once that day). With enough recent purchase days the product's
/// own trend is fitted on log price against time by Theil–Sen (the median of the pairwise slopes, and the median intercept):
/// a robust line, which one mistyped price or a one-off discount cannot tilt, unlike least squares. Otherwise the last
/// price is compounded at the configured monthly inflation, as the business rule for replacement cost does
/// (<see cref="InflationAdjustedCost"/>).
/// </summary>
public sealed class PricePredictor
{
    /// <summary>
    /// Fewest products with two purchase days for the evaluation to give a figure: one or two products' last price is an
    /// anecdote, not the accuracy of the method (every product counts once, so this is the sample size).
    /// </summary>
    public const int MinMeasuredProducts = 5;

    private readonly PricePredictorOptions _options;
    private readonly MonthlyInflation _inflation;

    public PricePredictor(PricePredictorOptions? options = null)
    {
        _options = options ?? new PricePredictorOptions();
        _options.Validate();
        _inflation = MonthlyInflation.Create(_options.MonthlyInflationPercent, nameof(PricePredictorOptions.MonthlyInflationPercent));
    }

    /// <summary>Predicts <paramref name="productId"/>'s unit cost on <paramref name="at"/> from <paramref name="history"/> (any products).</summary>
    /// <exception cref="ForecastUnavailableException">The product has no usable purchase (UnknownProduct).</exception>
    public PricePrediction Predict(IReadOnlyList<PurchasePrice> history, int productId, DateOnly at)
    {
        var days = PurchaseDays(history.Where(p => p.ProductId == productId));
        if (days.Count == 0)
        {
            throw new ForecastUnavailableException(productId, ForecastUnavailableReason.UnknownProduct);
        }

        return Predict(productId, days, at);
    }

    /// <summary>Predicts every product's last purchase-day price from its earlier ones; products bought on one day only are skipped.</summary>
    public PriceEvaluation Evaluate(IReadOnlyList<PurchasePrice> history)
    {
        var errors = new List<double>();
        var byTrend = 0;
        foreach (var product in history.GroupBy(p => p.ProductId))
        {
            var days = PurchaseDays(product);
            if (days.Count < 2) continue;
            var actual = days[^1];
            var prediction = Predict(product.Key, days.Take(days.Count - 1).ToList(), actual.Day);
            errors.Add(Math.Abs((double)(prediction.ExpectedUnitPrice - actual.Price)) / (double)actual.Price);
            byTrend += prediction.Method == PriceMethod.Trend ? 1 : 0;
        }

        if (errors.Count < MinMeasuredProducts) return new PriceEvaluation(null, null, errors.Count, byTrend);
        var mape = errors.Average() * 100;
        return new PriceEvaluation(Math.Max(0, 100 - mape), mape, errors.Count, byTrend);
    }

    private PricePrediction Predict(int productId, List<(DateOnly Day, decimal Price)> days, DateOnly at)
    {
        var last = days[^1];
        var gap = at.DayNumber - last.Day.DayNumber;
        if (Math.Abs(gap) > InflationAdjustedCost.MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, $"A price more than {InflationAdjustedCost.MaxDays} days from the last purchase means nothing");
        }

        var recent = days.TakeLast(_options.TrendPurchases).ToList();
        var span = recent[^1].Day.DayNumber - recent[0].Day.DayNumber;
        if (recent.Count >= _options.MinTrendPurchases && span >= _options.MinTrendSpanDays)
        {
            var (slope, intercept) = TheilSen(recent);
            var minSlope = Math.Log(1 + (_options.MinMonthlyTrendPercent / 100)) / MonthlyInflation.DaysPerMonth;
            var maxSlope = Math.Log(1 + (_options.MaxMonthlyTrendPercent / 100)) / MonthlyInflation.DaysPerMonth;
            if (slope < minSlope || slope > maxSlope)
            {
                // Re-centre the line on the data with the clamped slope so it still passes through the prices' middle.
                slope = Math.Clamp(slope, minSlope, maxSlope);
                intercept = Median(recent.Select(p => Math.Log((double)p.Price) - (slope * (p.Day.DayNumber - last.Day.DayNumber))));
            }

            var expected = Math.Exp(intercept + (slope * gap));
            return new PricePrediction(productId, at, RoundToCents(expected), PriceMethod.Trend,
                (Math.Exp(slope * MonthlyInflation.DaysPerMonth) - 1) * 100, recent.Count, last.Day, last.Price);
        }

        var price = gap >= 0
            ? InflationAdjustedCost.At(new Ars(last.Price), _inflation, gap).Amount
            : RoundToCents((double)last.Price / (double)InflationAdjustedCost.GrowthFactor(_inflation, -gap));
        return new PricePrediction(productId, at, price, PriceMethod.InflationFallback, (double)_inflation.Percent, 1, last.Day, last.Price);
    }

    // Theil–Sen on (days relative to the last purchase, log price): the slope is the median of all pairwise slopes.
    private static (double Slope, double Intercept) TheilSen(List<(DateOnly Day, decimal Price)> points)
    {
        var origin = points[^1].Day.DayNumber;
        var x = points.Select(p => (double)(p.Day.DayNumber - origin)).ToArray();
        var y = points.Select(p => Math.Log((double)p.Price)).ToArray();
        var slopes = new List<double>();
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = i + 1; j < x.Length; j++)
            {
                slopes.Add((y[j] - y[i]) / (x[j] - x[i]));
            }
        }

        var slope = Median(slopes);
        return (slope, Median(x.Select((xi, i) => y[i] - (slope * xi))));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // One price per purchase day (quantity-weighted), ascending; purchases without quantity or price are ignored.
    private static List<(DateOnly Day, decimal Price)> PurchaseDays(IEnumerable<PurchasePrice> purchases) =>
        purchases.Where(p => p.Quantity > 0 && p.UnitPrice > 0m)
            .GroupBy(p => p.Day)
            .Select(g => (g.Key, g.Sum(p => p.UnitPrice * p.Quantity) / g.Sum(p => p.Quantity)))
            .OrderBy(p => p.Key)
            .ToList();

    private static decimal RoundToCents(double value) => new Ars((decimal)value).RoundToCents().Amount;
}
