using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;
using MiniMarket.InvoiceCorpus;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Negocio;

/// <summary>Invoices from photo (real OCR) or typed, to confirmed stock, with every refusal a person would meet.</summary>
[Collection(NegocioTests.Name)]
public class InvoicesApiTests(NegocioFixture stack)
{
    private const string Invoices = "/api/v1/invoices";

    /// <summary>A supplier (registered with <paramref name="cuit"/>) and two products to put on an invoice.</summary>
    private async Task<(SupplierDto Supplier, ProductDto First, ProductDto Second)> SetUpAsync(HttpClient negocio, string cuit)
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var category = await stack.CategoryAsync("Facturas " + tag);
        var first = await stack.ProductAsync($"FAC{tag}1", $"Fideos moño {tag}", category, 5, 200, stock: 10);
        var second = await stack.ProductAsync($"FAC{tag}2", $"Arroz doble {tag}", category, 5, 200, stock: 4);
        var supplier = await CreateSupplierAsync(negocio, cuit, "Responsable Inscripto");
        return (supplier, first, second);
    }

    private static async Task<SupplierDto> CreateSupplierAsync(HttpClient negocio, string cuit, string iva)
    {
        var response = await negocio.PostAsJsonAsync("/api/v1/suppliers", new SupplierRequest("Distribuidora " + cuit[^4..], cuit, iva, null, null, null, []));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SupplierDto>())!;
    }

    /// <summary>A factura A of 12 × first at 100 and 6 × second at 250: neto 2.700, IVA 21 % 567, total 3.267.</summary>
    private InvoiceRequest TypedA(string issuerCuit, ProductDto first, ProductDto second, int number, decimal? total = null, decimal secondAmount = 1500m) => new(
        "A", 3, number, new DateOnly(2026, 11, 20), "76123456789012", new DateOnly(2026, 11, 30),
        new InvoicePartyDto("Distribuidora " + issuerCuit[^4..], issuerCuit, "Responsable Inscripto", "Av. Siempreviva 742"),
        new InvoicePartyDto("Minimercado El Sol SRL", stack.NewCuit(), "Responsable Inscripto", "Calle 1"),
        [
            new InvoiceLineRequest(first.Code, first.Name, 12, 100m, 1200m, 21m, null),
            new InvoiceLineRequest(null, second.Name, 6, 250m, secondAmount, 21m, null),
        ],
        2700m, [new InvoiceIvaLineDto(21m, 567m)], 0m, total ?? 3267m, null);

    private static async Task<InvoiceDto> CreateAsync(HttpClient negocio, InvoiceRequest request)
    {
        var response = await negocio.PostAsJsonAsync(Invoices, request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<InvoiceDto>())!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Draft_IssuerCheckedAgainstTheSupplierWithThatCuit()
    {
        using var negocio = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit();
        var (supplier, first, second) = await SetUpAsync(negocio, cuit);
        var typed = TypedA(cuit, first, second, 3001);

        var same = await CreateAsync(negocio, typed with { Issuer = typed.Issuer! with { Name = supplier.Name.ToUpperInvariant() } });
        var missing = await CreateAsync(negocio, typed with { Number = 3002, Issuer = typed.Issuer! with { Name = null } });
        var other = await CreateAsync(negocio, typed with { Number = 3003, Issuer = typed.Issuer! with { Name = "Otra Empresa SA" } });

        Assert.DoesNotContain(same.Warnings, w => w.Field == "issuer.name");
        Assert.Equal(supplier.Name, missing.Issuer.Name);
        Assert.Contains(missing.Warnings, w => w.Code == "dato_del_proveedor" && w.Field == "issuer.name");
        Assert.Equal("Otra Empresa SA", other.Issuer.Name);
        Assert.Contains(other.Warnings, w => w.Code == "nombre_distinto_del_proveedor" && w.Message.Contains(supplier.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Confirm_TypedInvoice_EntersStockOnceRecordsPricesAndReprices()
    {
        using var negocio = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit();
        var (supplier, first, second) = await SetUpAsync(negocio, cuit);
        var draft = await CreateAsync(negocio, TypedA(cuit, first, second, 1001));

        Assert.Equal("borrador", draft.State);
        Assert.Equal(supplier.Id, draft.SupplierId);
        Assert.Equal(["codigo", "nombre"], draft.Lines.Select(l => l.Match));
        Assert.Equal([first.Id, second.Id], draft.Lines.Select(l => l.ProductId!.Value));
        Assert.Empty(draft.Problems);

        var confirmed = await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var body = (await confirmed.Content.ReadFromJsonAsync<InvoiceDto>())!;
        Assert.Equal("confirmada", body.State);
        Assert.Equal(18, body.UnitsEntered);
        Assert.Equal(10 + 12, (await stack.GetProductAsync(first.Id)).Stock);
        Assert.Equal(4 + 6, (await stack.GetProductAsync(second.Id)).Stock);

        // Purchase price recorded, deposito repriced at cost + the default markup (35 %).
        var repriced = await stack.GetProductAsync(second.Id);
        Assert.Equal(250m, repriced.PurchasePrice);
        Assert.Equal(337.5m, repriced.SalePrice);
        var history = (await negocio.GetFromJsonAsync<List<PurchasePriceDto>>($"/api/v1/prices/{second.Id}/history"))!;
        Assert.Equal((250m, "factura", new DateOnly(2026, 11, 20)), (history[0].UnitCost, history[0].Source, history[0].Date));

        // Confirming again answers the same confirmation and enters nothing.
        var again = await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(22, (await stack.GetProductAsync(first.Id)).Stock);
    }

    /// <summary>
    /// deposito is away for the price update right after the stock entered: the invoice is confirmed, its prices stay
    /// pending, and negocio's background job (Negocio:PriceSyncInterval, 2 s here) sends them once deposito answers again.
    /// </summary>
    [Fact]
    public async Task Confirm_PriceUpdateRefused_IsSentAgainByTheBackgroundJob()
    {
        using var negocio = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit();
        var (_, first, second) = await SetUpAsync(negocio, cuit);
        var draft = await CreateAsync(negocio, TypedA(cuit, first, second, 6006));
        var refusedBefore = stack.RefusePriceUpdates.Lost;
        stack.RefusePriceUpdates.Arm(3); // the confirmation's first update and its two retries

        var confirmed = await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(3, stack.RefusePriceUpdates.Lost - refusedBefore);
        var repriced = await stack.GetProductAsync(second.Id);
        for (var i = 0; i < 80 && repriced.PurchasePrice != 250m; i++)
        {
            await Task.Delay(250);
            repriced = await stack.GetProductAsync(second.Id);
        }
        Assert.Equal((250m, 337.5m), (repriced.PurchasePrice, repriced.SalePrice));
    }

    [Fact]
    public async Task Confirm_RetriedAfterLostAnswers_AppliesOnce()
    {
        using var negocio = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit();
        var (_, first, second) = await SetUpAsync(negocio, cuit);
        var draft = await CreateAsync(negocio, TypedA(cuit, first, second, 2002));

        // deposito applies the batch but every answer (the first try and both retries) is lost: 503, still a draft.
        stack.LoseDepositoAnswers.Arm(3);
        var timedOut = await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null);
        var problem = await ProblemAsync(timedOut, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("deposito", problem.GetProperty("dependency").GetString());
        Assert.NotNull(timedOut.Headers.RetryAfter);
        Assert.Equal("borrador", (await negocio.GetFromJsonAsync<InvoiceDto>($"{Invoices}/{draft.Id}"))!.State);
        Assert.Equal(22, (await stack.GetProductAsync(first.Id)).Stock); // entered once, by the first attempt

        // The person retries: deposito answers the first result for the same key, nothing enters twice.
        stack.LoseDepositoAnswers.Arm(0);
        var retried = await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("confirmada", (await retried.Content.ReadFromJsonAsync<InvoiceDto>())!.State);
        Assert.Equal(22, (await stack.GetProductAsync(first.Id)).Stock);
        Assert.Equal(10, (await stack.GetProductAsync(second.Id)).Stock);
    }

    [Fact]
    public async Task Confirm_SameInvoiceTwice_IsRefusedAsDuplicate()
    {
        using var negocio = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit();
        var (_, first, second) = await SetUpAsync(negocio, cuit);
        var original = await CreateAsync(negocio, TypedA(cuit, first, second, 3003));
        Assert.Equal(HttpStatusCode.OK, (await negocio.PostAsync($"{Invoices}/{original.Id}/confirm", null)).StatusCode);

        var copy = await CreateAsync(negocio, TypedA(cuit, first, second, 3003));
        var refused = await negocio.PostAsync($"{Invoices}/{copy.Id}/confirm", null);
        var problem = await ProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("0003-00003003", problem.GetProperty("errors").GetProperty("number")[0].GetString());
        Assert.Equal(original.Id.ToString(), problem.GetProperty("duplicateOf").GetString());
        Assert.Equal(22, (await stack.GetProductAsync(first.Id)).Stock);
        Assert.Equal("borrador", (await negocio.GetFromJsonAsync<InvoiceDto>($"{Invoices}/{copy.Id}"))!.State);
    }

    [Fact]
    public async Task Confirm_TotalsThatDoNotAddUp_IsRefusedNamingTheLinesAndNothingEnters()
    {
        using var negocio = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit();
        var (_, first, second) = await SetUpAsync(negocio, cuit);
        // Line 2 says 1.600 for 6 × 250, and the total is 4.000 for parts that make 3.267.
        var draft = await CreateAsync(negocio, TypedA(cuit, first, second, 4004, total: 4000m, secondAmount: 1600m));
        Assert.Contains(draft.Problems, p => p.Field == "lines[1].amount");

        var refused = await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null);
        var problem = await ProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        Assert.Contains("línea 2", errors.GetProperty("lines[1].amount")[0].GetString());
        Assert.True(errors.TryGetProperty("total", out _), problem.ToString());
        Assert.False(errors.TryGetProperty("lines[0].amount", out _), "line 1 adds up");
        Assert.Equal(10, (await stack.GetProductAsync(first.Id)).Stock);

        // Corrected by the person, it confirms.
        var fixedRequest = TypedA(cuit, first, second, 4004);
        var edited = await negocio.PutAsJsonAsync($"{Invoices}/{draft.Id}", fixedRequest);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var afterEdit = (await edited.Content.ReadFromJsonAsync<InvoiceDto>())!;
        Assert.Empty(afterEdit.Problems);
        Assert.Equal(1, afterEdit.Confidence["total"]);
        Assert.Equal(HttpStatusCode.OK, (await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null)).StatusCode);
    }

    [Fact]
    public async Task Confirm_WithDepositoDown_Is503AndTheDraftStays()
    {
        using var working = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit();
        var (_, first, second) = await SetUpAsync(working, cuit);
        var draft = await CreateAsync(working, TypedA(cuit, first, second, 5005));

        await using var cutOff = stack.CreateNegocio(new Uri("http://127.0.0.1:9/"), stack.MlUrl);
        using var negocio = stack.Client(cutOff);
        var response = await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null);
        var problem = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("deposito", problem.GetProperty("dependency").GetString());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("borrador", (await working.GetFromJsonAsync<InvoiceDto>($"{Invoices}/{draft.Id}"))!.State);
        Assert.Equal(10, (await stack.GetProductAsync(first.Id)).Stock);
        Assert.Empty((await working.GetFromJsonAsync<List<PurchasePriceDto>>($"/api/v1/prices/{first.Id}/history"))!);
    }

    [Fact]
    public async Task Confirm_UnmatchedLineOrUnknownSupplier_IsRefusedWithEachProblem()
    {
        using var negocio = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit(); // never registered as a supplier
        var tag = Guid.NewGuid().ToString("N")[..6];
        var draft = await CreateAsync(negocio, new InvoiceRequest("B", 7, 70, new DateOnly(2026, 11, 21), "76123456789012", new DateOnly(2026, 12, 1),
            new InvoicePartyDto("Kiosco " + tag, cuit, "Responsable Inscripto", null), new InvoicePartyDto("Minimercado", null, "Monotributista", null),
            [new InvoiceLineRequest("ZZ" + tag, "Producto que no existe " + tag, 2.5m, 100m, 250m, null, null)], 250m, [], 0m, 250m, null));
        Assert.Null(draft.Lines[0].ProductId);

        var problem = await ProblemAsync(await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null), HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("lines[0].productId", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("lines[0].quantity", out _), "2.5 units cannot enter stock: " + problem);
        Assert.Contains(Cuit.Parse(cuit).ToString(), errors.GetProperty("supplierId")[0].GetString());
    }

    [Fact]
    public async Task Confirm_SupplierThatIsNotTheIssuer_IsRefused()
    {
        using var negocio = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit();
        var (_, first, second) = await SetUpAsync(negocio, cuit);
        var other = await CreateSupplierAsync(negocio, stack.NewCuit(), "RI");
        var draft = await CreateAsync(negocio, TypedA(cuit, first, second, 8008) with { SupplierId = other.Id });
        var problem = await ProblemAsync(await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no es el emisor", problem.GetProperty("errors").GetProperty("supplierId")[0].GetString());
        Assert.Equal(10, (await stack.GetProductAsync(first.Id)).Stock);
    }

    [Fact]
    public async Task Discard_Draft_IsFinalAndConfirmedCannotBeDiscarded()
    {
        using var negocio = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit();
        var (_, first, second) = await SetUpAsync(negocio, cuit);
        var draft = await CreateAsync(negocio, TypedA(cuit, first, second, 6006));
        var discarded = await negocio.PostAsync($"{Invoices}/{draft.Id}/discard", null);
        Assert.Equal("descartada", (await discarded.Content.ReadFromJsonAsync<InvoiceDto>())!.State);
        await ProblemAsync(await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null), HttpStatusCode.Conflict);
        await ProblemAsync(await negocio.PutAsJsonAsync($"{Invoices}/{draft.Id}", TypedA(cuit, first, second, 6006)), HttpStatusCode.Conflict);

        var other = await CreateAsync(negocio, TypedA(cuit, first, second, 6007));
        Assert.Equal(HttpStatusCode.OK, (await negocio.PostAsync($"{Invoices}/{other.Id}/confirm", null)).StatusCode);
        await ProblemAsync(await negocio.PostAsync($"{Invoices}/{other.Id}/discard", null), HttpStatusCode.Conflict);

        var drafts = (await negocio.GetFromJsonAsync<PagedResult<InvoiceSummaryDto>>($"{Invoices}?state=borrador&pageSize=200"))!;
        Assert.DoesNotContain(drafts.Items, i => i.Id == draft.Id || i.Id == other.Id);
    }

    [Fact]
    public async Task FromImage_GeneratedInvoice_DraftMatchesAndConfirmsIntoStock()
    {
        // The first corpus invoice sold in units only (kilograms cannot enter a unit stock without a person deciding).
        var truth = Enumerable.Range(1, 300).Select(InvoiceCorpus.InvoiceCorpus.Truth)
            .First(t => t.Lines.All(l => l.Unit == "unidades") && t.Lines.Count >= 3 && t.Receiver.IvaCondition == IvaCondition.ResponsableInscripto);
        var image = InvoiceCorpus.InvoiceCorpus.Render(truth, 11, DegradationKinds.Clean);
        using var negocio = stack.Client(stack.Negocio);
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var category = await stack.CategoryAsync("Corpus " + tag);
        var products = new List<ProductDto>();
        for (var i = 0; i < truth.Lines.Count; i++)
            products.Add(await stack.ProductAsync($"OCR{tag}{i}", truth.Lines[i].Description, category, 1, 1000, stock: 5));
        await CreateSupplierAsync(negocio, truth.Issuer.Cuit.Digits, truth.Issuer.IvaCondition.DisplayName());

        var content = new ByteArrayContent(image.Image);
        content.Headers.ContentType = new MediaTypeHeaderValue(image.ContentType);
        var response = await negocio.PostAsync($"{Invoices}/ocr", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var draft = (await response.Content.ReadFromJsonAsync<InvoiceDto>())!;
        Assert.Equal(truth.Type.Letter(), draft.Type);
        Assert.Equal(truth.FullNumber, draft.DisplayNumber);
        Assert.Equal(truth.Total, draft.Total);
        Assert.Equal(truth.Issuer.Cuit.ToString(), draft.Issuer.Cuit);
        Assert.NotNull(draft.SupplierId);
        Assert.Equal(1, draft.ImagePages);
        Assert.True(draft.Confidence["total"] > 0.5);
        Assert.Equal(products.Select(p => p.Id), draft.Lines.Select(l => l.ProductId ?? 0));
        Assert.True(draft.Problems.Count == 0, string.Join(" | ", draft.Problems.Select(p => p.Field + ": " + p.Message)));
        // The person corrects a field (the address, to one the OCR cannot have read) and puts the name as printed: what changed
        // becomes certain, what the OCR already read right keeps its confidence, matches stay.
        var nameRead = (draft.Issuer.Name, draft.Confidence["issuer.name"]);
        var corrected = await negocio.PutAsJsonAsync($"{Invoices}/{draft.Id}",
            ToRequest(draft) with { Issuer = draft.Issuer with { Name = truth.Issuer.Name, Address = "Av. Corregida 123 - Rosario" } });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        draft = (await corrected.Content.ReadFromJsonAsync<InvoiceDto>())!;
        Assert.Equal(("Av. Corregida 123 - Rosario", 1.0), (draft.Issuer.Address, draft.Confidence["issuer.address"]));
        Assert.Equal((truth.Issuer.Name, nameRead.Item1 == truth.Issuer.Name ? nameRead.Item2 : 1.0), (draft.Issuer.Name, draft.Confidence["issuer.name"]));
        Assert.Equal(products.Select(p => p.Id), draft.Lines.Select(l => l.ProductId ?? 0));
        Assert.DoesNotContain(draft.Lines, l => l.Match == "manual");
        var stored = await negocio.GetAsync($"{Invoices}/{draft.Id}/image");
        Assert.Equal(image.ContentType, stored.Content.Headers.ContentType?.MediaType);

        var confirmed = await negocio.PostAsync($"{Invoices}/{draft.Id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        for (var i = 0; i < products.Count; i++)
            Assert.Equal(5 + (int)truth.Lines[i].Quantity, (await stack.GetProductAsync(products[i].Id)).Stock);

        var metrics = await stack.Negocio.CreateClient().GetStringAsync("/metrics");
        Assert.True(MetricsText.Value(metrics, "negocio_facturas_procesadas_total{resultado=\"borrador\"}") >= 1);
        Assert.True(MetricsText.Value(metrics, "negocio_facturas_confirmadas_total") >= 1);
        Assert.True(MetricsText.Value(metrics, "negocio_ocr_confianza_ratio_count") >= 1);
    }

    private static InvoiceRequest ToRequest(InvoiceDto d) => new(d.Type, d.PointOfSale, d.Number, d.IssueDate, d.Cae, d.CaeDueDate, d.Issuer, d.Receiver,
        d.Lines.Select(l => new InvoiceLineRequest(l.Code, l.Description, l.Quantity, l.UnitPrice, l.Amount, l.IvaRatePercent, l.ProductId)).ToList(),
        d.Subtotal, d.Iva, d.OtherTaxes, d.Total, d.SupplierId);

    [Fact]
    public async Task FromImage_BadUploads_AreProblemsNamingTheImage()
    {
        using var negocio = stack.Client(stack.Negocio);
        static ByteArrayContent Body(byte[] bytes, string type)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            return content;
        }
        foreach (var (content, status) in new[]
                 {
                     (Body([], "image/png"), HttpStatusCode.BadRequest),
                     (Body("hola"u8.ToArray(), "text/plain"), HttpStatusCode.UnsupportedMediaType),
                     (Body("%PDF-1.7 no es una imagen"u8.ToArray(), "image/png"), HttpStatusCode.BadRequest),
                 })
        {
            var problem = await ProblemAsync(await negocio.PostAsync($"{Invoices}/ocr", content), status);
            Assert.True(problem.GetProperty("errors").TryGetProperty("image", out _), problem.ToString());
        }

        await using var small = stack.CreateNegocio(stack.DepositoUrl, stack.MlUrl, ("Negocio:MaxImageBytes", "2048"));
        using var limited = stack.Client(small);
        await ProblemAsync(await limited.PostAsync($"{Invoices}/ocr", Body(new byte[4096], "image/png")), HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>An upload sent again after a lost answer, with its Idempotency-Key, gets the first draft back (no second one).</summary>
    [Fact]
    public async Task FromImage_SameIdempotencyKey_AnswersTheFirstDraft_AnotherPhotoWithItIs409()
    {
        using var negocio = stack.Client(stack.Negocio);
        var key = "foto-" + Guid.NewGuid().ToString("N");
        HttpRequestMessage Upload((byte[] Image, string ContentType) photo, string withKey)
        {
            var content = new ByteArrayContent(photo.Image);
            content.Headers.ContentType = new MediaTypeHeaderValue(photo.ContentType);
            var request = new HttpRequestMessage(HttpMethod.Post, $"{Invoices}/ocr") { Content = content };
            request.Headers.Add("Idempotency-Key", withKey);
            return request;
        }
        var photo = InvoiceCorpus.InvoiceCorpus.Generate(5, DegradationKinds.Clean);
        var before = (await negocio.GetFromJsonAsync<PagedResult<InvoiceSummaryDto>>($"{Invoices}?pageSize=1"))!.Total;

        var first = await negocio.SendAsync(Upload((photo.Image, photo.ContentType), key));
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var draft = (await first.Content.ReadFromJsonAsync<InvoiceDto>())!;
        var again = await negocio.SendAsync(Upload((photo.Image, photo.ContentType), key));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(draft.Id, (await again.Content.ReadFromJsonAsync<InvoiceDto>())!.Id);
        Assert.Equal(before + 1, (await negocio.GetFromJsonAsync<PagedResult<InvoiceSummaryDto>>($"{Invoices}?pageSize=1"))!.Total);

        var other = InvoiceCorpus.InvoiceCorpus.Generate(6, DegradationKinds.Clean);
        var conflict = await ProblemAsync(await negocio.SendAsync(Upload((other.Image, other.ContentType), key)), HttpStatusCode.Conflict);
        Assert.True(conflict.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        var tooLong = await ProblemAsync(await negocio.SendAsync(Upload((photo.Image, photo.ContentType), new string('k', 61))), HttpStatusCode.BadRequest);
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(before + 1, (await negocio.GetFromJsonAsync<PagedResult<InvoiceSummaryDto>>($"{Invoices}?pageSize=1"))!.Total);
    }

    [Fact]
    public async Task FromImage_MlDown_Is503AndNothingIsStored()
    {
        await using var cutOff = stack.CreateNegocio(stack.DepositoUrl, new Uri("http://127.0.0.1:9/"));
        using var negocio = stack.Client(cutOff);
        var before = (await negocio.GetFromJsonAsync<PagedResult<InvoiceSummaryDto>>($"{Invoices}?pageSize=1"))!.Total;
        var image = InvoiceCorpus.InvoiceCorpus.Generate(3, DegradationKinds.Clean);
        var content = new ByteArrayContent(image.Image);
        content.Headers.ContentType = new MediaTypeHeaderValue(image.ContentType);
        var response = await negocio.PostAsync($"{Invoices}/ocr", content);
        var problem = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("ml", problem.GetProperty("dependency").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(before, (await negocio.GetFromJsonAsync<PagedResult<InvoiceSummaryDto>>($"{Invoices}?pageSize=1"))!.Total);
    }

    [Fact]
    public async Task Requests_BadInput_AreProblemDetailsNamingTheField()
    {
        using var negocio = stack.Client(stack.Negocio);
        var invalidType = await negocio.PostAsync(Invoices, JsonContent.Create(new { type = "X" }));
        Assert.True((await ProblemAsync(invalidType, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("type", out _));
        var wrongJson = await negocio.PostAsync(Invoices, new StringContent("""{"pointOfSale":"uno"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True((await ProblemAsync(wrongJson, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("pointOfSale", out _));
        var nullIva = await negocio.PostAsync(Invoices, new StringContent("""{"type":"A","iva":[null]}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True((await ProblemAsync(nullIva, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("iva[0]", out _));
        var huge = await negocio.PostAsync(Invoices, new StringContent("""{"type":"A","total":12345678901234567.5}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True((await ProblemAsync(huge, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("total", out _));
        var badState = await negocio.GetAsync($"{Invoices}?state=pagada");
        Assert.True((await ProblemAsync(badState, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("state", out _));
        await ProblemAsync(await negocio.GetAsync($"{Invoices}/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        using var guardia = stack.Client(stack.Negocio, Roles.Guardia);
        Assert.Equal(HttpStatusCode.OK, (await guardia.GetAsync(Invoices)).StatusCode); // the on-call reads, during an incident
        await ProblemAsync(await guardia.PostAsync($"{Invoices}/{Guid.NewGuid()}/discard", null), HttpStatusCode.Forbidden);
        using var encargado = stack.Client(stack.Negocio);
        await ProblemAsync(await encargado.PostAsJsonAsync($"{Invoices}/history", new InvoiceRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null)), HttpStatusCode.Forbidden);
    }
}
