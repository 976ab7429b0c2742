using MiniMarket.Agents.Ml.Forecasting;
using MiniMarket.Agents.Ml.Inflation;

namespace MiniMarket.Agents.Tests.Ml;

public class StoreInflationIndexTests
{
    private static readonly DateOnly Start = new(2025, 1, 1);
    private static readonly DateOnly End = new(2025, 12, 31);

    // Supplier list prices that rise exactly 4.5 % at each new month, bought three times a month on random days.
    private static List<PurchasePrice> StepPrices(int products, Func<int, int, bool> boughtInMonth, double monthlyPercent, int seed)
    {
        var random = new Random(seed);
        var prices = new List<PurchasePrice>();
        for (var product = 1; product <= products; product++)
        {
            var basePrice = 50.0 * Math.Pow(200.0, random.NextDouble()); // $50 to $10.000
            for (var month = 0; month < 12; month++)
            {
                if (!boughtInMonth(product, month)) continue;
                var first = Start.AddMonths(month);
                for (var purchase = 0; purchase < 3; purchase++)
                {
                    var day = first.AddDays(random.Next(DateTime.DaysInMonth(first.Year, first.Month)));
                    var price = Math.Round((decimal)(basePrice * Math.Pow(1 + (monthlyPercent / 100), month)), 2);
                    prices.Add(new PurchasePrice(product, day, price, random.Next(1, 40)));
                }
            }
        }

        return prices;
    }

    // Prices that compound every day at 4.5 % a month (30.44 days), as DemoStore deflates them, bought on random days.
    private static List<PurchasePrice> DailyCompoundingPrices(int products, DateOnly from, int days, double monthlyPercent, int seed)
    {
        var random = new Random(seed);
        var prices = new List<PurchasePrice>();
        for (var product = 1; product <= products; product++)
        {
            var basePrice = 50.0 * Math.Pow(200.0, random.NextDouble());
            for (var day = random.Next(10); day < days; day += 5 + random.Next(12))
            {
                var price = Math.Round((decimal)(basePrice * Math.Pow(1 + (monthlyPercent / 100), day / 30.44)), 2);
                prices.Add(new PurchasePrice(product, from.AddDays(day), price, random.Next(5, 60)));
            }
        }

        return prices;
    }

    [Theory]
    [InlineData(InflationWeighting.Jevons)]
    [InlineData(InflationWeighting.Tornqvist)]
    public void Compute_PricesRisingFourAndAHalfPercentAMonth_MeasuresFourAndAHalfEveryMonth(InflationWeighting weighting)
    {
        var prices = StepPrices(80, (_, _) => true, 4.5, seed: 1);

        var months = StoreInflationIndex.Compute(prices, Start, End, new StoreInflationOptions { Weighting = weighting });

        Assert.Equal(12, months.Count);
        Assert.Equal(InflationMonthStatus.Base, months[0].Status);
        Assert.Equal(100.0, months[0].IndexLevel);
        Assert.All(months.Skip(1), m =>
        {
            Assert.Equal(InflationMonthStatus.Measured, m.Status);
            Assert.InRange(m.MonthlyChangePercent!.Value, 4.3, 4.7);
            Assert.Equal(80, m.MatchedProducts);
            Assert.False(m.IsPartial);
        });
        Assert.InRange(months[^1].IndexLevel!.Value, 100 * Math.Pow(1.045, 11) * 0.99, 100 * Math.Pow(1.045, 11) * 1.01);
    }

    [Fact]
    public void Compute_BasketChangesEveryMonth_NotBiased()
    {
        // Each product is bought for four months only, and the later products are far dearer: the average price paid
        // jumps with the basket, the matched-model index must not.
        var prices = StepPrices(120, (product, month) => month >= product % 9 && month < (product % 9) + 4, 4.5, seed: 2);
        var dearerLater = prices.Select(p => p with { UnitPrice = p.UnitPrice * (1 + (p.ProductId % 9)) }).ToList();

        var months = StoreInflationIndex.Compute(dearerLater, Start, End);

        var measured = months.Where(m => m.Status == InflationMonthStatus.Measured).ToList();
        Assert.True(measured.Count >= 10, $"{measured.Count} months measured");
        Assert.All(measured, m => Assert.InRange(m.MonthlyChangePercent!.Value, 4.3, 4.7));
        Assert.Equal(8, measured.Count(m => m.MatchedProducts < m.ProductsBought)); // new products enter in months 1 to 8
    }

    [Fact]
    public void Compute_DailyCompoundingPrices_AverageMonthlyRateIsFourAndAHalf()
    {
        var prices = DailyCompoundingPrices(100, Start, 365, 4.5, seed: 3);

        var months = StoreInflationIndex.Compute(prices, Start, End);

        // Month lengths (28 to 31 days) and purchase timing move single months by a few tenths; the year averages out.
        var average = (Math.Pow(months[^1].IndexLevel!.Value / 100.0, 1.0 / 11) - 1) * 100;
        Assert.InRange(average, 4.3, 4.7);
        Assert.All(months.Skip(1), m => Assert.InRange(m.MonthlyChangePercent!.Value, 3.8, 5.2));
    }

    [Fact]
    public void Compute_ConstantPrices_ZeroInflation()
    {
        var prices = StepPrices(30, (_, _) => true, 0.0, seed: 4);

        var months = StoreInflationIndex.Compute(prices, Start, End);

        Assert.All(months.Skip(1), m => Assert.Equal(0.0, m.MonthlyChangePercent!.Value, 9));
        Assert.Equal(100.0, months[^1].IndexLevel!.Value, 9);
    }

    [Fact]
    public void Compute_MonthWithTooFewMatchedProducts_InsufficientAndBridged()
    {
        // In April (month 3) only two products are bought.
        var prices = StepPrices(40, (product, month) => month != 3 || product <= 2, 4.5, seed: 5);

        var months = StoreInflationIndex.Compute(prices, Start, End, new StoreInflationOptions { MinMatchedProducts = 5 });

        var april = months[3];
        Assert.Equal(InflationMonthStatus.Insufficient, april.Status);
        Assert.Null(april.IndexLevel);
        Assert.Null(april.MonthlyChangePercent);
        Assert.Equal(2, april.MatchedProducts);
        var may = months[4];
        Assert.Equal(InflationMonthStatus.Measured, may.Status);
        Assert.Equal(2, may.LinkedMonths);
        Assert.InRange(may.MonthlyChangePercent!.Value, 4.3, 4.7);
        Assert.InRange(may.IndexLevel!.Value / months[2].IndexLevel!.Value, 1.045 * 1.045 * 0.995, 1.045 * 1.045 * 1.005);
    }

    [Fact]
    public void Compute_TypingErrorInOnePrice_LeftOutOfTheLink()
    {
        var prices = StepPrices(20, (_, _) => true, 4.5, seed: 6);
        var typo = prices.Select(p => p.ProductId == 1 && p.Day.Month == 6 ? p with { UnitPrice = p.UnitPrice * 100 } : p).ToList();

        var months = StoreInflationIndex.Compute(typo, Start, End);

        Assert.Equal(19, months[5].MatchedProducts);
        Assert.InRange(months[5].MonthlyChangePercent!.Value, 4.3, 4.7);
    }

    [Fact]
    public void Compute_PeriodCutsTheMonths_FirstAndLastArePartial()
    {
        var prices = StepPrices(20, (_, _) => true, 4.5, seed: 7);

        var months = StoreInflationIndex.Compute(prices, new DateOnly(2025, 3, 10), new DateOnly(2025, 6, 20));

        Assert.Equal([true, false, false, true], months.Select(m => m.IsPartial));
        Assert.Equal(new DateOnly(2025, 3, 1), months[0].Month);
    }

    [Fact]
    public void CurrentMonthlyRate_NinetyDaysOfDailyCompounding_MeasuresFourAndAHalf()
    {
        var from = new DateOnly(2026, 9, 1);
        var prices = DailyCompoundingPrices(150, from, 90, 4.5, seed: 8);

        var rate = StoreInflationIndex.CurrentMonthlyRate(prices, from.AddDays(90));

        Assert.True(rate.IsSufficient);
        Assert.InRange(rate.MonthlyRatePercent!.Value, 4.3, 4.7);
        Assert.InRange(rate.MeanDaysBetween, 15, 45);
        Assert.True(rate.MatchedProducts > 100, $"{rate.MatchedProducts} matched");
    }

    [Fact]
    public void CurrentMonthlyRate_TooFewPurchases_NotSufficient()
    {
        var from = new DateOnly(2026, 9, 1);
        var prices = DailyCompoundingPrices(3, from, 90, 4.5, seed: 9);

        var rate = StoreInflationIndex.CurrentMonthlyRate(prices, from.AddDays(90));

        Assert.False(rate.IsSufficient);
        Assert.Null(rate.MonthlyRatePercent);
    }
}
