using MiniMarket.Agents.Ml.Forecasting;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Inflation;

/// <summary>
/// The store's own inflation, measured from what it pays its suppliers (the unit prices of 'entrada' movements).
/// <para>
/// <b>Method: a chained, matched-model geometric index.</b> For each month, every product's price is its unit value: the
/// quantity-weighted mean unit price of its purchases that month. A link between two months uses only the products bought
/// in both (matched models), so a product bought for the first time, or no longer bought, neither raises nor lowers the
/// measure: the store's basket changes from month to month, and comparing the average price of two different baskets would
/// measure the change of basket, not of prices. The link is the geometric mean of the matched products' price relatives
/// (Jevons; optionally weighted by each product's average spending share in the two months, Törnqvist). The links are
/// multiplied into an index, 100 at the first month (chaining), so each month is compared with its neighbour, where the
/// matched set is largest.
/// </para>
/// <para>
/// Why geometric: a geometric mean of relatives does not depend on units (a product priced per pack or per unit gives the
/// same relative) and is symmetric (a price that doubles and then halves gives 1), whereas the arithmetic mean of relatives
/// (Carli) is biased upward: it shows inflation for prices that merely bounce, and chaining compounds that bias month after
/// month.
/// </para>
/// <para>
/// A month whose link rests on fewer than <see cref="StoreInflationOptions.MinMatchedProducts"/> products is marked
/// insufficient and gets no value (nothing is invented); the next month then links to the last month that has one, and its
/// change is given as the compound monthly rate over the gap. Months cut by the start or end of the data are marked partial:
/// a month seen only from its 20th compares late-month prices with the next month's full average, and measures less than a
/// month of inflation. For a short history (the demo's 90 days) <see cref="CurrentMonthlyRate"/> is the better figure.
/// </para>
/// </summary>
public static class StoreInflationIndex
{
    /// <summary>The monthly index from purchases on days <paramref name="from"/> (inclusive) to <paramref name="to"/> (inclusive).</summary>
    public static IReadOnlyList<InflationMonth> Compute(IReadOnlyList<PurchasePrice> prices, DateOnly from, DateOnly to,
        StoreInflationOptions? options = null)
    {
        options ??= new StoreInflationOptions();
        options.Validate();
        if (to < from)
        {
            throw new ArgumentException($"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})", nameof(to));
        }

        var byMonth = Valid(prices, from, to)
            .GroupBy(p => FirstOfMonth(p.Day))
            .ToDictionary(g => g.Key, g => UnitValues(g));
        var months = new List<InflationMonth>();
        (DateOnly Month, Dictionary<int, ProductPeriod> Prices, double Level)? anchor = null;
        for (var month = FirstOfMonth(from); month <= to; month = month.AddMonths(1))
        {
            var current = byMonth.GetValueOrDefault(month) ?? [];
            var partial = month < from || month.AddMonths(1).AddDays(-1) > to;
            if (anchor is not { } a)
            {
                if (current.Count >= options.MinMatchedProducts)
                {
                    anchor = (month, current, 100.0);
                    months.Add(new InflationMonth(month, InflationMonthStatus.Base, 100.0, null, 0, current.Count, 0, partial));
                }
                else
                {
                    months.Add(Insufficient(month, 0, current.Count, partial));
                }

                continue;
            }

            var link = Link(a.Prices, current, options);
            if (link.Matched < options.MinMatchedProducts)
            {
                months.Add(Insufficient(month, link.Matched, current.Count, partial));
                continue;
            }

            var gap = ((month.Year - a.Month.Year) * 12) + month.Month - a.Month.Month;
            var level = a.Level * Math.Exp(link.LogRelative);
            var monthlyPercent = (Math.Exp(link.LogRelative / gap) - 1.0) * 100.0;
            months.Add(new InflationMonth(month, InflationMonthStatus.Measured, level, monthlyPercent, link.Matched, current.Count, gap, partial));
            anchor = (month, current, level);
        }

        return months;
    }

    /// <summary>
    /// The monthly rate measured over the last 2 × <paramref name="windowDays"/> days before <paramref name="asOf"/>: the
    /// products bought both in [asOf − 2w, asOf − w) and in [asOf − w, asOf), each with its unit value and its
    /// quantity-weighted mean purchase day in each window. Purchases are not evenly spread, so the relatives span different
    /// numbers of days; the rate is the ratio estimate exp(30.44 × Σ wᵢ ln rᵢ / Σ wᵢ Δtᵢ) − 1 (wᵢ = 1 for Jevons, the spending
    /// share for Törnqvist): the log change per day of all matched products together, as a monthly rate. Summing before
    /// dividing keeps a product bought on both sides of the window boundary, a day apart, from amplifying its noise 30 times.
    /// </summary>
    public static RollingInflationRate CurrentMonthlyRate(IReadOnlyList<PurchasePrice> prices, DateOnly asOf, int windowDays = 30,
        StoreInflationOptions? options = null)
    {
        options ??= new StoreInflationOptions();
        options.Validate();
        if (windowDays is < 7 or > 366)
        {
            throw new ArgumentException($"windowDays must be between 7 and 366 (got {windowDays})", nameof(windowDays));
        }

        var middle = asOf.AddDays(-windowDays);
        var start = middle.AddDays(-windowDays);
        var earlier = UnitValues(Valid(prices, start, middle.AddDays(-1)));
        var later = UnitValues(Valid(prices, middle, asOf.AddDays(-1)));
        var link = Link(earlier, later, options);
        if (link.Matched < options.MinMatchedProducts || link.WeightedDays <= 0)
        {
            return new RollingInflationRate(start, asOf.AddDays(-1), windowDays, null, link.Matched, link.MeanDays);
        }

        var monthly = (Math.Exp(MonthlyInflation.DaysPerMonth * link.LogRelative / link.WeightedDays) - 1.0) * 100.0;
        return new RollingInflationRate(start, asOf.AddDays(-1), windowDays, monthly, link.Matched, link.MeanDays);
    }

    /// <summary>A product's purchases in one period: unit value, spending and quantity-weighted mean day (days since 0001-01-01).</summary>
    private sealed record ProductPeriod(double UnitValue, double Spending, double MeanDay);

    // LogRelative and WeightedDays are averages with weights summing to 1 (1/n for Jevons, mean spending shares for Törnqvist).
    private readonly record struct LinkResult(int Matched, double LogRelative, double WeightedDays, double MeanDays);

    private static IEnumerable<PurchasePrice> Valid(IReadOnlyList<PurchasePrice> prices, DateOnly from, DateOnly to) =>
        prices.Where(p => p.Day >= from && p.Day <= to && p.Quantity > 0 && p.UnitPrice > 0m);

    private static Dictionary<int, ProductPeriod> UnitValues(IEnumerable<PurchasePrice> purchases) =>
        purchases.GroupBy(p => p.ProductId).ToDictionary(g => g.Key, g =>
        {
            var quantity = g.Sum(p => (double)p.Quantity);
            var spending = g.Sum(p => (double)p.UnitPrice * p.Quantity);
            var meanDay = g.Sum(p => (double)p.Day.DayNumber * p.Quantity) / quantity;
            return new ProductPeriod(spending / quantity, spending, meanDay);
        });

    private static LinkResult Link(Dictionary<int, ProductPeriod> earlier, Dictionary<int, ProductPeriod> later, StoreInflationOptions options)
    {
        var maxLog = Math.Log(options.MaxPriceRelative);
        var matched = new List<(double LogRelative, double ShareEarlier, double ShareLater, double Days)>();
        foreach (var (productId, after) in later)
        {
            if (earlier.TryGetValue(productId, out var before))
            {
                var logRelative = Math.Log(after.UnitValue / before.UnitValue);
                if (Math.Abs(logRelative) <= maxLog)
                {
                    matched.Add((logRelative, before.Spending, after.Spending, after.MeanDay - before.MeanDay));
                }
            }
        }

        if (matched.Count == 0)
        {
            return new LinkResult(0, 0, 0, 0);
        }

        var totalEarlier = matched.Sum(m => m.ShareEarlier);
        var totalLater = matched.Sum(m => m.ShareLater);
        var weights = matched.Select(m => options.Weighting == InflationWeighting.Tornqvist
            ? ((m.ShareEarlier / totalEarlier) + (m.ShareLater / totalLater)) / 2.0
            : 1.0 / matched.Count).ToArray();
        var meanLogRelative = matched.Select((m, i) => weights[i] * m.LogRelative).Sum();
        var days = matched.Select((m, i) => weights[i] * m.Days).Sum();
        return new LinkResult(matched.Count, meanLogRelative, days, matched.Average(m => m.Days));
    }

    private static InflationMonth Insufficient(DateOnly month, int matched, int bought, bool partial) =>
        new(month, InflationMonthStatus.Insufficient, null, null, matched, bought, 0, partial);

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);
}
