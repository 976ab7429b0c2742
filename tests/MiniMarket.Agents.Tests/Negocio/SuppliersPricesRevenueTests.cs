using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Negocio;

/// <summary>Suppliers (CUIT rules), prices under inflation and markup, revenue real and projected, and the correlation id.</summary>
[Collection(NegocioTests.Name)]
public class SuppliersPricesRevenueTests(NegocioFixture stack)
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"names '{field}': {body}");
        return problem;
    }

    [Fact]
    public async Task Suppliers_CreateEditDeactivate_WithCuitChecked()
    {
        using var negocio = stack.Client(stack.Negocio);
        var cuit = stack.NewCuit();
        var created = await negocio.PostAsJsonAsync("/api/v1/suppliers", new SupplierRequest(" Lácteos del Sur SA ", cuit, "IVA Responsable Inscripto", "Juan", null, "011 4444-5555", ["Lácteos", "lácteos", "Quesos"]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var supplier = (await created.Content.ReadFromJsonAsync<SupplierDto>())!;
        Assert.Equal(("Lácteos del Sur SA", Cuit.Parse(cuit).ToString(), "Responsable Inscripto"), (supplier.Name, supplier.Cuit, supplier.IvaCondition));
        Assert.Equal(["Lácteos", "Quesos"], supplier.Supplies);

        await ProblemAsync(await negocio.PostAsJsonAsync("/api/v1/suppliers", new SupplierRequest("Otro", Cuit.Parse(cuit).ToString(), "RI", null, null, null, null)), HttpStatusCode.Conflict, "cuit");
        var wrongDigit = cuit[..10] + (char)('0' + (cuit[10] - '0' + 1) % 10);
        var bad = await ProblemAsync(await negocio.PostAsJsonAsync("/api/v1/suppliers", new SupplierRequest("Otro", wrongDigit, "RI", null, null, null, null)), HttpStatusCode.BadRequest, "cuit");
        Assert.Contains("verificador", bad.GetProperty("detail").GetString());
        await ProblemAsync(await negocio.PostAsJsonAsync("/api/v1/suppliers", new SupplierRequest(null, stack.NewCuit(), "RI", null, null, null, null)), HttpStatusCode.BadRequest, "name");
        await ProblemAsync(await negocio.PostAsJsonAsync("/api/v1/suppliers", new SupplierRequest("X", stack.NewCuit(), "Jubilado", null, null, null, null)), HttpStatusCode.BadRequest, "ivaCondition");
        await ProblemAsync(await negocio.PostAsJsonAsync("/api/v1/suppliers", new SupplierRequest("X", stack.NewCuit(), "RI", null, "no-es-correo", null, null)), HttpStatusCode.BadRequest, "email");

        var edited = await negocio.PutAsJsonAsync($"/api/v1/suppliers/{supplier.Id}", new SupplierRequest("Lácteos del Sur SA", cuit, "RI", "Juana", "compras@sur.test", null, ["Lácteos"]));
        Assert.Equal("Juana", (await edited.Content.ReadFromJsonAsync<SupplierDto>())!.ContactName);
        var found = (await negocio.GetFromJsonAsync<PagedResult<SupplierDto>>($"/api/v1/suppliers?q={cuit[2..8]}"))!;
        Assert.Equal(supplier.Id, found.Items.Single().Id);
        var deactivated = await negocio.PostAsync($"/api/v1/suppliers/{supplier.Id}/deactivate", null);
        Assert.False((await deactivated.Content.ReadFromJsonAsync<SupplierDto>())!.Active);
        var active = (await negocio.GetFromJsonAsync<PagedResult<SupplierDto>>("/api/v1/suppliers?active=true&pageSize=200"))!;
        Assert.DoesNotContain(active.Items, s => s.Id == supplier.Id);
    }

    [Fact]
    public async Task Price_AtALaterDate_GrowsWithInflationAndAppliesTheCategoryMarkup()
    {
        using var negocio = stack.Client(stack.Negocio);
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var category = "Precios " + tag;
        var product = await stack.ProductAsync($"PR{tag}", $"Aceite {tag}", await stack.CategoryAsync(category), 1, 10, stock: 5, purchase: 1000m, sale: 1400m);
        var markup = await negocio.PutAsJsonAsync($"/api/v1/prices/markups/{Uri.EscapeDataString(category)}", new MarkupRequest(40m));
        Assert.Equal(HttpStatusCode.OK, markup.StatusCode);

        var today = BuenosAiresTime.Today(TimeProvider.System);
        var price = (await negocio.GetFromJsonAsync<PriceDto>($"/api/v1/prices/{product.Id}?date={today.AddDays(61):yyyy-MM-dd}"))!;
        Assert.Equal((1000m, 61, 4.5m, "configuracion"), (price.LastPurchaseCost, price.DaysSincePurchase, price.MonthlyInflationPercent, price.InflationSource));
        var expected = InflationAdjustedCost.At(new Ars(1000m), MonthlyInflation.Create(4.5m), 61).RoundToCents().Amount;
        Assert.Equal(expected, price.ReplacementCost);
        Assert.InRange(price.ReplacementCost, 1090m, 1095m); // two months at 4,5 %: about 9,2 %
        Assert.Equal(40m, price.MarkupPercent);
        Assert.Equal(SalePrice.From(new Ars(expected), 40m).Amount, price.SuggestedSalePrice);
        Assert.Equal(1400m, price.CurrentSalePrice);
        Assert.Equal(Math.Round((1400m - expected) / 1400m * 100m, 2), price.MarginPercent);

        // Categories compare without case: a markup set as lower case applies and replaces the same row.
        await negocio.PutAsJsonAsync($"/api/v1/prices/markups/{Uri.EscapeDataString(category.ToLowerInvariant())}", new MarkupRequest(40m));
        Assert.Equal(40m, (await negocio.GetFromJsonAsync<PriceDto>($"/api/v1/prices/{product.Id}"))!.MarkupPercent);
        var markups = (await negocio.GetFromJsonAsync<List<CategoryMarkupDto>>("/api/v1/prices/markups"))!;
        Assert.Single(markups, m => string.Equals(m.Category, category, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(markups, m => m.Category == category && m.MarkupPercent == 40m && !m.IsDefault);
        await ProblemAsync(await negocio.PutAsJsonAsync($"/api/v1/prices/markups/{Uri.EscapeDataString(category)}", new MarkupRequest(-5m)), HttpStatusCode.BadRequest, "markupPercent");
        await ProblemAsync(await negocio.GetAsync($"/api/v1/prices/{product.Id}?date=1990-01-01"), HttpStatusCode.BadRequest, "date");
        Assert.Equal(HttpStatusCode.NotFound, (await negocio.GetAsync("/api/v1/prices/999999")).StatusCode);
    }

    [Fact]
    public async Task Revenue_Today_IsRealFromSalesAndProjectionUnknownWithoutModel()
    {
        using var negocio = stack.Client(stack.Negocio);
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var product = await stack.ProductAsync($"RV{tag}", $"Chocolate {tag}", await stack.CategoryAsync("Ventas " + tag), 1, 100, stock: 50, purchase: 100m, sale: 250m);
        var before = (await negocio.GetFromJsonAsync<RevenueTodayDto>("/api/v1/revenue/today"))!;
        await stack.MoveAsync(product.Id, "salida", -4, "venta");
        await stack.MoveAsync(product.Id, "salida", -1, "rotura"); // waste is not a sale
        var after = (await negocio.GetFromJsonAsync<RevenueTodayDto>("/api/v1/revenue/today"))!;
        Assert.Equal(before.RealArs + 1000m, after.RealArs);
        Assert.Equal(before.UnitsSold + 4, after.UnitsSold);
        // ml is up but has no trained model: the projection is unknown, not zero.
        Assert.Null(after.ProjectedArs);
        Assert.Equal("desconocido", after.ProjectionStatus);

        var daily = (await negocio.GetFromJsonAsync<RevenueHistoryDto>("/api/v1/revenue/daily"))!;
        Assert.Equal(30, daily.Days.Count);
        Assert.Equal(after.RealArs, daily.Days[^1].RevenueArs);
        await ProblemAsync(await negocio.GetAsync("/api/v1/revenue/daily?from=2026-01-10&to=2026-01-01"), HttpStatusCode.BadRequest, "from");

        // The gauges: real revenue exported; the projection absent (no series), never 0.
        var metrics = await Poll.UntilAsync(() => stack.Negocio.CreateClient().GetStringAsync("/metrics"),
            text => MetricsText.Value(text, "negocio_ventas_hoy_ars") >= (double)after.RealArs, TimeSpan.FromSeconds(20), "today's revenue gauge");
        Assert.DoesNotContain("\nnegocio_ventas_proyectadas_hoy_ars ", metrics);
        Assert.True(MetricsText.Value(metrics, "negocio_stock_critico_productos") >= 0);
    }

    [Fact]
    public async Task Calls_CarryTheCorrelationIdToTheOtherAgents()
    {
        using var negocio = stack.Client(stack.Negocio);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/revenue/today");
        request.Headers.Add(Correlation.Header, "prueba-correlacion-42");
        var response = await negocio.SendAsync(request);
        Assert.Equal("prueba-correlacion-42", response.Headers.GetValues(Correlation.Header).Single());

        // Error answers carry it too, in the header and in the ProblemDetails.
        var missing = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/invoices/{Guid.NewGuid()}");
        missing.Headers.Add(Correlation.Header, "prueba-404");
        var notFound = await negocio.SendAsync(missing);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("prueba-404", notFound.Headers.GetValues(Correlation.Header).Single());
        Assert.Equal("prueba-404", (await notFound.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("correlationId").GetString());

        // A call without one gets one; an invalid one is replaced.
        var fresh = await negocio.GetAsync("/api/v1/suppliers");
        Assert.Matches("^[0-9a-f]{32}$", fresh.Headers.GetValues(Correlation.Header).Single());
        var hostile = new HttpRequestMessage(HttpMethod.Get, "/api/v1/suppliers");
        hostile.Headers.TryAddWithoutValidation(Correlation.Header, "a b\"c{}");
        Assert.NotEqual("a b\"c{}", (await negocio.SendAsync(hostile)).Headers.GetValues(Correlation.Header).Single());

        // The handler puts the current id on outgoing calls (what negocio does to deposito and ml).
        var seen = new List<string>();
        using var client = new HttpClient(new CorrelationHandler { InnerHandler = new Recorder(seen) });
        using (Correlation.Begin("job-7"))
        {
            await client.GetAsync("http://127.0.0.1:9/");
        }
        Assert.Equal(["job-7"], seen);
    }

    private sealed class Recorder(List<string> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Headers.GetValues(Correlation.Header).Single());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
