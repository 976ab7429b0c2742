using System.Buffers.Binary;
using MiniMarket.Agents.Ml.Ocr;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Tests.Ml.Ocr;

public class OcrValuesTests
{
    [Theory]
    [InlineData("Responsable Inseripto", true, IvaCondition.ResponsableInscripto)]
    [InlineData("IVA Insenpto", true, IvaCondition.ResponsableInscripto)]
    [InlineData("Responsabl e Ine pt o", true, IvaCondition.ResponsableInscripto)]
    [InlineData("Responsable Monotributo", true, IvaCondition.Monotributista)]
    [InlineData("IVA Resp. lnscripto", false, IvaCondition.ResponsableInscripto)]
    [InlineData("Monotributísta", true, IvaCondition.Monotributista)]
    [InlineData("Pequeño Contribuyente", false, IvaCondition.Monotributista)]
    [InlineData("Sujeto Exenlo", true, IvaCondition.Exento)]
    [InlineData("Consumidor Fina1", true, IvaCondition.ConsumidorFinal)]
    public void IvaConditionOf_ALetterOrTwoMisread_IsStillTheCondition(string text, bool labelled, IvaCondition expected) =>
        Assert.Equal(expected, OcrValues.IvaConditionOf(text, labelled));

    [Theory]
    [InlineData("Inscripto en Ingresos Brutos")] // no "Responsable" before it, no label: not an IVA condition
    [InlineData("Consumidor Final")] // an issuer is never a final consumer
    [InlineData("Contenido")]
    [InlineData("Exactamente")]
    [InlineData("Responsable de ventas")] // unlabelled, "Responsable" alone is no condition
    public void IvaConditionOf_UnlabelledTextThatIsNoIssuerCondition_IsNone(string text) =>
        Assert.Null(OcrValues.IvaConditionOf(text, asLabelled: false));

    [Theory]
    [InlineData("$ 15.230,50", "15230.50")]
    [InlineData("15230,50", "15230.50")]
    [InlineData("$15.230,50", "15230.50")]
    [InlineData("15.230.50", "15230.50")]
    [InlineData("15 230,50", "15230.50")]
    [InlineData("l5.23O,5O", "15230.50")]
    [InlineData("-1.000,00", "-1000.00")]
    [InlineData("0,00", "0")]
    [InlineData("1.234.567,89", "1234567.89")]
    public void ParseAmount_ArgentineAndOcrNoisyFormats_ReadsTheValue(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), OcrValues.ParseAmount(text));

    [Theory]
    [InlineData("1.000")]
    [InlineData("15,2")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("12345678901234,00")]
    public void ParseAmount_NotAnAmountWithCents_IsNull(string text) => Assert.Null(OcrValues.ParseAmount(text));

    [Theory]
    [InlineData("12/11/2026", 2026, 11, 12)]
    [InlineData("l2/11/2O26", 2026, 11, 12)]
    [InlineData("Fecha: 01-02-2025 hs", 2025, 2, 1)]
    [InlineData("29/02/2024", 2024, 2, 29)]
    public void ParseDate_DayMonthYear_ReadsIt(string text, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), OcrValues.ParseDate(text));

    [Theory]
    [InlineData("31/02/2026")]
    [InlineData("12/13/2026")]
    [InlineData("2026-11-12")]
    public void ParseDate_ImpossibleOrOtherFormat_IsNull(string text) => Assert.Null(OcrValues.ParseDate(text));

    [Theory]
    [InlineData("20-12345678-6")]
    [InlineData("20123456786")]
    [InlineData("2O-l2345678-6")]
    [InlineData("20 - 12345678 - 6")]
    public void CuitCandidates_ValidCuitInAnySpelling_IsFirstAndValid(string text)
    {
        Assert.Equal(new OcrValues.CuitReading("20123456786", Valid: true, Corrected: false), OcrValues.CuitCandidates(text)[0]);
    }

    [Fact]
    public void CuitCandidates_OneDigitMisread_OffersTheLookAlikeThatChecksAndKeepsTheReadingAsInvalid()
    {
        // 20-12345678-6 with the 3 read as 8: the check digit no longer matches.
        var candidates = OcrValues.CuitCandidates("20-12845678-6");
        Assert.Contains(new OcrValues.CuitReading("20123456786", Valid: true, Corrected: true), candidates);
        Assert.Contains(new OcrValues.CuitReading("20128456786", Valid: false, Corrected: false), candidates);
    }

    [Fact]
    public void ImageHeader_PngOfTwentyThousandSquare_ReadsTheSizeWithoutDecoding()
    {
        var png = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(png, 0);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 20_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 20_000);
        var info = ImageHeader.Read(png, out var error);
        Assert.Null(error);
        Assert.Equal(400_000_000, info!.Pixels);
    }

    [Theory]
    [InlineData(new byte[0], "vacío")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, "No es una imagen")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46 }, "truncado")]
    public void ImageHeader_NotAReadableImage_SaysWhy(byte[] data, string reason)
    {
        Assert.Null(ImageHeader.Read(data, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageHeader_RandomBytes_NeverThrows()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var data = new byte[random.Next(0, 64)];
            random.NextBytes(data);
            if (i % 3 == 0 && data.Length > 2)
            {
                data[0] = 0xFF;
                data[1] = 0xD8;
            }
            _ = ImageHeader.Read(data, out _);
        }
    }
}
