namespace MiniMarket.Agents.Ml.Inflation;

/// <summary>How the price relatives of the matched products are averaged into one link.</summary>
public enum InflationWeighting
{
    /// <summary>Unweighted geometric mean (Jevons): every product counts the same.</summary>
    Jevons,

    /// <summary>Geometric mean weighted by each product's average share of spending in the two periods (Törnqvist).</summary>
    Tornqvist,
}

/// <summary>Settings of <see cref="StoreInflationIndex"/>.</summary>
public sealed record StoreInflationOptions
{
    /// <summary>A link resting on fewer products bought in both periods is not measured (the period is marked insufficient).</summary>
    public int MinMatchedProducts { get; init; } = 5;

    public InflationWeighting Weighting { get; init; } = InflationWeighting.Jevons;

    /// <summary>
    /// A product whose price moved by more than this factor between the periods (up or down: above 3 or below 1/3 by default)
    /// is left out of the link as a probable typing error or a changed pack size, rather than moving the whole index.
    /// </summary>
    public double MaxPriceRelative { get; init; } = 3.0;

    internal void Validate()
    {
        if (MinMatchedProducts < 1)
        {
            throw new ArgumentException($"MinMatchedProducts must be at least 1 (got {MinMatchedProducts})", nameof(MinMatchedProducts));
        }

        if (!(MaxPriceRelative > 1.0) || double.IsInfinity(MaxPriceRelative))
        {
            throw new ArgumentException($"MaxPriceRelative must be a finite number above 1 (got {MaxPriceRelative})", nameof(MaxPriceRelative));
        }
    }
}

public enum InflationMonthStatus
{
    /// <summary>The first month with enough products bought: index 100, no change.</summary>
    Base,

    /// <summary>Linked to an earlier month through enough matched products.</summary>
    Measured,

    /// <summary>Too few matched products (or none bought): no value, and the next month links across it.</summary>
    Insufficient,
}

/// <summary>One calendar month of the store's measured price index.</summary>
/// <param name="Month">The first day of the month.</param>
/// <param name="IndexLevel">Chained index, 100 at the base month; null when <see cref="Status"/> is Insufficient.</param>
/// <param name="MonthlyChangePercent">
/// Change against the month it links to, as a monthly rate in percent (4.5 = 4.5 % a month). When the link skips insufficient
/// months it spans <see cref="LinkedMonths"/> months and this is the compound monthly rate over them. Null for Base and
/// Insufficient.
/// </param>
/// <param name="MatchedProducts">Products bought both in this month and in the month it links to (after dropping outliers).</param>
/// <param name="ProductsBought">Products bought in this month at all.</param>
/// <param name="LinkedMonths">How many months back the link reaches (1 normally; 0 for Base and Insufficient).</param>
/// <param name="IsPartial">The month is cut by the start or the end of the data asked for (e.g. the current month so far).</param>
public sealed record InflationMonth(
    DateOnly Month,
    InflationMonthStatus Status,
    double? IndexLevel,
    double? MonthlyChangePercent,
    int MatchedProducts,
    int ProductsBought,
    int LinkedMonths,
    bool IsPartial);

/// <summary>
/// The store's recent monthly inflation from two back-to-back windows of <see cref="WindowDays"/> days each, for histories
/// too short for calendar months (see <see cref="StoreInflationIndex.CurrentMonthlyRate"/>).
/// </summary>
/// <param name="MonthlyRatePercent">Measured monthly rate in percent; null when <see cref="IsSufficient"/> is false.</param>
/// <param name="MeanDaysBetween">Average days between the matched products' purchases in the two windows.</param>
public sealed record RollingInflationRate(
    DateOnly From,
    DateOnly To,
    int WindowDays,
    double? MonthlyRatePercent,
    int MatchedProducts,
    double MeanDaysBetween)
{
    public bool IsSufficient => MonthlyRatePercent.HasValue;
}
