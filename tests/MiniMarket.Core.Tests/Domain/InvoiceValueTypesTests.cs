using System.Globalization;
using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class InvoiceTypeTests
{
    [Theory]
    [InlineData("A", InvoiceType.A)]
    [InlineData("a", InvoiceType.A)]
    [InlineData("Factura A", InvoiceType.A)]
    [InlineData("FACTURA B", InvoiceType.B)]
    [InlineData("factura c", InvoiceType.C)]
    [InlineData("Fact. A", InvoiceType.A)]
    [InlineData("Factura tipo B", InvoiceType.B)]
    [InlineData("FC C", InvoiceType.C)]
    [InlineData("1", InvoiceType.A)]
    [InlineData("001", InvoiceType.A)]
    [InlineData("6", InvoiceType.B)]
    [InlineData("006", InvoiceType.B)]
    [InlineData("11", InvoiceType.C)]
    [InlineData("011", InvoiceType.C)]
    [InlineData("  b  ", InvoiceType.B)]
    public void Parse_CommonSpellings_Recognised(string text, InvoiceType expected)
    {
        Assert.Equal(expected, InvoiceTypes.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("D")]
    [InlineData("M")]
    [InlineData("E")]
    [InlineData("2")]
    [InlineData("3")]
    [InlineData("0")]
    [InlineData("51")]
    [InlineData("0001")]
    [InlineData("AB")]
    [InlineData("Factura")]
    [InlineData("Nota de crédito A")]
    [InlineData("Recibo A")]
    [InlineData("-1")]
    public void Parse_Unsupported_ThrowsOnType(string? text)
    {
        Assert.Equal("type", Assert.Throws<DomainException>(() => InvoiceTypes.Parse(text)).Field);
    }

    [Theory]
    [InlineData(InvoiceType.A, 1, "A", "Factura A")]
    [InlineData(InvoiceType.B, 6, "B", "Factura B")]
    [InlineData(InvoiceType.C, 11, "C", "Factura C")]
    public void Code_Letter_DisplayName(InvoiceType type, int code, string letter, string display)
    {
        Assert.Equal(code, type.Code());
        Assert.Equal(letter, type.Letter());
        Assert.Equal(display, type.DisplayName());
    }
}

public class InvoiceNumberTests
{
    [Theory]
    [InlineData("0001-00012345", 1, 12345, "0001-00012345")]
    [InlineData("00001-00012345", 1, 12345, "0001-00012345")]
    [InlineData(" 0001 - 00012345 ", 1, 12345, "0001-00012345")]
    [InlineData("9999-99999999", 9999, 99999999, "9999-99999999")]
    [InlineData("10000-00000001", 10000, 1, "10000-00000001")]
    [InlineData("99999-00000001", 99999, 1, "99999-00000001")]
    [InlineData("0003-00000001", 3, 1, "0003-00000001")]
    public void Parse_ValidSpellings_NormalisedToString(string text, int pos, int number, string shown)
    {
        var parsed = InvoiceNumber.Parse(text);

        Assert.Equal(pos, parsed.PointOfSale);
        Assert.Equal(number, parsed.Number);
        Assert.Equal(shown, parsed.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1-123")]
    [InlineData("001-00012345")]
    [InlineData("000001-00012345")]
    [InlineData("0001-0012345")]
    [InlineData("0001-000123456")]
    [InlineData("000100012345")]
    [InlineData("0001/00012345")]
    [InlineData("0000-00012345")]
    [InlineData("0001-00000000")]
    [InlineData("A-0001-00012345")]
    [InlineData("0001-0001234X")]
    public void TryParse_Invalid_Rejected(string? text)
    {
        Assert.False(InvoiceNumber.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(100000, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 100000000)]
    [InlineData(-1, -1)]
    public void Create_OutOfRange_ThrowsOnNumber(int pos, int number)
    {
        Assert.Equal("number", Assert.Throws<DomainException>(() => InvoiceNumber.Create(pos, number)).Field);
    }

    [Fact]
    public void Create_Valid_EqualsParsed()
    {
        Assert.Equal(InvoiceNumber.Parse("0001-00012345"), InvoiceNumber.Create(1, 12345));
    }
}

public class CaeTests
{
    [Theory]
    [InlineData("75123456789012")]
    [InlineData(" 00000000000000 ")]
    public void Parse_FourteenDigits_Accepted(string text)
    {
        Assert.Equal(text.Trim(), Cae.Parse(text).Digits);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7512345678901")]
    [InlineData("751234567890123")]
    [InlineData("7512345678901A")]
    [InlineData("7512 3456789012")]
    [InlineData("75-123456789012")]
    public void Parse_NotFourteenDigits_ThrowsOnCae(string? text)
    {
        Assert.Equal("cae", Assert.Throws<DomainException>(() => Cae.Parse(text)).Field);
    }
}

public class IvaRateTests
{
    [Theory]
    [InlineData("0", 3, "0 %")]
    [InlineData("10.5", 4, "10,5 %")]
    [InlineData("21", 5, "21 %")]
    [InlineData("27", 6, "27 %")]
    [InlineData("21.00", 5, "21 %")]
    public void Create_AfipRates_Accepted(string percent, int afipCode, string shown)
    {
        var rate = IvaRate.Create(decimal.Parse(percent, CultureInfo.InvariantCulture));

        Assert.Equal(afipCode, rate.AfipCode);
        Assert.Equal(shown, rate.ToString());
        Assert.Equal(rate.Percent / 100m, rate.Fraction);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("10")]
    [InlineData("10.4")]
    [InlineData("2.5")]
    [InlineData("-21")]
    [InlineData("0.21")]
    [InlineData("100")]
    public void Create_OtherRates_ThrowsOnIvaRate(string percent)
    {
        Assert.Equal("ivaRate", Assert.Throws<DomainException>(() =>
            IvaRate.Create(decimal.Parse(percent, CultureInfo.InvariantCulture))).Field);
    }

    [Theory]
    [InlineData("21", "21")]
    [InlineData("21%", "21")]
    [InlineData(" 21 % ", "21")]
    [InlineData("10,5", "10.5")]
    [InlineData("10.5", "10.5")]
    [InlineData("10,5 %", "10.5")]
    [InlineData("0", "0")]
    [InlineData("27", "27")]
    public void Parse_Spellings_Accepted(string text, string percent)
    {
        Assert.Equal(decimal.Parse(percent, CultureInfo.InvariantCulture), IvaRate.Parse(text).Percent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("IVA")]
    [InlineData("22")]
    [InlineData("21%%x")]
    [InlineData("1.050")]
    public void Parse_Invalid_Rejected(string? text)
    {
        Assert.False(IvaRate.TryParse(text, out _));
        Assert.Throws<DomainException>(() => IvaRate.Parse(text));
    }

    [Fact]
    public void Equality_TwentyOneWithOrWithoutDecimals_SameRateAndHash()
    {
        var a = IvaRate.Create(21m);
        var b = IvaRate.Create(21.000m);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(IvaRate.General, a);
    }

    [Fact]
    public void Of_NetAmount_ComputesIva()
    {
        Assert.Equal(new Ars(210m), IvaRate.General.Of(new Ars(1000m)));
        Assert.Equal(new Ars(105m), IvaRate.Reduced.Of(new Ars(1000m)));
        Assert.Equal(Ars.Zero, IvaRate.Zero.Of(new Ars(1000m)));
    }
}

public class IvaConditionTests
{
    [Theory]
    [InlineData("Responsable Inscripto", IvaCondition.ResponsableInscripto)]
    [InlineData("RI", IvaCondition.ResponsableInscripto)]
    [InlineData("r.i.", IvaCondition.ResponsableInscripto)]
    [InlineData("IVA Responsable Inscripto", IvaCondition.ResponsableInscripto)]
    [InlineData("Resp. Inscripto", IvaCondition.ResponsableInscripto)]
    [InlineData("RESPONSABLE INSCRIPTO", IvaCondition.ResponsableInscripto)]
    [InlineData("ResponsableInscripto", IvaCondition.ResponsableInscripto)]
    [InlineData("responsable_inscripto", IvaCondition.ResponsableInscripto)]
    [InlineData("Monotributista", IvaCondition.Monotributista)]
    [InlineData("Monotributo", IvaCondition.Monotributista)]
    [InlineData("Responsable Monotributo", IvaCondition.Monotributista)]
    [InlineData("Exento", IvaCondition.Exento)]
    [InlineData("IVA Exento", IvaCondition.Exento)]
    [InlineData("IVA Sujeto Exento", IvaCondition.Exento)]
    [InlineData("Consumidor Final", IvaCondition.ConsumidorFinal)]
    [InlineData("CF", IvaCondition.ConsumidorFinal)]
    [InlineData("IVA Consumidor Final", IvaCondition.ConsumidorFinal)]
    [InlineData("  consumidor   final ", IvaCondition.ConsumidorFinal)]
    public void Parse_CommonSpellings_Recognised(string text, IvaCondition expected)
    {
        Assert.Equal(expected, IvaConditions.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("IVA")]
    [InlineData("Responsable")]
    [InlineData("No Responsable")]
    [InlineData("Inscripto")]
    [InlineData("0")]
    [InlineData("Consumidor")]
    public void Parse_Unknown_ThrowsOnIvaCondition(string? text)
    {
        Assert.Equal("ivaCondition", Assert.Throws<DomainException>(() => IvaConditions.Parse(text)).Field);
    }

    [Theory]
    [InlineData(IvaCondition.ResponsableInscripto, "Responsable Inscripto")]
    [InlineData(IvaCondition.Monotributista, "Monotributista")]
    [InlineData(IvaCondition.Exento, "Exento")]
    [InlineData(IvaCondition.ConsumidorFinal, "Consumidor Final")]
    public void DisplayName_Spanish_ParsesBack(IvaCondition condition, string display)
    {
        Assert.Equal(display, condition.DisplayName());
        Assert.Equal(condition, IvaConditions.Parse(display));
    }
}
