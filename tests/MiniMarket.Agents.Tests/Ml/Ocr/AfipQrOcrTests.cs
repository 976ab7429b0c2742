using MiniMarket.Agents.Ml.Ocr;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.InvoiceCorpus;
using OpenCvSharp;
using static MiniMarket.Agents.Tests.Ml.Ocr.InvoiceFieldExtractorTests;

namespace MiniMarket.Agents.Tests.Ml.Ocr;

/// <summary>
/// AFIP's QR code: found and decoded on generated invoices (encoded by QRCoder, decoded by OpenCV's WeChat decoder: two
/// implementations), and its values standing for the key fields, with a warning when the print was read as another.
/// </summary>
public class AfipQrOcrTests
{
    private static readonly OcrTimingsDto NoTimings = new(0, 0, 0, 0, 0, 0, 1);

    // The invoice InvoiceFieldExtractorTests' TypeA prints: 30-71234567-1, A, 0003-00012345, 12/11/2026, 39.465,63.
    private static readonly string[] Printed =
    [
        "Distribuidora Los Andes S.A. #A FACTURA",
        "COD. 01 Punto de Venta: 00003 Comp. Nro: 00012345",
        "Razón Social: Distribuidora Los Andes S.A. Fecha de Emisión: 12/11/2026",
        "Domicilio Comercial: Av. Rivadavia 1234 - CABA CUIT: 30-71234567-1",
        "Condición frente al IVA: IVA Responsable Inscripto",
        "CUIT: 20-12345678-6 Apellido y Nombre / Razón Social: Minimercado El Sol",
        "Código Producto / Servicio Cantidad U. Medida Precio Unit. % Bonif Subtotal Alícuota IVA Subtotal c/IVA",
        "ALM001 Yerba mate 1 kg 10,00 unidades 2.500,00 0,00 25.000,00 21% 30.250,00",
        "BEB002 Gaseosa cola 2,25 l 6,00 unidades 1.200,50 0,00 7.203,00 21% 8.715,63",
        "Importe Neto Gravado: $ 32.203,00",
        "IVA 21%: $ 6.762,63",
        "Importe Otros Tributos: $ 500,00",
        "Importe Total: $ 39.465,63",
        "CAE N°: 71234567890123 Fecha de Vto. de CAE: 22/11/2026",
    ];

    private static AfipQr Qr(int pointOfSale = 3, int number = 12345, decimal total = 39465.63m, int type = 1, string currency = AfipQr.Pesos) =>
        new(new DateOnly(2026, 11, 12), Cuit.Parse("30-71234567-1"), pointOfSale, type, number, total, currency, 1m, AfipQr.CuitDocumentType, 20123456786, "E", "71234567890123");

    private static OcrInvoiceDto Assemble(AfipQr? qr, string[] lines, string? qrError = null)
    {
        var reading = InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(lines)));
        reading.AfipQr = qr;
        reading.AfipQrError = qrError;
        return InvoiceAssembler.Assemble([reading], NoTimings);
    }

    [Fact]
    public void Assemble_QrAgreeingWithThePrint_ConfirmsTheKeyFieldsWithoutWarnings()
    {
        var invoice = Assemble(Qr(), Printed);

        Assert.Equal("A", invoice.Type.Value);
        Assert.Equal((3, 12345), (invoice.PointOfSale.Value, invoice.Number.Value));
        Assert.Equal(new DateOnly(2026, 11, 12), invoice.IssueDate.Value);
        Assert.Equal("30-71234567-1", invoice.Issuer.Cuit.Value);
        Assert.Equal(39465.63m, invoice.Total.Value);
        Assert.All(new[] { invoice.Type.Confidence, invoice.Number.Confidence, invoice.IssueDate.Confidence, invoice.Issuer.Cuit.Confidence, invoice.Total.Confidence },
            c => Assert.Equal(InvoiceAssembler.QrConfidence, c));
        Assert.DoesNotContain(invoice.Warnings, w => w.Code.StartsWith("qr_", StringComparison.Ordinal));
        Assert.Equal(32203m, invoice.Subtotal.Value);
        Assert.Equal(3, invoice.AfipQr?.PointOfSale);
        Assert.Equal("20-12345678-6", invoice.AfipQr?.ReceiverCuit);
    }

    [Fact]
    public void Assemble_PrintReadAsAnotherNumber_TakesTheQrsAndSaysWhereTheyDiffer()
    {
        // "90003" for "00003": a digit misread, or an invoice whose print is not what AFIP authorised; either way the person is told.
        var misread = Printed.Select(l => l.Replace("Punto de Venta: 00003", "Punto de Venta: 90003", StringComparison.Ordinal)).ToArray();

        var invoice = Assemble(Qr(), misread);

        Assert.Equal(3, invoice.PointOfSale.Value);
        var warning = Assert.Single(invoice.Warnings, w => w.Code == "qr_distinto");
        Assert.Equal("number", warning.Field);
        Assert.Contains("0003-00012345", warning.Message, StringComparison.Ordinal);
        Assert.Contains("90003-00012345", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_TotalThatAddsUpButDiffersFromTheQr_KeepsTheQrsAndWarns()
    {
        var invoice = Assemble(Qr(total: 39965.63m), Printed);

        Assert.Equal(39965.63m, invoice.Total.Value);
        Assert.Contains(invoice.Warnings, w => w.Code == "qr_distinto" && w.Field == "total" && w.Message.Contains("39.465,63", StringComparison.Ordinal));
        Assert.Contains(invoice.Warnings, w => w.Code == "totales_no_cierran");
    }

    [Fact]
    public void Assemble_QrOfACreditNote_SaysItIsNoFacturaAndKeepsThePrintedType()
    {
        var invoice = Assemble(Qr(type: 3), Printed);

        Assert.Equal("A", invoice.Type.Value);
        Assert.Contains(invoice.Warnings, w => w.Code == "qr_no_es_factura" && w.Message.Contains('3', StringComparison.Ordinal));
    }

    [Fact]
    public void Assemble_QrInDollars_KeepsThePrintedAmountsAndSaysTheCurrency()
    {
        var invoice = Assemble(Qr(total: 35.20m, currency: "DOL"), Printed);

        Assert.Equal(39465.63m, invoice.Total.Value);
        Assert.Contains(invoice.Warnings, w => w.Code == "qr_moneda" && w.Message.Contains("DOL", StringComparison.Ordinal));
    }

    [Fact]
    public void Assemble_BrokenAfipQr_SaysWhyAndReadsThePrint()
    {
        var invoice = Assemble(null, Printed, "El CUIT del código QR de AFIP no es válido.");

        Assert.Equal("30-71234567-1", invoice.Issuer.Cuit.Value);
        Assert.Null(invoice.AfipQr);
        Assert.Contains(invoice.Warnings, w => w.Code == "qr_invalido" && w.Message.Contains("CUIT", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(InvoiceLayouts.Afip, DegradationKinds.Clean, 31)]
    [InlineData(InvoiceLayouts.ErpGrilla, DegradationKinds.Rotated, 32)]
    [InlineData(InvoiceLayouts.TresColumnas, DegradationKinds.LowRes, 33)]
    [InlineData(InvoiceLayouts.Encabezado2Lineas, DegradationKinds.Photographed, 34)]
    public void Prepare_GeneratedInvoice_DecodesItsAfipQr(string layout, string kind, int seed)
    {
        var invoice = InvoiceCorpus.InvoiceCorpus.Generate(seed, kind, layout);

        var page = new InvoiceImagePreprocessor().Prepare(invoice.Pages[^1]);

        var qr = Assert.Single(page.QrCodes.Select(t => AfipQr.TryParse(t, out var q, out _, out _) ? q : null).OfType<AfipQr>());
        Assert.Equal(invoice.Truth.ToAfipQr(), qr);
    }

    [Fact]
    public void Prepare_ReadQrOff_LooksForNone()
    {
        var invoice = InvoiceCorpus.InvoiceCorpus.Generate(31, DegradationKinds.Clean, InvoiceLayouts.Afip);

        Assert.Empty(new InvoiceImagePreprocessor().Prepare(invoice.Pages[^1], readQr: false).QrCodes);
    }

    [Fact]
    public void Decode_PageWithoutQr_FindsNothing()
    {
        using var blank = new Mat(2000, 1400, MatType.CV_8UC1, Scalar.White);
        Cv2.PutText(blank, "Factura sin QR", new Point(100, 300), HersheyFonts.HersheySimplex, 3, Scalar.Black, 5);
        Cv2.Rectangle(blank, new Rect(100, 1500, 300, 300), Scalar.Black, -1);

        Assert.Empty(AfipQrReader.Decode(blank));
    }
}
