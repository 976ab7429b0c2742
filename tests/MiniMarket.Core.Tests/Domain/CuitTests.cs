using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class CuitTests
{
    // 20-12345678-6 by hand: digits 2,0,1,2,3,4,5,6,7,8 × weights 5,4,3,2,7,6,5,4,3,2
    // = 10+0+3+4+21+24+25+24+21+16 = 148; 148 mod 11 = 5; 11 - 5 = 6.
    [Theory]
    [InlineData("20-12345678-6")]
    [InlineData("20123456786")]
    [InlineData("20 12345678 6")]
    [InlineData("20.12345678.6")]
    [InlineData("  20-12345678-6  ")]
    [InlineData("\t20123456786\n")]
    [InlineData("20 - 12345678 - 6")]
    [InlineData("20-12345678 6")]
    public void Parse_CommonSpellings_NormalisesToDashedForm(string text)
    {
        var cuit = Cuit.Parse(text);

        Assert.Equal("20-12345678-6", cuit.ToString());
        Assert.Equal("20123456786", cuit.Digits);
        Assert.Equal(20, cuit.Prefix);
        Assert.False(cuit.IsCompany);
    }

    // Each check digit computed by hand with weights 5,4,3,2,7,6,5,4,3,2:
    // 30-71234567-1: 15+0+21+2+14+18+20+20+18+14 = 142, 142 mod 11 = 10, 11-10 = 1.
    // 27-11111111-7: 10+28+3+2+7+6+5+4+3+2 = 70, 70 mod 11 = 4, 11-4 = 7.
    // 23-00000000-0: 10+12 = 22, 22 mod 11 = 0, 11-0 = 11 → 0.
    // 33-50000000-2: 15+12+15 = 42, 42 mod 11 = 9, 11-9 = 2.
    // 34-00000000-2: 15+16 = 31, 31 mod 11 = 9 → 2.
    // 24-30000000-9: 10+16+9 = 35, 35 mod 11 = 2 → 9.
    // 20-00000006-0: 10+12 = 22 → 0 (the "11 means 0" case).
    [Theory]
    [InlineData("30-71234567-1", true)]
    [InlineData("27-11111111-7", false)]
    [InlineData("23-00000000-0", false)]
    [InlineData("33-50000000-2", true)]
    [InlineData("34-00000000-2", true)]
    [InlineData("24-30000000-9", false)]
    [InlineData("20-00000006-0", false)]
    [InlineData("30-66666666-2", true)]
    [InlineData("20-88888888-9", false)]
    [InlineData("27-12345678-0", false)]
    [InlineData("30-12345678-1", true)]
    public void Parse_ValidCuit_KeepsDigitsAndKind(string text, bool isCompany)
    {
        var cuit = Cuit.Parse(text);

        Assert.Equal(text, cuit.ToString());
        Assert.Equal(isCompany, cuit.IsCompany);
    }

    [Theory]
    [InlineData("20-12345678-0", 6)]
    [InlineData("20-12345678-7", 6)]
    [InlineData("30-71234567-2", 1)]
    [InlineData("27-11111111-1", 7)]
    [InlineData("23-00000000-9", 0)]
    [InlineData("20123456785", 6)]
    public void TryParse_WrongCheckDigit_ExplainsExpectedDigit(string text, int expected)
    {
        Assert.False(Cuit.TryParse(text, out _, out var error));
        Assert.Contains("dígito verificador incorrecto", error, StringComparison.Ordinal);
        Assert.EndsWith($"(esperado {expected})", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongCheckDigit_ThrowsWithFieldAndSpanishMessage()
    {
        var ex = Assert.Throws<DomainException>(() => Cuit.Parse("20-12345678-0"));

        Assert.Equal("cuit", ex.Field);
        Assert.Equal("El CUIT 20-12345678-0 tiene el dígito verificador incorrecto (esperado 6)", ex.Message);
    }

    [Fact]
    public void Parse_CustomField_ReportsThatField()
    {
        var ex = Assert.Throws<DomainException>(() => Cuit.Parse("x", "issuer.cuit"));

        Assert.Equal("issuer.cuit", ex.Field);
    }

    [Theory]
    [InlineData("21-12345678-6")]
    [InlineData("10-12345678-6")]
    [InlineData("00-00000000-0")]
    [InlineData("99-99999999-9")]
    [InlineData("25-12345678-6")]
    [InlineData("31-12345678-6")]
    public void TryParse_UnknownPrefix_Rejected(string text)
    {
        Assert.False(Cuit.TryParse(text, out _, out var error));
        Assert.Contains("prefijo inválido", error, StringComparison.Ordinal);
    }

    // 20-00000001-?: 10 + 1×2 = 12, 12 mod 11 = 1, 11-1 = 10: no digit can make it valid.
    [Theory]
    [InlineData("20-00000001-0")]
    [InlineData("20-00000001-1")]
    [InlineData("20-00000015-9")]
    [InlineData("20-99999999-0")]
    public void TryParse_CheckDigitWouldBeTen_Rejected(string text)
    {
        Assert.False(Cuit.TryParse(text, out _, out var error));
        Assert.Contains("daría 10", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_Blank_IsRequired(string? text)
    {
        Assert.False(Cuit.TryParse(text, out var cuit, out var error));
        Assert.Equal("El CUIT es obligatorio", error);
        Assert.Equal(default, cuit);
    }

    [Theory]
    [InlineData("2012345678")]
    [InlineData("201234567860")]
    [InlineData("20-1234567-86")]
    [InlineData("201-2345678-6")]
    [InlineData("20--12345678-6")]
    [InlineData("20-12345678--6")]
    [InlineData("20/12345678/6")]
    [InlineData("20_12345678_6")]
    [InlineData("2O-12345678-6")]
    [InlineData("abc")]
    [InlineData("20-1234S678-6")]
    [InlineData("CUIT 20-12345678-6")]
    [InlineData("20-12345678-6 ok")]
    [InlineData("٢٠١٢٣٤٥٦٧٨٦")]
    [InlineData("２０１２３４５６７８６")]
    [InlineData("-20-12345678-6")]
    [InlineData("+20123456786")]
    public void TryParse_Malformed_Rejected(string text)
    {
        Assert.False(Cuit.TryParse(text, out _, out var error));
        Assert.Contains("formato NN-NNNNNNNN-N", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2012345678", 6)]
    [InlineData("3071234567", 1)]
    [InlineData("2711111111", 7)]
    [InlineData("2300000000", 0)]
    [InlineData("2000000000", 1)]
    [InlineData("2000000006", 0)]
    public void ComputeCheckDigit_KnownPrefixes_ReturnsDigit(string firstTen, int expected)
    {
        Assert.Equal(expected, Cuit.ComputeCheckDigit(firstTen));
    }

    [Theory]
    [InlineData("2000000001")]
    [InlineData("2000000015")]
    [InlineData("2099999999")]
    public void ComputeCheckDigit_ResultTen_ReturnsNull(string firstTen)
    {
        Assert.Null(Cuit.ComputeCheckDigit(firstTen));
    }

    [Theory]
    [InlineData("")]
    [InlineData("123456789")]
    [InlineData("12345678901")]
    [InlineData("20-1234567")]
    [InlineData("abcdefghij")]
    public void ComputeCheckDigit_NotTenDigits_Throws(string firstTen)
    {
        var ex = Assert.Throws<DomainException>(() => Cuit.ComputeCheckDigit(firstTen));
        Assert.Equal("cuit", ex.Field);
    }

    [Fact]
    public void Equality_DifferentSpellings_AreEqual()
    {
        Assert.Equal(Cuit.Parse("20.12345678.6"), Cuit.Parse("20123456786"));
        Assert.NotEqual(Cuit.Parse("30-71234567-1"), Cuit.Parse("20123456786"));
    }

    [Fact]
    public void Default_HasNoDigits_FormatsEmpty()
    {
        Assert.Equal(string.Empty, default(Cuit).ToString());
        Assert.False(default(Cuit).IsCompany);
    }

    [Fact]
    public void ValidPrefixes_AreTheSevenAfipPrefixes()
    {
        Assert.Equal([20, 23, 24, 27, 30, 33, 34], Cuit.ValidPrefixes);
    }
}
