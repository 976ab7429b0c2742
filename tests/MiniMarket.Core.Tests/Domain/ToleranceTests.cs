using System.Globalization;
using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class ToleranceTests
{
    [Theory]
    [InlineData("100", "99", true)]        // exactly 1 % of 100
    [InlineData("100", "101", true)]       // 1 of 101 is below 1 %
    [InlineData("100", "98.99", false)]    // 1.01 of 100 = 1.01 %
    [InlineData("100", "101.02", false)]   // 1.02 of 101.02 > 1 %
    [InlineData("101", "100", true)]
    [InlineData("10000", "9900", true)]
    [InlineData("10000", "9899", false)]
    [InlineData("0", "0", true)]
    [InlineData("0", "0.01", false)]
    [InlineData("-100", "-99", true)]
    [InlineData("-100", "-98.99", false)]
    [InlineData("1", "-1", false)]
    public void WithinOnePercent_Boundaries(string expected, string actual, bool within)
    {
        Assert.Equal(within, Tolerance.WithinOnePercent(decimal.Parse(expected, CultureInfo.InvariantCulture),
            decimal.Parse(actual, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("0.10", "0.11", true)]
    [InlineData("0", "0.01", true)]
    [InlineData("0", "0.02", false)]
    [InlineData("100", "98.99", false)]
    [InlineData("100", "99", true)]
    public void Matches_OnePercentOrOneCent(string expected, string actual, bool matches)
    {
        Assert.Equal(matches, Tolerance.Matches(decimal.Parse(expected, CultureInfo.InvariantCulture),
            decimal.Parse(actual, CultureInfo.InvariantCulture)));
    }
}
