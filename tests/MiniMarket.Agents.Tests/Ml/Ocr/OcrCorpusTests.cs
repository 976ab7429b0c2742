using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;
using MiniMarket.InvoiceCorpus;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Ml.Ocr;

/// <summary>
/// Generated invoices (known truth) through the real endpoint, OpenCV and Tesseract: what a store manager's upload
/// gets back. Accuracy over hundreds of pages is the benchmark's job (tests/MiniMarket.Benchmarks --only ocr).
/// </summary>
[Collection(OcrTests.Name)]
public class OcrCorpusTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private async Task<OcrInvoiceDto> ReadAsync(SyntheticInvoice invoice)
    {
        await using var agent = new AgentsFactory("ml", database.ConnectionString);
        using var client = agent.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agent.TokenFor("negocio", Roles.Negocio));
        using var content = new ByteArrayContent(invoice.Image);
        content.Headers.ContentType = new MediaTypeHeaderValue(invoice.ContentType);
        using var response = await client.PostAsync("/api/v1/ocr/invoices", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OcrInvoiceDto>())!;
    }

    private static int KeyFieldsRight(InvoiceTruth truth, OcrInvoiceDto read) => new[]
    {
        read.Issuer.Cuit.Value == truth.Issuer.Cuit.ToString(),
        read.Type.Value == truth.Type.Letter(),
        read.PointOfSale.Value == truth.PointOfSale && read.Number.Value == truth.Number,
        read.IssueDate.Value == truth.IssueDate,
        read.Total.Value == truth.Total,
    }.Count(right => right);

    [Theory]
    [InlineData(1001)]
    [InlineData(1002)]
    public async Task Read_CleanScan_EveryKeyFieldExactWithTimingsAndNoArithmeticWarning(int seed)
    {
        var invoice = InvoiceCorpus.InvoiceCorpus.Generate(seed, DegradationKinds.Clean);
        var read = await ReadAsync(invoice);

        Assert.Equal(5, KeyFieldsRight(invoice.Truth, read));
        Assert.Equal(invoice.Truth.Receiver.Cuit.ToString(), read.Receiver.Cuit.Value);
        Assert.True(invoice.Truth.Cae == read.Cae.Value, "CAE: " + string.Join(" / ", read.RawText.Split('\n').Where(l => l.Contains("CAE", StringComparison.OrdinalIgnoreCase))));
        Assert.True(read.Total.Confidence >= 0.95, "the total adds up, so it is confirmed");
        Assert.DoesNotContain(read.Warnings, w => w.Code is "totales_no_cierran" or "cuit_invalido");
        Assert.Equal(invoice.Truth.Lines.Count, read.Lines.Count);
        Assert.True(read.Timings.RecognizeMs > 0 && read.Timings.TotalMs >= read.Timings.RecognizeMs);
        Assert.Contains("importe total", read.RawText, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Each layout the corpus prints (AFIP's own, the header in three columns, the ERP grid, the column header in two
    /// lines), clean: the five key fields, every line exact and none extra, and the issuer's name and IVA condition.
    /// </summary>
    [Theory]
    [InlineData(InvoiceLayouts.Afip, 1002)]
    [InlineData(InvoiceLayouts.TresColumnas, 1002)]
    [InlineData(InvoiceLayouts.ErpGrilla, 1003)]
    [InlineData(InvoiceLayouts.Encabezado2Lineas, 1005)]
    public async Task Read_EachLayout_EveryLineAndTheIssuer(string layout, int seed)
    {
        var invoice = InvoiceCorpus.InvoiceCorpus.Generate(seed, DegradationKinds.Clean, layout, InvoicePaging.OnePage);
        var read = await ReadAsync(invoice);
        var score = InvoiceScore.Of(invoice.Truth, read);

        Assert.True(score.AllKeyFields, layout + ": missed " + string.Join(", ", score.MissedKeyFields));
        Assert.True(score.AllLinesExact, $"{layout}: {score.LinesExact} of {score.TruthLines} lines exact, {score.ReadLines} read");
        Assert.True(score.IssuerNameExact, $"{layout}: issuer '{read.Issuer.Name.Value}' for '{invoice.Truth.Issuer.Name}'");
        Assert.True(score.IssuerIvaConditionExact, $"{layout}: IVA '{read.Issuer.IvaCondition.Value}' for {invoice.Truth.Issuer.IvaCondition}");
        Assert.DoesNotContain(read.Warnings, w => w.Code is "detalle_no_cierra" or "linea_dudosa");
    }

    [Theory]
    [InlineData(DegradationKinds.Photographed, 1003)]
    [InlineData(DegradationKinds.Rotated, 1004)]
    [InlineData(DegradationKinds.Shadow, 1005)]
    public async Task Read_DegradedPhoto_StillGetsTheKeyFields(string kind, int seed)
    {
        var invoice = InvoiceCorpus.InvoiceCorpus.Generate(seed, kind);
        var read = await ReadAsync(invoice);
        Assert.True(KeyFieldsRight(invoice.Truth, read) >= 4, $"{kind}: {KeyFieldsRight(invoice.Truth, read)} of 5 key fields right");
    }
}
