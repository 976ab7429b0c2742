using System.Globalization;
using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class ArsTests
{
    [Theory]
    [InlineData("15230.50", "$ 15.230,50")]
    [InlineData("-15230.50", "-$ 15.230,50")]
    [InlineData("0", "$ 0,00")]
    [InlineData("0.5", "$ 0,50")]
    [InlineData("1000", "$ 1.000,00")]
    [InlineData("1234567.891", "$ 1.234.567,89")]
    [InlineData("999.995", "$ 1.000,00")]
    [InlineData("10.005", "$ 10,01")]
    [InlineData("-10.005", "-$ 10,01")]
    [InlineData("-0.001", "$ 0,00")]
    [InlineData("12", "$ 12,00")]
    public void ToString_EsArStyle_ShowsSymbolGroupsAndCents(string amount, string expected)
    {
        Assert.Equal(expected, new Ars(decimal.Parse(amount, CultureInfo.InvariantCulture)).ToString());
    }

    [Theory]
    [InlineData("15230.5", "15.230,50")]
    [InlineData("-1000", "-1.000,00")]
    public void ToNumberString_NoSymbol(string amount, string expected)
    {
        Assert.Equal(expected, new Ars(decimal.Parse(amount, CultureInfo.InvariantCulture)).ToNumberString());
    }

    [Theory]
    [InlineData("$ 15.230,50", "15230.50")]
    [InlineData("15.230,50", "15230.50")]
    [InlineData("15230,5", "15230.5")]
    [InlineData("$15.230", "15230")]
    [InlineData("-$ 1.000,00", "-1000")]
    [InlineData("$ -1.000,00", "-1000")]
    [InlineData("-1.000", "-1000")]
    [InlineData("  $ 0,99  ", "0.99")]
    [InlineData("0", "0")]
    [InlineData("1.234", "1234")]
    [InlineData("1.234.567,89", "1234567.89")]
    [InlineData("1234567", "1234567")]
    [InlineData("$    12", "12")]
    [InlineData("007", "7")]
    public void Parse_EsArFormats_ReadsAmount(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Ars.Parse(text).Amount);
    }

    [Theory]
    [InlineData("15,230.50")]
    [InlineData("1,2,3")]
    [InlineData("abc")]
    [InlineData("1.23")]
    [InlineData("1.2345")]
    [InlineData("12.34,5")]
    [InlineData("1,234")]
    [InlineData("1,")]
    [InlineData(",50")]
    [InlineData("$")]
    [InlineData("-")]
    [InlineData("--5")]
    [InlineData("-$ -5")]
    [InlineData("+5")]
    [InlineData("5$")]
    [InlineData("US$ 5")]
    [InlineData("ARS 5")]
    [InlineData("1 000")]
    [InlineData("1.000.00")]
    [InlineData("1e3")]
    [InlineData("15.230,50 pesos")]
    [InlineData(".500")]
    [InlineData("1..000")]
    public void TryParse_NotEsArMoney_Rejected(string text)
    {
        Assert.False(Ars.TryParse(text, out _, out var error));
        Assert.Contains("no es válido", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_Blank_ThrowsRequired(string? text)
    {
        var ex = Assert.Throws<DomainException>(() => Ars.Parse(text, "lines[2].amount"));

        Assert.Equal("lines[2].amount", ex.Field);
        Assert.Equal("El importe es obligatorio", ex.Message);
    }

    [Fact]
    public void TryParse_TooBig_Rejected()
    {
        Assert.False(Ars.TryParse("99999999999999999999999999999999", out _, out var error));
        Assert.Contains("demasiado grande", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$ 15.230,50")]
    [InlineData("-$ 1,00")]
    [InlineData("$ 0,01")]
    public void Parse_OwnToString_RoundTrips(string text)
    {
        Assert.Equal(text, Ars.Parse(text).ToString());
    }

    [Theory]
    [InlineData("10.005", "10.01")]
    [InlineData("10.004", "10.00")]
    [InlineData("-10.005", "-10.01")]
    [InlineData("0.125", "0.13")]
    [InlineData("2.5", "2.50")]
    public void RoundToCents_MidpointAwayFromZero(string amount, string expected)
    {
        var value = new Ars(decimal.Parse(amount, CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value.RoundToCents().Amount);
    }

    [Fact]
    public void Arithmetic_AddSubtractMultiplyDivideNegate()
    {
        var a = new Ars(100.50m);
        var b = new Ars(0.25m);

        Assert.Equal(new Ars(100.75m), a + b);
        Assert.Equal(new Ars(100.25m), a - b);
        Assert.Equal(new Ars(201m), a * 2m);
        Assert.Equal(new Ars(201m), 2m * a);
        Assert.Equal(new Ars(50.25m), a / 2m);
        Assert.Equal(new Ars(-100.50m), -a);
        Assert.Equal(new Ars(100.75m), Ars.Sum([a, b]));
        Assert.Equal(Ars.Zero, Ars.Sum([]));
    }

    [Fact]
    public void Multiply_KeepsFullPrecisionUntilRounded()
    {
        var price = new Ars(10m) * 0.333m;

        Assert.Equal(3.33m, price.Amount);
        Assert.Equal(0.33m, (new Ars(1m) / 3m).RoundToCents().Amount);
    }

    [Fact]
    public void Comparison_Operators_FollowAmounts()
    {
        var small = new Ars(1m);
        var big = new Ars(2m);

        Assert.True(small < big);
        Assert.True(big > small);
        Assert.True(small <= new Ars(1.00m));
        Assert.True(big >= small);
        Assert.False(small > big);
        Assert.Equal(-1, small.CompareTo(big));
        Assert.Equal(new Ars(1m), new Ars(1.00m));
    }

    [Fact]
    public void Flags_SignOfAmount()
    {
        Assert.True(Ars.Zero.IsZero);
        Assert.True(new Ars(-1m).IsNegative);
        Assert.True(new Ars(1m).IsPositive);
        Assert.Equal(new Ars(3m), new Ars(-3m).Abs());
    }

    [Fact]
    public void EsArCulture_IsExplicitAndReadOnly()
    {
        var nf = ArsFormat.EsAr.NumberFormat;

        Assert.Equal("$", nf.CurrencySymbol);
        Assert.Equal(",", nf.NumberDecimalSeparator);
        Assert.Equal(".", nf.NumberGroupSeparator);
        Assert.Equal(2, nf.CurrencyPositivePattern);
        Assert.Equal(9, nf.CurrencyNegativePattern);
        Assert.True(ArsFormat.EsAr.IsReadOnly);
        Assert.Equal("$ 1.234,50", 1234.5m.ToString("C", ArsFormat.EsAr));
        Assert.Equal("-$ 1.234,50", (-1234.5m).ToString("C", ArsFormat.EsAr));
        Assert.Equal("31/12/2025", new DateTime(2025, 12, 31).ToString("d", ArsFormat.EsAr));
    }

    [Theory]
    [InlineData("1234.5", 2, "1.234,50")]
    [InlineData("1234.5", 0, "1.235")]
    [InlineData("0.105", 3, "0,105")]
    public void Number_FormatsEsAr(string value, int decimals, string expected)
    {
        Assert.Equal(expected, ArsFormat.Number(decimal.Parse(value, CultureInfo.InvariantCulture), decimals));
    }
}
