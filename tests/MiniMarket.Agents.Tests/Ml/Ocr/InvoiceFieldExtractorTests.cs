using System.Text;
using MiniMarket.Agents.Ml.Ocr;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Tests.Ml.Ocr;

public class InvoiceFieldExtractorTests
{
    private static readonly OcrTimingsDto NoTimings = new(0, 0, 0, 0, 0, 0, 1);

    /// <summary>Tesseract TSV for lines of text: every word 95 % confident, 20 px high; a word starting with "#" is 80 px high (the type letter).</summary>
    internal static string Tsv(params string[] lines)
    {
        var tsv = new StringBuilder("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
        for (var l = 0; l < lines.Length; l++)
        {
            var words = lines[l].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var w = 0; w < words.Length; w++)
            {
                var big = words[w].StartsWith('#');
                tsv.Append($"5\t1\t1\t1\t{l + 1}\t{w + 1}\t{w * 60}\t{l * 30}\t50\t{(big ? 80 : 20)}\t95.0\t{words[w].TrimStart('#')}\n");
            }
        }
        return tsv.ToString();
    }

    private static readonly string[] TypeA =
    [
        "ORIGINAL",
        "Distribuidora Los Andes S.A. #A FACTURA",
        "COD. 01 Punto de Venta: 00003 Comp. Nro: 00012345",
        "Razón Social: Distribuidora Los Andes S.A. Fecha de Emisión: 12/11/2026",
        "Domicilio Comercial: Av. Rivadavia 1234 - CABA CUIT: 30-71234567-1",
        "Condición frente al IVA: IVA Responsable Inscripto Ingresos Brutos: 901-123456-7",
        "Fecha de Inicio de Actividades: 01/03/2010",
        "CUIT: 20-12345678-6 Apellido y Nombre / Razón Social: Minimercado El Sol",
        "Condición frente al IVA: Responsable Inscripto Domicilio: Calle Falsa 123 - Rosario",
        "Condición de venta: Contado",
        "Código Producto / Servicio Cantidad U. Medida Precio Unit. % Bonif Subtotal Alícuota IVA Subtotal c/IVA",
        "ALM001 Yerba mate 1 kg 10,00 unidades 2.500,00 0,00 25.000,00 21% 30.250,00",
        "BEB002 Gaseosa cola 2,25 l 6,00 unidades 1.200,50 0,00 7.203,00 21% 8.715,63",
        "Importe Neto Gravado: $ 32.203,00",
        "IVA 27%: $ 0,00",
        "IVA 21%: $ 6.762,63",
        "IVA 10,5%: $ 0,00",
        "Importe Otros Tributos: $ 500,00",
        "Importe Total: $ 39.465,63",
        "CAE N°: 71234567890123 Fecha de Vto. de CAE: 22/11/2026",
    ];

    private static OcrInvoiceDto Read(params string[] lines) =>
        InvoiceAssembler.Assemble([InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(lines)))], NoTimings);

    [Fact]
    public void Read_TypeAInvoiceWithMergedColumns_ReadsEveryField()
    {
        var invoice = Read(TypeA);

        Assert.Equal("A", invoice.Type.Value);
        Assert.True(invoice.Type.Confidence >= 0.95);
        Assert.Equal(3, invoice.PointOfSale.Value);
        Assert.Equal(12345, invoice.Number.Value);
        Assert.Equal(new DateOnly(2026, 11, 12), invoice.IssueDate.Value);
        Assert.Equal("71234567890123", invoice.Cae.Value);
        Assert.Equal(new DateOnly(2026, 11, 22), invoice.CaeDueDate.Value);
        Assert.Equal("Distribuidora Los Andes S.A.", invoice.Issuer.Name.Value);
        Assert.Equal("Av. Rivadavia 1234 - CABA", invoice.Issuer.Address.Value);
        Assert.Equal("30-71234567-1", invoice.Issuer.Cuit.Value);
        Assert.True(invoice.Issuer.Cuit.Confidence >= 0.9);
        Assert.Equal("Responsable Inscripto", invoice.Issuer.IvaCondition.Value);
        Assert.Equal("Minimercado El Sol", invoice.Receiver.Name.Value);
        Assert.Equal("20-12345678-6", invoice.Receiver.Cuit.Value);
        Assert.Equal("Calle Falsa 123 - Rosario", invoice.Receiver.Address.Value);
        Assert.Equal(32203.00m, invoice.Subtotal.Value);
        Assert.Equal(6762.63m, Assert.Single(invoice.Iva, i => i.RatePercent == 21m).Amount);
        Assert.Equal(500m, invoice.OtherTaxes.Value);
        Assert.Equal(39465.63m, invoice.Total.Value);
        Assert.True(invoice.Total.Confidence >= 0.95, "the arithmetic closes, so the total is trusted");
        Assert.Equal(2, invoice.Lines.Count);
        var yerba = invoice.Lines[0];
        Assert.Equal(("ALM001", "Yerba mate 1 kg", 10m, 2500m, 25000m, 21m), (yerba.Code, yerba.Description, yerba.Quantity, yerba.UnitPrice, yerba.Amount, yerba.IvaRatePercent));
        Assert.DoesNotContain(invoice.Warnings, w => w.Code is "totales_no_cierran" or "detalle_no_cierra" or "campo_no_encontrado");
    }

    [Fact]
    public void Read_IssuerCuitWithWrongCheckDigit_WarnsAndDoesNotTrustIt()
    {
        var lines = TypeA.Select(l => l.Replace("30-71234567-1", "30-71234567-9", StringComparison.Ordinal)).ToArray();
        var invoice = Read(lines);
        // The issuer CUIT was 30-71234567-1 only if that is valid; whichever it is, a wrong digit must not be trusted.
        if (invoice.Issuer.Cuit.Value == "30712345679")
        {
            Assert.True(invoice.Issuer.Cuit.Confidence <= 0.3);
            Assert.Contains(invoice.Warnings, w => w.Code == "cuit_invalido" && w.Field == "issuer.cuit");
        }
        else
        {
            Assert.True(invoice.Issuer.Cuit.Confidence <= 0.75, "a CUIT fixed by a look-alike digit is a guess");
        }
    }

    [Fact]
    public void Read_TotalThatDoesNotAddUp_WarnsWithTheDifferenceAndLowersTheConfidence()
    {
        var lines = TypeA.Select(l => l.Replace("Importe Total: $ 39.465,63", "Importe Total: $ 39.965,63", StringComparison.Ordinal)).ToArray();
        var invoice = Read(lines);
        Assert.Equal(39965.63m, invoice.Total.Value);
        Assert.True(invoice.Total.Confidence <= 0.5);
        var warning = Assert.Single(invoice.Warnings, w => w.Code == "totales_no_cierran");
        Assert.Contains("500,00", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwoPassesDisagreeingOnTheTotal_TakesTheOneThatAddsUp()
    {
        var wrong = TypeA.Select(l => l.Replace("Importe Total: $ 39.465,63", "Importe Total: $ 39.485,63", StringComparison.Ordinal)).ToArray();
        var readings = new[] { InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(wrong))), InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(TypeA))) };
        var invoice = InvoiceAssembler.Assemble(readings, NoTimings);
        Assert.Equal(39465.63m, invoice.Total.Value);
        Assert.DoesNotContain(invoice.Warnings, w => w.Code == "totales_no_cierran");
    }

    [Fact]
    public void Read_TextThatIsNotAnInvoice_SaysSoAndHasLowConfidence()
    {
        var invoice = Read("Querida abuela:", "te escribo desde Mar del Plata, el mar está lindo.", "Besos, 12/01/2026");
        Assert.Contains(invoice.Warnings, w => w.Code == "no_parece_factura");
        Assert.True(invoice.Confidence < 0.3);
        Assert.Null(invoice.Total.Value);
    }

    [Fact]
    public void Read_EmptyPage_SaysThereIsNoText()
    {
        var invoice = Read();
        Assert.Contains(invoice.Warnings, w => w.Code == "sin_texto");
        Assert.Equal(0, invoice.Confidence);
    }

    [Fact]
    public void Read_OcrNoiseInLabelsAndDigits_StillReadsTheKeyFields()
    {
        var noisy = TypeA.Select(l => l
            .Replace("Emisión", "EMISION", StringComparison.Ordinal)
            .Replace("00012345", "OOO12345", StringComparison.Ordinal)
            .Replace("12/11/2026", "l2/11/2O26", StringComparison.Ordinal)
            .Replace("Domicilio Comercial: Av. Rivadavia 1234 - CABA", "Domicilio Comercial: Av. Rivadavia 1234 — CABA", StringComparison.Ordinal)).ToArray();
        var invoice = Read(noisy);
        Assert.Equal(12345, invoice.Number.Value);
        Assert.Equal(new DateOnly(2026, 11, 12), invoice.IssueDate.Value);
        Assert.Equal("Av. Rivadavia 1234 - CABA", invoice.Issuer.Address.Value);
    }
}
