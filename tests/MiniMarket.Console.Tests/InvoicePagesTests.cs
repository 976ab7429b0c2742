using System.Globalization;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Components.Pages.Invoices;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MudBlazor;
using MudBlazor.Services;

namespace MiniMarket.Console.Tests;

/// <summary>Facturas: upload, lists, and a draft — doubtful fields, product matching, refusals by field, confirmation.</summary>
public sealed class InvoicePagesTests : IAsyncLifetime
{
    private static readonly Guid DraftId = Guid.Parse("0b1f7f5e-3c7a-4d2b-9a55-6b2c3f6f0a11");
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakeDepositoClient _deposito = new();
    private readonly FakeNegocioClient _negocio = new();

    public InvoicePagesTests()
    {
        _bunit.Services.AddSingleton<IDepositoClient>(_deposito);
        _bunit.Services.AddSingleton<INegocioClient>(_negocio);
        _bunit.SignIn("encargado");
        _bunit.RenderProviders();
        _deposito.Products.Add(Answers.Product(31, "YER-1", "Yerba 1 kg"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private static InvoiceDto Draft(string state = "borrador", int? productId = null, IReadOnlyList<InvoiceIssueDto>? problems = null) => new(
        DraftId, state, "ocr", "A", 3, 1234, "0003-00001234", new DateOnly(2026, 11, 20), "71234567890123", new DateOnly(2026, 11, 30),
        new InvoicePartyDto("Distribuidora Sur SA", "30-71234567-1", "Responsable Inscripto", null), new InvoicePartyDto("MiniMarket", null, null, null),
        [new InvoiceLineDto("Y1", "YERBA MATE 1KG", 10, 1000m, 10000m, 21m, 0.55, productId, productId is null ? null : "YER-1", productId is null ? null : "Yerba 1 kg", productId is null ? null : "codigo", productId is null ? 0 : 1)],
        10000m, [new InvoiceIvaLineDto(21m, 2100m)], 0m, 12100m, Guid.NewGuid(), "Distribuidora Sur SA", 0.83,
        new Dictionary<string, double> { ["total"] = 0.62, ["issuer.cuit"] = 0.97, ["number"] = 0.91 },
        [], problems ?? [], 1, "encargado", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
        state == "confirmada" ? "encargado" : null, state == "confirmada" ? DateTimeOffset.UtcNow : null, state == "confirmada" ? 10 : null);

    private IRenderedComponent<InvoicePage> OpenDraft() => _bunit.Render<InvoicePage>(p => p.Add(x => x.Id, DraftId));

    [Fact]
    public void List_ShowsDraftsFirst_AndTheTabsAskForEachState()
    {
        _negocio.InvoiceList.Add(new InvoiceSummaryDto(DraftId, "borrador", "ocr", "A", "0003-00001234", new DateOnly(2026, 11, 20), "Distribuidora Sur SA",
            "30-71234567-1", null, 12100m, 3, 1, 0.83, DateTimeOffset.UtcNow, null));

        var page = _bunit.Render<Invoices>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=invoices] tbody tr")));
        var row = page.Find("[data-testid=invoices] tbody tr").TextContent;
        Assert.Contains("$ 12.100,00", row, StringComparison.Ordinal);
        Assert.Contains("1 sin producto", row, StringComparison.Ordinal);
        Assert.Contains("83 %", row, StringComparison.Ordinal);
        Assert.Equal("borrador", _negocio.InvoiceStates.Last());
    }

    [Fact]
    public async Task Upload_AnImage_OpensTheDraftNegocioMade_ANonImageIsRefusedWithoutCallingIt()
    {
        _negocio.UploadAnswer = Answers.Ok(Draft());
        var page = _bunit.Render<Invoices>();

        var input = page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>();
        input.UploadFiles(InputFileContent.CreateFromText("hola", "notas.txt", contentType: "text/plain"));
        page.WaitForAssertion(() => Assert.Contains("no es una imagen PNG o JPEG", page.Find("[data-testid=upload-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_negocio.Uploads);

        input.UploadFiles(InputFileContent.CreateFromBinary([0x89, 0x50, 0x4E, 0x47, 1, 2, 3], "factura.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.Single(_negocio.Uploads));
        Assert.Equal("image/png", _negocio.Uploads[0].ContentType);
        await Task.Yield();
        Assert.EndsWith($"facturas/{DraftId}", _bunit.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Draft_HighlightsWhatTheOcrDoubts_AndShowsTheImageThroughTheConsole()
    {
        _negocio.Invoice = Answers.Ok(Draft(problems: [new InvoiceIssueDto("lines[0].productId", "La línea 1 no tiene producto.")]));

        var page = OpenDraft();

        page.WaitForElement("[data-testid=invoice-header]");
        Assert.Contains("confianza del OCR 62 %", page.Find("[data-testid=invoice-header]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll(".mm-doubtful")); // total (62 %) and the line (55 %)
        Assert.Equal($"facturas/{DraftId}/imagen", page.Find("[data-testid=invoice-image] img").GetAttribute("src"));
        Assert.Contains("La línea 1 no tiene producto.", page.Find("[data-testid=invoice-problems]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Confirm_SavesTheCorrectionsFirst_AndARefusalListsEveryReasonByField()
    {
        _negocio.Invoice = Answers.Ok(Draft(productId: 31));
        _negocio.ConfirmAnswer = Answers.Refused<InvoiceDto>(422, "La factura no cumple las reglas de AFIP",
            ("lines[0].amount", "El importe de la línea 1 no es cantidad × precio (10 × $ 1.000,00 = $ 10.000,00)."),
            ("total", "El total no es subtotal + IVA + otros ($ 12.100,00)."));
        var page = OpenDraft();
        page.WaitForElement("[data-testid=confirm-invoice]");
        page.Find("[data-field=total] input, input[data-field=total]").Change("12.000");

        page.Find("[data-testid=confirm-invoice]").Click();

        page.WaitForAssertion(() => Assert.Contains("No se puede confirmar la factura", page.Find("[data-testid=invoice-problems]").TextContent, StringComparison.Ordinal));
        var problems = page.Find("[data-testid=invoice-problems]").TextContent;
        Assert.Contains("El importe de la línea 1 no es cantidad × precio", problems, StringComparison.Ordinal);
        Assert.Contains("El total no es subtotal + IVA + otros", problems, StringComparison.Ordinal);
        // negocio counts lines from 0: lines[0] is the first line, whose amount says why beside it.
        Assert.Contains("El importe de la línea 1 no es cantidad × precio", page.Find("[data-testid=invoice-line] td:nth-child(4)").TextContent, StringComparison.Ordinal);
        Assert.Equal(12000m, Assert.Single(_negocio.Updates).Total); // saved before confirming
        Assert.Equal(31, _negocio.Updates[0].Lines![0].ProductId);
        Assert.Equal(1, _negocio.Confirmations);
    }

    [Fact]
    public void Confirm_Accepted_SaysHowManyUnitsEnteredStock_AndTheDraftIsNoLongerEditable()
    {
        _negocio.Invoice = Answers.Ok(Draft(productId: 31));
        _negocio.ConfirmAnswer = Answers.Ok(Draft("confirmada", productId: 31));
        var page = OpenDraft();
        page.WaitForElement("[data-testid=confirm-invoice]");

        page.Find("[data-testid=confirm-invoice]").Click();

        page.WaitForAssertion(() => Assert.Contains("entraron 10 unidades al stock", page.Find("[data-testid=confirmed]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=confirm-invoice]"));
    }

    [Fact]
    public void MatchingALine_SendsTheChosenProduct()
    {
        var form = InvoiceForm.From(Draft());
        Assert.Null(form.ToRequest().Lines![0].ProductId);
        Assert.True(form.IsDoubtful("total"));
        Assert.False(form.IsDoubtful("issuer.cuit"));
        Assert.Null(form.ConfidenceOf("cae")); // not read by the OCR: nothing to say
        form.Lines[0].ProductId = 31;
        var request = form.ToRequest();
        Assert.Equal(31, request.Lines![0].ProductId);
        Assert.Equal(new DateOnly(2026, 11, 20), request.IssueDate);
        Assert.Equal("30-71234567-1", request.Issuer!.Cuit);
    }

    [Fact]
    public async Task LineProductSearch_FindsActiveProducts_AndWhenDepositoDoesNotAnswer_ThePageSaysSo()
    {
        _negocio.Invoice = Answers.Ok(Draft());
        var page = OpenDraft();
        var search = "[data-testid=line-product] input";
        page.WaitForElement(search);

        await page.InvokeAsync(() => page.Find(search).Input("yer")); // found and typed in one go: the list redraws under it

        page.WaitForAssertion(() => Assert.Contains(_deposito.Queries, q => q is { Text: "yer", Active: true }), TimeSpan.FromSeconds(5));
        Assert.Empty(page.FindAll("[data-testid=search-error]"));

        _deposito.ListAnswer = _ => Answers.Down<PagedResult<ProductDto>>("deposito");
        await page.InvokeAsync(() => page.Find(search).Input("leche")); // found and typed in one go: the list redraws under it

        page.WaitForAssertion(() => Assert.Contains("No se pudieron buscar productos: El agente deposito no responde",
            page.Find("[data-testid=search-error]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Lines_OneTheOcrMissedIsAdded_AndOneItReadWrongIsRemoved_BeforeSaving()
    {
        _negocio.Invoice = Answers.Ok(Draft(productId: 31));
        _negocio.UpdateAnswer = Answers.Ok(Draft(productId: 31));
        var page = OpenDraft();
        page.WaitForElement("[data-testid=add-line]");

        // MudBlazor's buttons hand the click on asynchronously: each step waits for the page to show it.
        await page.InvokeAsync(() => page.Find("[data-testid=add-line]").Click());
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=invoice-line]").Count));
        var added = page.FindAll("[data-testid=invoice-line]")[1];
        Assert.Contains("cargada o corregida a mano", added.TextContent, StringComparison.Ordinal);
        await page.InvokeAsync(() => page.Find("input[data-field='lines[1].quantity'], [data-field='lines[1].quantity'] input").Change("6"));
        await page.InvokeAsync(() => page.Find("input[data-field='lines[1].unitPrice'], [data-field='lines[1].unitPrice'] input").Change("500"));
        await page.InvokeAsync(() => page.Find("input[data-field='lines[1].amount'], [data-field='lines[1].amount'] input").Change("3.000"));
        await page.InvokeAsync(() => page.FindAll("[data-testid=remove-line]")[0].Click());
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=invoice-line]")));
        await page.InvokeAsync(() => page.Find("[data-testid=save-invoice]").Click());

        page.WaitForAssertion(() => Assert.Single(_negocio.Updates));
        var line = Assert.Single(_negocio.Updates[0].Lines!);
        Assert.Equal((6m, 500m, 3000m, (int?)null), (line!.Quantity, line.UnitPrice, line.Amount, line.ProductId));
    }

    [Fact]
    public async Task Iva_AmountsAreCorrected_AndARateAdded_ARowHalfTypedIsSaidBesideItAndNotSent()
    {
        _negocio.Invoice = Answers.Ok(Draft(productId: 31));
        _negocio.UpdateAnswer = Answers.Ok(Draft(productId: 31));
        var page = OpenDraft();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=iva-row]")));

        await page.InvokeAsync(() => page.Find("input[data-field='iva[0].amount'], [data-field='iva[0].amount'] input").Change("1.995"));
        await page.InvokeAsync(() => page.Find("[data-testid=add-iva]").Click());
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=iva-row]").Count));
        await page.InvokeAsync(() => page.Find("[data-testid=save-invoice]").Click());

        page.WaitForAssertion(() => Assert.Contains("Elija la alícuota del IVA 2.", page.Find("[data-testid=invoice-problems]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Falta el importe del IVA 2.", page.FindAll("[data-testid=iva-row]")[1].TextContent, StringComparison.Ordinal);
        Assert.Empty(_negocio.Updates);

        await page.InvokeAsync(() => page.FindAll("[data-testid=remove-iva]")[1].Click());
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=iva-row]")));
        await page.InvokeAsync(() => page.Find("[data-testid=save-invoice]").Click());

        page.WaitForAssertion(() => Assert.Single(_negocio.Updates));
        var iva = Assert.Single(_negocio.Updates[0].Iva!);
        Assert.Equal(new InvoiceIvaLineDto(21m, 1995m), iva);
    }

    [Fact]
    public async Task LineIvaRate_IsCorrected_AndARefusalNamingItLightsItUp()
    {
        _negocio.Invoice = Answers.Ok(Draft(productId: 31));
        _negocio.ConfirmAnswer = Answers.Refused<InvoiceDto>(422, "La factura no cumple las reglas de AFIP",
            ("lines[0].ivaRatePercent", "El IVA de la línea 1 no coincide con el discriminado."));
        var page = OpenDraft();
        page.WaitForElement("[data-testid=invoice-line]");
        var rate = page.FindComponents<MudSelect<decimal?>>()
            .Single(c => c.Instance.UserAttributes.TryGetValue("data-field", out var f) && Equals(f, "lines[0].ivaRatePercent"));
        Assert.Contains("value=\"21\"", rate.Markup, StringComparison.Ordinal); // the rate the OCR read

        await page.InvokeAsync(() => rate.Instance.ValueChanged.InvokeAsync(10.5m));
        page.Find("[data-testid=confirm-invoice]").Click();

        page.WaitForAssertion(() => Assert.Contains("El IVA de la línea 1 no coincide", page.Find("[data-testid=invoice-line]").TextContent, StringComparison.Ordinal));
        Assert.Equal(10.5m, Assert.Single(_negocio.Updates).Lines![0]!.IvaRatePercent);
    }

    [Fact]
    public void NegocioDown_TheInvoiceSaysSo()
    {
        var page = OpenDraft();

        page.WaitForAssertion(() => Assert.Contains("El agente negocio no responde", page.Find("[data-testid=agent-error]").TextContent, StringComparison.Ordinal));
    }
}
