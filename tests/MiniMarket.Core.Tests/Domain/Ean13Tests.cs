using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class Ean13Tests
{
    // 7790895000997 (Coca-Cola Argentina) by hand: digits 7,7,9,0,8,9,5,0,0,0,9,9 × weights 1,3,1,3,...
    // = 7+21+9+0+8+27+5+0+0+0+9+27 = 113; (10 - 113 mod 10) mod 10 = 7: the last digit.
    [Theory]
    [InlineData("7790895000997")]
    [InlineData("4006381333931")]
    [InlineData("5901234123457")]
    [InlineData("7790000000003")]
    [InlineData("0000000000000")]
    [InlineData("7791234567898")]
    [InlineData("  7790895000997 ")]
    public void Parse_ValidBarcode_KeepsDigits(string text)
    {
        var ean = Ean13.Parse(text);

        Assert.Equal(text.Trim(), ean.Digits);
        Assert.Equal(text.Trim(), ean.ToString());
    }

    [Theory]
    [InlineData("779089500099", 7)]
    [InlineData("400638133393", 1)]
    [InlineData("590123412345", 7)]
    [InlineData("779000000000", 3)]
    [InlineData("000000000000", 0)]
    [InlineData("779400000131", 2)]
    public void ComputeCheckDigit_First12_ReturnsGs1Digit(string first12, int expected)
    {
        Assert.Equal(expected, Ean13.ComputeCheckDigit(first12));
    }

    [Theory]
    [InlineData("7790895000990", 7)]
    [InlineData("7790895000998", 7)]
    [InlineData("4006381333932", 1)]
    [InlineData("5901234123450", 7)]
    public void TryParse_WrongCheckDigit_SaysExpected(string text, int expected)
    {
        Assert.False(Ean13.TryParse(text, out _, out var error));
        Assert.EndsWith($"(esperado {expected})", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("779089500099")]
    [InlineData("77908950009971")]
    [InlineData("7790895 000997")]
    [InlineData("7790895-000997")]
    [InlineData("779089500099X")]
    [InlineData("abcdefghijklm")]
    [InlineData("٧٧٩٠٨٩٥٠٠٠٩٩٧")]
    [InlineData("-779089500099")]
    public void TryParse_NotThirteenDigits_Rejected(string text)
    {
        Assert.False(Ean13.TryParse(text, out _, out var error));
        Assert.Contains("13 dígitos", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Parse_Blank_ThrowsBarcodeRequired(string? text)
    {
        var ex = Assert.Throws<DomainException>(() => Ean13.Parse(text));

        Assert.Equal("barcode", ex.Field);
        Assert.Equal("El código de barras es obligatorio", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("77908950009")]
    [InlineData("7790895000997")]
    [InlineData("77908950009a")]
    public void ComputeCheckDigit_NotTwelveDigits_Throws(string text)
    {
        Assert.Throws<DomainException>(() => Ean13.ComputeCheckDigit(text));
    }

    [Theory]
    [InlineData("7790895000997", true)]
    [InlineData("4006381333931", false)]
    public void IsArgentine_Prefix779_True(string text, bool expected)
    {
        Assert.Equal(expected, Ean13.Parse(text).IsArgentine);
    }
}
