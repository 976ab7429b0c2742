using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Tests.Fuzz;

/// <summary>
/// The holes a hostile tester found, each as a request that must be refused by field with nothing written: values in the
/// right type but never valid, references to rows that do not exist, bodies too big or of the wrong kind.
/// </summary>
[Collection(FuzzGroup.Name)]
public sealed class RefusalTests(FuzzAgents stack)
{
    private static async Task<JsonElement> RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the refusal names '{field}': {body}");
        return problem;
    }

    [Theory]
    [InlineData("pointOfSale", -1)]
    [InlineData("pointOfSale", 100000)]
    [InlineData("number", 100000000)]
    [InlineData("number", 0)]
    public async Task InvoiceDraft_NumberOutsideAfipRanges_RefusedByField(string field, int value)
    {
        var before = await stack.FingerprintAsync();
        var invoice = JsonSerializer.SerializeToNode(FuzzData.Invoice(stack.Data.Supplier.Cuit, stack.Data.Product, stack.NewCuit(), 9001), JsonSerializerOptions.Web)!;
        invoice[field] = value;

        await RefusedAsync(await stack.Admin["negocio"].PostAsync("/api/v1/invoices", Json(invoice.ToJsonString())), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await stack.FingerprintAsync());
    }

    [Theory]
    [InlineData("cae", "7612345678901A", "cae")]
    [InlineData("cae", "123", "cae")]
    [InlineData("iva", """[{"ratePercent": -21, "amount": 252}]""", "iva[0].ratePercent")]
    [InlineData("iva", """[{"ratePercent": 5, "amount": 60}]""", "iva[0].ratePercent")]
    [InlineData("lines", """[{"code": "X", "description": "Y", "quantity": 1, "unitPrice": 10, "amount": 10, "ivaRatePercent": -10.5, "productId": null}]""", "lines[0].ivaRatePercent")]
    [InlineData("issueDate", "\"9999-12-31\"", "issueDate")]
    public async Task InvoiceDraft_NeverValidValue_RefusedByField(string property, string value, string field)
    {
        var before = await stack.FingerprintAsync();
        var invoice = JsonSerializer.SerializeToNode(FuzzData.Invoice(stack.Data.Supplier.Cuit, stack.Data.Product, stack.NewCuit(), 9002), JsonSerializerOptions.Web)!;
        invoice[property] = value.StartsWith('[') || value.StartsWith('"') ? System.Text.Json.Nodes.JsonNode.Parse(value) : value;

        await RefusedAsync(await stack.Admin["negocio"].PostAsync("/api/v1/invoices", Json(invoice.ToJsonString())), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await stack.FingerprintAsync());
    }

    [Fact]
    public async Task InvoiceDraft_OnlyUnknownFields_RefusedNamingThem()
    {
        var before = await stack.FingerprintAsync();

        await RefusedAsync(await stack.Admin["negocio"].PostAsync("/api/v1/invoices", Json("""{"hola": 1}""")), HttpStatusCode.BadRequest, "hola");
        Assert.Equal(before, await stack.FingerprintAsync());
    }

    [Fact]
    public async Task Movement_QuantityAsString_Refused_NothingMoves()
    {
        var before = await stack.FingerprintAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements")
        {
            Content = Json($$"""{"productId": {{stack.Data.Product.Id}}, "kind": "salida", "quantity": "-1", "reason": "venta"}"""),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        await RefusedAsync(await stack.Admin["deposito"].SendAsync(request), HttpStatusCode.BadRequest, "quantity");
        Assert.Equal(before, await stack.FingerprintAsync());
    }

    [Theory]
    [InlineData("%25")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("No existe")]
    public async Task Markup_ForACategoryDepositoDoesNotHave_404NamingCategory_NothingStored(string category)
    {
        var before = await stack.FingerprintAsync();

        await RefusedAsync(await stack.Admin["negocio"].PutAsJsonAsync($"/api/v1/prices/markups/{category}", new MarkupRequest(40m)), HttpStatusCode.NotFound, "category");
        Assert.Equal(before, await stack.FingerprintAsync());
    }

    [Fact]
    public async Task Markup_ForACategoryDepositoHas_StoredUnderDepositosSpelling()
    {
        var response = await stack.Admin["negocio"].PutAsJsonAsync($"/api/v1/prices/markups/{Uri.EscapeDataString(stack.Data.OtherCategory.Name.ToUpperInvariant())}", new MarkupRequest(42m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stack.Data.OtherCategory.Name, (await response.Content.ReadFromJsonAsync<CategoryMarkupDto>())!.Category);
    }

    [Fact]
    public async Task Product_WithASupplierNegocioDoesNotHave_RefusedNamingSupplierId()
    {
        var before = await stack.FingerprintAsync();
        var request = new ProductRequest("FZS000001", "Con proveedor inventado", null, stack.Data.Category.Id, null, 1, 10, 100m, 150m, Guid.NewGuid());

        await RefusedAsync(await stack.Admin["deposito"].PostAsJsonAsync("/api/v1/products", request), HttpStatusCode.BadRequest, "supplierId");
        Assert.Equal(before, await stack.FingerprintAsync());
    }

    [Fact]
    public async Task Negocio_TwentyMegabyteBody_413BeforeReadingIt()
    {
        var huge = "{\"name\":\"" + new string('x', 20 * 1024 * 1024) + "\"}";

        await RefusedAsync(await stack.Admin["negocio"].PostAsync("/api/v1/suppliers", Json(huge)), HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public async Task Ocr_WithoutAnImageMediaType_415NamingImage(string? type)
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = type is null ? null : new MediaTypeHeaderValue(type);

        await RefusedAsync(await stack.Admin["ml"].PostAsync("/api/v1/ocr/invoices", content), HttpStatusCode.UnsupportedMediaType, "image");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
