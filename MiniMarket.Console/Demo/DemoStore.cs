using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Demo;

/// <summary>
/// How the demo store sells: a product's usual daily units, shaped by the day of the week, payday at the start of
/// the month, the season (drinks and ice cream in summer), December's aguinaldo and July's lull, plus noise.
/// Deterministic for a given seed, so a rerun produces the same history.
/// </summary>
public sealed class DemoStore(int seed)
{
    public const decimal MonthlyInflationPercent = 4.5m;
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public int UnitsSold(DemoProduct product, DateOnly day)
    {
        var noisy = ExpectedUnits(product, day) * (0.7 + 0.6 * _random.NextDouble());
        var units = (int)Math.Floor(noisy);
        return units + (_random.NextDouble() < noisy - units ? 1 : 0);
    }

    /// <summary>
    /// The units a product sells on a day on average (before the ±30 % noise and the stock): what a forecaster that knew the
    /// store's rules exactly would expect. The ml tests use it as the ceiling a model can hope for.
    /// </summary>
    public static double ExpectedUnits(DemoProduct product, DateOnly day) =>
        product.UnitsPerDay * WeekdayFactor(day.DayOfWeek) * MonthDayFactor(day.Day) * MonthFactor(day.Month)
        * SeasonFactor(product.Category, SeasonCalendar.For(day));

    /// <summary>The month's multiplier: December's aguinaldo 1.3, June 1.1, July's lull 0.85, otherwise 1.</summary>
    public static double MonthFactor(int month) => month switch { 12 => 1.3, 6 => 1.1, 7 => 0.85, _ => 1.0 };

    /// <summary>
    /// The purchase price on a past day: today's price deflated by the monthly inflation, give or take 1.5 % (suppliers
    /// round, run promotions and pass on costs unevenly; prices that follow the inflation to the cent would make ml's price
    /// model look perfect). Deterministic per product and day; today's is today's.
    /// </summary>
    public static decimal PurchasePriceOn(DemoProduct product, int daysAgo)
    {
        var deflated = product.PurchasePriceToday / InflationAdjustedCost.GrowthFactor(MonthlyInflation.Create(MonthlyInflationPercent), daysAgo);
        return Math.Round(daysAgo == 0 ? deflated : deflated * (1 + 0.03m * (Unit(product.Code, daysAgo) - 0.5m)), 2);
    }

    /// <summary>A number in [0, 1) from the product and the day, the same in every process (string.GetHashCode is not).</summary>
    private static decimal Unit(string code, int day)
    {
        var hash = 2166136261u;
        foreach (var c in code) hash = (hash ^ c) * 16777619u;
        hash = (hash ^ (uint)day) * 16777619u;
        hash ^= hash >> 15;
        return (hash % 10_000) / 10_000m;
    }

    public static decimal SalePrice(decimal purchasePrice, DemoProduct product) =>
        SalePriceOf(new Ars(purchasePrice), product.MarkupPercent);

    private static decimal SalePriceOf(Ars purchase, decimal markupPercent) => Core.Domain.SalePrice.From(purchase, markupPercent).RoundToCents().Amount;

    public static ProductRequest Request(DemoProduct product, int categoryId, decimal purchasePrice) =>
        new(product.Code, product.Name, null, categoryId, product.Barcode, product.MinStock, product.MaxStock,
            purchasePrice, SalePrice(purchasePrice, product), null);

    private static double WeekdayFactor(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => 0.85,
        DayOfWeek.Tuesday => 0.9,
        DayOfWeek.Wednesday => 0.95,
        DayOfWeek.Thursday => 1.0,
        DayOfWeek.Friday => 1.2,
        DayOfWeek.Saturday => 1.35,
        _ => 1.1,
    };

    private static double MonthDayFactor(int dayOfMonth) => dayOfMonth <= 5 ? 1.15 : dayOfMonth >= 25 ? 0.9 : 1.0;


    private static double SeasonFactor(string category, Season season) => category is "Bebidas" or "Congelados"
        ? season switch { Season.Verano => 1.3, Season.Invierno => 0.8, _ => 1.0 }
        : 1.0;
}
