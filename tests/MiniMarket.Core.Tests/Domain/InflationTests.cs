using System.Globalization;
using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class InflationTests
{
    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0")]
    [InlineData("0.01")]
    [InlineData("4.5")]
    [InlineData("25")]
    [InlineData("50")]
    public void Create_WithinZeroToFifty_Accepted(string percent)
    {
        Assert.Equal(D(percent), MonthlyInflation.Create(D(percent)).Percent);
    }

    [Theory]
    [InlineData("50.01")]
    [InlineData("-1")]
    [InlineData("-0.0001")]
    [InlineData("100")]
    [InlineData("4500")]
    public void Create_OutOfRange_ThrowsOnMonthlyInflationPercent(string percent)
    {
        var ex = Assert.Throws<DomainException>(() => MonthlyInflation.Create(D(percent)));

        Assert.Equal("monthlyInflationPercent", ex.Field);
        Assert.StartsWith("La inflación mensual debe estar entre 0 y 50 %", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_IsFourAndAHalfPercent()
    {
        Assert.Equal(4.5m, MonthlyInflation.Default.Percent);
        Assert.Equal(0.045m, MonthlyInflation.Default.MonthlyFraction);
        Assert.Equal("4,5 %", MonthlyInflation.Default.ToString());
    }

    // Reference values computed with 50-digit decimal arithmetic: exp(ln(1 + m/100) / 30.44) - 1.
    [Theory]
    [InlineData("4.5", "0.0014470671956911628412")]
    [InlineData("50", "0.0134092498184785526059")]
    [InlineData("1", "0.0003269368373653693751")]
    [InlineData("0", "0")]
    public void DailyRateFraction_AccurateToOneE12(string monthly, string expected)
    {
        var daily = MonthlyInflation.Create(D(monthly)).DailyRateFraction;

        Assert.True(Math.Abs(daily - D(expected)) < 1e-12m, $"{daily} vs {expected}");
    }

    [Fact]
    public void DailyRate_CompoundedOverAMonth_GivesTheMonthlyRate()
    {
        var daily = (double)MonthlyInflation.Default.DailyRateFraction;

        Assert.Equal(1.045, Math.Pow(1 + daily, 30.44), 12);
    }

    [Fact]
    public void At_HundredMonthsOfDays_IsMonthlyRateToTheHundredth()
    {
        // 3044 days = 100 × 30.44: 1000 × 1.045^100 = 81588.518032...
        Assert.Equal(new Ars(81588.52m), InflationAdjustedCost.At(new Ars(1000m), MonthlyInflation.Default, 3044));
    }

    [Theory]
    [InlineData("1000", 30, "1044.34")]
    [InlineData("1000", 365, "1695.19")]
    [InlineData("1234.56", 7, "1247.12")]
    [InlineData("1000", 1, "1001.45")]
    public void At_Days_CompoundsDailyAndRoundsToCents(string cost, int days, string expected)
    {
        Assert.Equal(new Ars(D(expected)), InflationAdjustedCost.At(new Ars(D(cost)), MonthlyInflation.Default, days));
    }

    [Fact]
    public void At_ZeroDays_SameCost()
    {
        Assert.Equal(new Ars(1234.56m), InflationAdjustedCost.At(new Ars(1234.56m), MonthlyInflation.Create(50m), 0));
    }

    [Fact]
    public void At_ZeroInflation_SameCost()
    {
        Assert.Equal(new Ars(1234.56m), InflationAdjustedCost.At(new Ars(1234.56m), MonthlyInflation.Create(0m), 365));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3661)]
    [InlineData(int.MinValue)]
    public void At_DaysOutOfRange_ThrowsOnDays(int days)
    {
        Assert.Equal("days", Assert.Throws<DomainException>(() =>
            InflationAdjustedCost.At(new Ars(1m), MonthlyInflation.Default, days)).Field);
        Assert.Throws<DomainException>(() => InflationAdjustedCost.GrowthFactor(MonthlyInflation.Default, days));
    }

    [Fact]
    public void At_NegativeCost_ThrowsOnCost()
    {
        Assert.Equal("cost", Assert.Throws<DomainException>(() =>
            InflationAdjustedCost.At(new Ars(-1m), MonthlyInflation.Default, 1)).Field);
    }

    [Fact]
    public void At_HugeCostAtMaxInflation_ThrowsInsteadOfOverflowing()
    {
        Assert.Equal("cost", Assert.Throws<DomainException>(() =>
            InflationAdjustedCost.At(new Ars(1e20m), MonthlyInflation.Create(50m), 3660)).Field);
    }

    [Fact]
    public void GrowthFactor_ZeroDays_IsExactlyOne()
    {
        Assert.Equal(1m, InflationAdjustedCost.GrowthFactor(MonthlyInflation.Default, 0));
    }
}

public class SalePriceTests
{
    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("100", "30", "130")]
    [InlineData("100", "0", "100")]
    [InlineData("2500", "36", "3400")]
    [InlineData("99.99", "33.333", "133.32")]
    [InlineData("10", "12.5", "11.25")]
    [InlineData("0.01", "50", "0.02")]
    public void From_PurchaseAndMarkupPercent_RoundedToCents(string purchase, string markup, string expected)
    {
        Assert.Equal(new Ars(D(expected)), SalePrice.From(new Ars(D(purchase)), D(markup)));
    }

    [Theory]
    [InlineData("0", "30", "purchasePrice")]
    [InlineData("-1", "30", "purchasePrice")]
    [InlineData("100", "-0.01", "markupPercent")]
    public void From_InvalidInput_ThrowsOnField(string purchase, string markup, string field)
    {
        Assert.Equal(field, Assert.Throws<DomainException>(() => SalePrice.From(new Ars(D(purchase)), D(markup))).Field);
    }

    [Theory]
    [InlineData("100", "130", "30")]
    [InlineData("100", "100", "0")]
    [InlineData("100", "80", "-20")]
    public void MarkupPercent_OnCost(string purchase, string sale, string expected)
    {
        Assert.Equal(D(expected), SalePrice.MarkupPercent(new Ars(D(purchase)), new Ars(D(sale))));
    }

    [Theory]
    [InlineData("100", "125", "20")]
    [InlineData("100", "200", "50")]
    [InlineData("100", "100", "0")]
    [InlineData("150", "100", "-50")]
    public void MarginPercent_OnSalePrice(string purchase, string sale, string expected)
    {
        Assert.Equal(D(expected), SalePrice.MarginPercent(new Ars(D(purchase)), new Ars(D(sale))));
    }

    [Fact]
    public void MarginPercent_ZeroSale_ThrowsOnSalePrice()
    {
        Assert.Equal("salePrice", Assert.Throws<DomainException>(() => SalePrice.MarginPercent(new Ars(1m), Ars.Zero)).Field);
        Assert.Equal("purchasePrice", Assert.Throws<DomainException>(() => SalePrice.MarkupPercent(Ars.Zero, new Ars(1m))).Field);
    }
}
