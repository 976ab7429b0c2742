using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Tests.Deposito;

public class StockApiTests(DepositoFixture deposito) : IClassFixture<DepositoFixture>
{

    private async Task<int> MovementCountAsync(HttpClient client, int productId) =>
        (await client.GetFromJsonAsync<PagedResult<StockMovementDto>>($"/api/v1/products/{productId}/movements?pageSize=1"))!.Total;

    [Fact]
    public async Task Entrada_Is201WithBeforeAfterUserAndAgent()
    {
        var product = await deposito.ProductAsync(stock: 5);
        using var client = deposito.Client();

        var response = await DepositoFixture.MoveAsync(client, product.Id, "entrada", 12);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var movement = (await response.Content.ReadFromJsonAsync<StockMovementDto>())!;
        Assert.Equal((5, 17, 12, "entrada"), (movement.StockBefore, movement.StockAfter, movement.Quantity, movement.Kind));
        Assert.Equal(("maria", "console", product.Code), (movement.User, movement.Agent, movement.ProductCode));
        Assert.Equal(17, await deposito.StockAsync(product.Id));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(response.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task Salida_MoreThanInStock_Is409NamingQuantity_AndWritesNothing()
    {
        var product = await deposito.ProductAsync(stock: 3);
        using var client = deposito.Client();
        var movementsBefore = await MovementCountAsync(client, product.Id);

        var response = await DepositoFixture.MoveAsync(client, product.Id, "salida", -5);

        await Problems.AssertFieldAsync(response, HttpStatusCode.Conflict, "quantity");
        Assert.Contains("quedan 3, se piden 5", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await deposito.StockAsync(product.Id));
        Assert.Equal(movementsBefore, await MovementCountAsync(client, product.Id));
    }

    [Fact]
    public async Task SameKeySameBody_AppliesOnceAndReplaysTheFirstResult()
    {
        var product = await deposito.ProductAsync(stock: 10);
        using var client = deposito.Client();
        var key = Guid.NewGuid().ToString();

        var first = await DepositoFixture.MoveAsync(client, product.Id, "salida", -4, key);
        var second = await DepositoFixture.MoveAsync(client, product.Id, "salida", -4, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.Content.ReadFromJsonAsync<StockMovementDto>())!.Id, (await second.Content.ReadFromJsonAsync<StockMovementDto>())!.Id);
        Assert.Equal(6, await deposito.StockAsync(product.Id));
    }

    [Fact]
    public async Task SameKeyOtherBody_Is422AndAppliesNothing()
    {
        var product = await deposito.ProductAsync(stock: 10);
        using var client = deposito.Client();
        var key = Guid.NewGuid().ToString();
        (await DepositoFixture.MoveAsync(client, product.Id, "salida", -1, key)).EnsureSuccessStatusCode();

        var response = await DepositoFixture.MoveAsync(client, product.Id, "salida", -2, key);

        await Problems.AssertFieldAsync(response, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(9, await deposito.StockAsync(product.Id));
    }

    [Fact]
    public async Task MissingIdempotencyKey_Is400NamingTheHeader()
    {
        var product = await deposito.ProductAsync();
        using var client = deposito.Client();

        var response = await client.PostAsJsonAsync("/api/v1/stock/movements", new StockMovementRequest(product.Id, null, "entrada", 1, null, null, null));

        await Problems.AssertFieldAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Theory]
    [InlineData("compra", 5, "kind")]
    [InlineData(null, 5, "kind")]
    [InlineData("entrada", 0, "quantity")]
    [InlineData("entrada", -3, "quantity")]
    [InlineData("salida", 3, "quantity")]
    [InlineData("entrada", 100_001, "quantity")]
    [InlineData("ajuste", -2_000_000_000, "quantity")]
    [InlineData("transferencia", 2, "reference")]
    public async Task BadMovement_Is400NamingTheField_AndWritesNothing(string? kind, int quantity, string field)
    {
        var product = await deposito.ProductAsync(stock: 10);
        using var client = deposito.Client();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements")
        {
            Content = JsonContent.Create(new StockMovementRequest(product.Id, null, kind, quantity, null, null, null)),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await client.SendAsync(request);

        await Problems.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(10, await deposito.StockAsync(product.Id));
    }

    [Fact]
    public async Task NegativeUnitPriceOrMissingQuantity_Are400()
    {
        var product = await deposito.ProductAsync();
        using var client = deposito.Client();

        async Task<HttpResponseMessage> Send(string json)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            return await client.SendAsync(request);
        }

        await Problems.AssertFieldAsync(await Send($$"""{"productId":{{product.Id}},"kind":"entrada","quantity":1,"unitPrice":-10}"""), HttpStatusCode.BadRequest, "unitPrice");
        await Problems.AssertFieldAsync(await Send($$"""{"productId":{{product.Id}},"kind":"entrada"}"""), HttpStatusCode.BadRequest, "quantity");
        await Problems.AssertFieldAsync(await Send("""{"kind":"entrada","quantity":1}"""), HttpStatusCode.BadRequest, "productId");
        Assert.Equal(HttpStatusCode.BadRequest, (await Send("[1,2")).StatusCode);
    }

    [Fact]
    public async Task UnknownProduct_Is422NamingProductId_UnknownCode400()
    {
        using var client = deposito.Client();

        await Problems.AssertFieldAsync(await DepositoFixture.MoveAsync(client, 987654, "entrada", 1), HttpStatusCode.UnprocessableEntity, "productId");
        var byCode = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements")
        {
            Content = JsonContent.Create(new StockMovementRequest(null, "NOEXISTE1", "entrada", 1, null, null, 10m)),
        };
        byCode.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await Problems.AssertFieldAsync(await client.SendAsync(byCode), HttpStatusCode.BadRequest, "productCode");
    }

    [Fact]
    public async Task Movement_RoleGuardia_Is403_NoToken_Is401()
    {
        var product = await deposito.ProductAsync();
        using var guardia = deposito.Client(Roles.Guardia);
        using var anonymous = deposito.Agent.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await DepositoFixture.MoveAsync(guardia, product.Id, "entrada", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DepositoFixture.MoveAsync(anonymous, product.Id, "entrada", 1)).StatusCode);
    }

    [Fact]
    public async Task Batch_OneLineShort_RefusesTheWholeDelivery()
    {
        var a = await deposito.ProductAsync(stock: 5);
        var b = await deposito.ProductAsync(stock: 1);
        using var client = deposito.Client();

        var response = await SendBatchAsync(client, Guid.NewGuid().ToString(),
            new StockMovementRequest(a.Id, null, "salida", -2, "venta", null, null),
            new StockMovementRequest(b.Id, null, "salida", -3, "venta", null, null));

        await Problems.AssertFieldAsync(response, HttpStatusCode.Conflict, "lines[1].quantity");
        Assert.Equal(5, await deposito.StockAsync(a.Id));
        Assert.Equal(1, await deposito.StockAsync(b.Id));
    }

    [Fact]
    public async Task Batch_Valid_AppliesAllLinesOnce_EvenWhenRetried()
    {
        var a = await deposito.ProductAsync(stock: 0);
        var b = await deposito.ProductAsync(stock: 2);
        using var client = deposito.Client(Roles.Negocio, "agent:negocio");
        var key = "factura-" + Guid.NewGuid();
        StockMovementRequest[] lines =
        [
            new(a.Id, null, "entrada", 24, "compra", "0001-00012345", 850.5m),
            new(null, b.Code.ToLowerInvariant(), "entrada", 12, "compra", "0001-00012345", 1200m),
        ];

        var first = await SendBatchAsync(client, key, lines);
        var retry = await SendBatchAsync(client, key, lines);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var applied = (await first.Content.ReadFromJsonAsync<StockBatchDto>())!.Movements;
        Assert.Equal(2, applied.Count);
        Assert.All(applied, m => Assert.Equal("negocio", m.Agent));
        Assert.Equal(24, await deposito.StockAsync(a.Id));
        Assert.Equal(14, await deposito.StockAsync(b.Id));
    }

    [Fact]
    public async Task Batch_BadLine_Is400NamingTheLine()
    {
        var a = await deposito.ProductAsync(stock: 5);
        using var client = deposito.Client();

        var response = await SendBatchAsync(client, Guid.NewGuid().ToString(),
            new StockMovementRequest(a.Id, null, "entrada", 1, null, null, 10m),
            new StockMovementRequest(a.Id, null, "robo", 1, null, null, null));

        await Problems.AssertFieldAsync(response, HttpStatusCode.BadRequest, "lines[1].kind");
        await Problems.AssertFieldAsync(await SendBatchAsync(client, Guid.NewGuid().ToString()), HttpStatusCode.BadRequest, "lines");
        Assert.Equal(5, await deposito.StockAsync(a.Id));
    }

    [Fact]
    public async Task History_FiltersByKindAndProduct_NewestFirst()
    {
        var product = await deposito.ProductAsync(stock: 20);
        using var client = deposito.Client();
        (await DepositoFixture.MoveAsync(client, product.Id, "salida", -3, reason: "venta")).EnsureSuccessStatusCode();
        (await DepositoFixture.MoveAsync(client, product.Id, "salida", -2, reason: "venta")).EnsureSuccessStatusCode();

        var salidas = await client.GetFromJsonAsync<PagedResult<StockMovementDto>>($"/api/v1/stock/movements?productId={product.Id}&kind=salida");
        var all = await client.GetFromJsonAsync<PagedResult<StockMovementDto>>($"/api/v1/products/{product.Id}/movements");

        Assert.Equal([-2, -3], salidas!.Items.Select(m => m.Quantity));
        Assert.Equal(3, all!.Total);
        Assert.Equal(20 - 5, all.Items[0].StockAfter);
        await Problems.AssertFieldAsync(await client.GetAsync("/api/v1/stock/movements?kind=robo"), HttpStatusCode.BadRequest, "kind");
    }

    [Fact]
    public async Task Critical_UsesTheSeasonOfTheDate_WithDeficitAndQuantityToMax()
    {
        var category = await deposito.CategoryAsync();
        var product = await deposito.ProductAsync(stock: 12, min: 10, max: 50, categoryId: category.Id);
        using var client = deposito.Client();

        var summer = await client.GetFromJsonAsync<CriticalStockDto>("/api/v1/stock/critical?date=2026-01-15");
        var winter = await client.GetFromJsonAsync<CriticalStockDto>("/api/v1/stock/critical?date=2026-07-15");

        Assert.Equal(1.3m, summer!.SeasonalFactor);
        var line = Assert.Single(summer.Products, p => p.Id == product.Id);
        Assert.Equal((13m, 1, 38), (line.Threshold, line.Deficit, line.QuantityToMax));
        Assert.Equal(0.8m, winter!.SeasonalFactor);
        Assert.DoesNotContain(winter.Products, p => p.Id == product.Id);
    }

    [Fact]
    public async Task Valuation_SumsUnitsAndValuesOfTheCategory()
    {
        var category = await deposito.CategoryAsync();
        await deposito.ProductAsync(stock: 4, categoryId: category.Id);
        await deposito.ProductAsync(stock: 6, categoryId: category.Id);
        using var client = deposito.Client();

        var valuation = await client.GetFromJsonAsync<StockValuationDto>("/api/v1/stock/valuation");

        var line = Assert.Single(valuation!.Categories, c => c.Category == category.Name);
        Assert.Equal((2, 10L, 1005m, 1500m), (line.Products, line.Units, line.PurchaseValue, line.SaleValue));
    }

    [Fact]
    public async Task Metrics_CountMovementsByKindAndExportStockGauges()
    {
        var category = await deposito.CategoryAsync();
        await deposito.ProductAsync(stock: 3, categoryId: category.Id);
        using var client = deposito.Client();

        var text = await MiniMarket.Testing.Poll.UntilAsync(() => client.GetStringAsync("/metrics"),
            t => t.Contains($"deposito_productos_por_categoria{{categoria=\"{category.Name}\"}} 1", StringComparison.Ordinal)
                 && t.Contains($"deposito_stock_unidades{{categoria=\"{category.Name}\"}} 3", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "the stock gauges of the new category");

        Assert.Contains("deposito_productos_procesados_total{tipo=\"entrada\"}", text, StringComparison.Ordinal);
        Assert.Contains($"deposito_stock_valor_ars{{categoria=\"{category.Name}\"}} 301.5", text, StringComparison.Ordinal);
        Assert.Contains("deposito_productos_criticos ", text, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendBatchAsync(HttpClient client, string key, params StockMovementRequest[] lines)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements/batch") { Content = JsonContent.Create(new StockBatchRequest(lines)) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}

public class BackdatingTests(DepositoFixture deposito) : IClassFixture<DepositoFixture>
{
    private static HttpRequestMessage Dated(int productId, DateTimeOffset occurredAt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements")
        {
            Content = JsonContent.Create(new StockMovementRequest(productId, null, "entrada", 3, "compra", null, 10m, occurredAt)),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    [Fact]
    public async Task OccurredAt_Admin_DatesTheMovement()
    {
        var product = await deposito.ProductAsync();
        using var admin = deposito.Client(Roles.Admin, "admin");
        var when = DateTimeOffset.UtcNow.AddDays(-30);

        var response = await admin.SendAsync(Dated(product.Id, when));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(when.ToUnixTimeSeconds(), (await response.Content.ReadFromJsonAsync<StockMovementDto>())!.CreatedAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task OccurredAt_EncargadoOrFutureOrTooOld_Is400NamingIt()
    {
        var product = await deposito.ProductAsync();
        using var encargado = deposito.Client();
        using var admin = deposito.Client(Roles.Admin, "admin");

        foreach (var (client, when) in new[] { (encargado, DateTimeOffset.UtcNow.AddDays(-1)), (admin, DateTimeOffset.UtcNow.AddDays(2)), (admin, DateTimeOffset.UtcNow.AddDays(-500)) })
        {
            var response = await client.SendAsync(Dated(product.Id, when));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("occurredAt", out _));
        }
        Assert.Equal(0, await deposito.StockAsync(product.Id));
    }
}
