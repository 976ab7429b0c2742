using System.Globalization;
using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class SeasonCalendarTests
{
    [Theory]
    [InlineData("2025-12-20", Season.Primavera)]
    [InlineData("2025-12-21", Season.Verano)]
    [InlineData("2025-12-31", Season.Verano)]
    [InlineData("2026-01-01", Season.Verano)]
    [InlineData("2026-02-28", Season.Verano)]
    [InlineData("2024-02-29", Season.Verano)]
    [InlineData("2026-03-20", Season.Verano)]
    [InlineData("2026-03-21", Season.Otono)]
    [InlineData("2026-04-15", Season.Otono)]
    [InlineData("2026-06-20", Season.Otono)]
    [InlineData("2026-06-21", Season.Invierno)]
    [InlineData("2026-07-09", Season.Invierno)]
    [InlineData("2026-09-20", Season.Invierno)]
    [InlineData("2026-09-21", Season.Primavera)]
    [InlineData("2026-10-31", Season.Primavera)]
    [InlineData("2026-11-30", Season.Primavera)]
    public void For_Boundaries_SouthernHemisphere(string date, Season expected)
    {
        Assert.Equal(expected, SeasonCalendar.For(DateOnly.Parse(date, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void For_EveryDayOfALeapYear_HasTheRightDayCountPerSeason()
    {
        var counts = new Dictionary<Season, int>();
        for (var d = new DateOnly(2024, 1, 1); d.Year == 2024; d = d.AddDays(1))
        {
            var season = SeasonCalendar.For(d);
            counts[season] = counts.GetValueOrDefault(season) + 1;
        }

        // Verano: 1 Jan–20 Mar (31+29+20) + 21–31 Dec (11) = 91; otoño 11+30+31+20 = 92; invierno 10+31+31+20 = 92;
        // primavera 10+31+30+20 = 91.
        Assert.Equal(91, counts[Season.Verano]);
        Assert.Equal(92, counts[Season.Otono]);
        Assert.Equal(92, counts[Season.Invierno]);
        Assert.Equal(91, counts[Season.Primavera]);
    }

    [Theory]
    [InlineData(Season.Verano, "1.3", "Verano")]
    [InlineData(Season.Otono, "1.0", "Otoño")]
    [InlineData(Season.Invierno, "0.8", "Invierno")]
    [InlineData(Season.Primavera, "1.1", "Primavera")]
    public void SeasonalFactor_EachSeason_FromDomainRules(Season season, string factor, string name)
    {
        Assert.Equal(decimal.Parse(factor, CultureInfo.InvariantCulture), SeasonalFactor.For(season));
        Assert.Equal(name, season.DisplayName());
    }

    [Fact]
    public void SeasonalFactor_ForDate_UsesItsSeason()
    {
        Assert.Equal(1.3m, SeasonalFactor.For(new DateOnly(2026, 1, 15)));
        Assert.Equal(0.8m, SeasonalFactor.For(new DateOnly(2026, 7, 15)));
    }

    [Fact]
    public void SeasonalFactor_UndefinedSeason_Throws()
    {
        Assert.Equal("season", Assert.Throws<DomainException>(() => SeasonalFactor.For((Season)7)).Field);
        Assert.Throws<DomainException>(() => ((Season)7).DisplayName());
    }
}

public class CriticalStockTests
{
    [Theory]
    [InlineData(10, 10, "1.0", true)]
    [InlineData(11, 10, "1.0", false)]
    [InlineData(13, 10, "1.3", true)]
    [InlineData(14, 10, "1.3", false)]
    [InlineData(8, 10, "0.8", true)]
    [InlineData(9, 10, "0.8", false)]
    [InlineData(11, 10, "1.1", true)]
    [InlineData(12, 10, "1.1", false)]
    [InlineData(0, 0, "1.3", true)]
    [InlineData(1, 0, "1.3", false)]
    [InlineData(10, 13, "0.8", true)]
    [InlineData(11, 13, "0.8", false)]
    public void IsCritical_AtOrBelowThreshold_True(int current, int minimum, string factor, bool expected)
    {
        Assert.Equal(expected, CriticalStock.IsCritical(current, minimum, decimal.Parse(factor, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(13, "0.8", "10.4")]
    [InlineData(10, "1.3", "13.0")]
    [InlineData(0, "1.1", "0")]
    public void Threshold_MinimumTimesFactor_Unrounded(int minimum, string factor, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture),
            CriticalStock.Threshold(minimum, decimal.Parse(factor, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(0, 13, "0.8", 11)]
    [InlineData(10, 13, "0.8", 1)]
    [InlineData(11, 13, "0.8", 0)]
    [InlineData(13, 10, "1.3", 0)]
    [InlineData(5, 10, "1.3", 8)]
    [InlineData(100, 10, "1.3", 0)]
    [InlineData(0, 0, "1.0", 0)]
    public void Deficit_RoundsUpNeverNegative(int current, int minimum, string factor, int expected)
    {
        Assert.Equal(expected, CriticalStock.Deficit(current, minimum, decimal.Parse(factor, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(3, 40, 37)]
    [InlineData(40, 40, 0)]
    [InlineData(45, 40, 0)]
    [InlineData(0, 0, 0)]
    public void QuantityToMax_FillsUpToMax(int current, int max, int expected)
    {
        Assert.Equal(expected, CriticalStock.QuantityToMax(current, max));
    }

    [Theory]
    [InlineData(-1, 10, "1.0", "currentStock")]
    [InlineData(1, -1, "1.0", "minStock")]
    [InlineData(1, 10, "0", "factor")]
    [InlineData(1, 10, "-0.8", "factor")]
    public void IsCritical_InvalidInput_ThrowsOnField(int current, int minimum, string factor, string field)
    {
        var ex = Assert.Throws<DomainException>(() =>
            CriticalStock.IsCritical(current, minimum, decimal.Parse(factor, CultureInfo.InvariantCulture)));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void QuantityToMax_Negative_Throws()
    {
        Assert.Equal("maxStock", Assert.Throws<DomainException>(() => CriticalStock.QuantityToMax(0, -1)).Field);
        Assert.Equal("currentStock", Assert.Throws<DomainException>(() => CriticalStock.QuantityToMax(-1, 1)).Field);
        Assert.Equal("currentStock", Assert.Throws<DomainException>(() => CriticalStock.Deficit(-1, 1, 1m)).Field);
    }
}
