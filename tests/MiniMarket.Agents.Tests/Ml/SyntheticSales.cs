using MiniMarket.Agents.Ml.Forecasting;

namespace MiniMarket.Agents.Tests.Ml;

/// <summary>
/// Daily sales generated the way the demo store's are (MiniMarket.Console/Demo/DemoStore.cs, without the category seasons):
/// base units per day (2 to 40) × weekday × payday (day ≤ 5: 1.15, ≥ 25: 0.9) × month (Dec 1.3, Jun 1.1, Jul 0.85) × uniform
/// noise 0.7–1.3, floored with random rounding. Days with 0 units have no row, as in the store's movements.
/// </summary>
internal static class SyntheticSales
{
    public static List<DailySales> Demo(int products, DateOnly asOf, int days, int seed)
    {
        var random = new Random(seed);
        var baseUnits = Enumerable.Range(0, products).Select(_ => 2 + random.Next(39)).ToArray();
        var sales = new List<DailySales>();
        for (var back = days; back >= 1; back--)
        {
            var day = asOf.AddDays(-back);
            for (var product = 0; product < products; product++)
            {
                var units = UnitsOn(baseUnits[product], day, random);
                if (units > 0) sales.Add(new DailySales(product + 1, day, units));
            }
        }

        return sales;
    }

    public static int UnitsOn(double baseUnits, DateOnly day, Random random)
    {
        var expected = baseUnits * Weekday(day.DayOfWeek) * (day.Day <= 5 ? 1.15 : day.Day >= 25 ? 0.9 : 1.0) * Month(day.Month);
        var noisy = expected * (0.7 + (0.6 * random.NextDouble()));
        var units = (int)Math.Floor(noisy);
        return units + (random.NextDouble() < noisy - units ? 1 : 0);
    }

    /// <summary>Every product sells exactly <paramref name="units"/> every day.</summary>
    public static List<DailySales> Constant(int products, int units, DateOnly asOf, int days) =>
        [.. from back in Enumerable.Range(1, days)
            from product in Enumerable.Range(1, products)
            select new DailySales(product, asOf.AddDays(-back), units)];

    private static double Weekday(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => 0.85,
        DayOfWeek.Tuesday => 0.9,
        DayOfWeek.Wednesday => 0.95,
        DayOfWeek.Thursday => 1.0,
        DayOfWeek.Friday => 1.2,
        DayOfWeek.Saturday => 1.35,
        _ => 1.1,
    };

    private static double Month(int month) => month switch { 12 => 1.3, 6 => 1.1, 7 => 0.85, _ => 1.0 };
}
