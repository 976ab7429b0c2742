using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Tests.Deposito;

/// <summary>The corners a review found: each answers with a 4xx naming the field, never a 500, and never lies about stock.</summary>
public class EdgeCaseTests(DepositoFixture deposito) : IClassFixture<DepositoFixture>
{

    private static HttpRequestMessage Post(string path, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task EditsWhileSelling_NeverFail_AndNeverTouchTheStock()
    {
        var product = await deposito.ProductAsync(stock: 100);
        using var client = deposito.Client();

        var sales = Enumerable.Range(0, 30).Select(_ => DepositoFixture.MoveAsync(client, product.Id, "salida", -1));
        var edits = Enumerable.Range(0, 15).Select(i => client.PutAsJsonAsync($"/api/v1/products/{product.Id}",
            new ProductRequest(null, $"Precio {i}", null, product.CategoryId, null, 10, 100, 100m + i, 150m + i, null)));
        var responses = await Task.WhenAll(sales.Concat(edits));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode} {r.RequestMessage?.Method}"));
        Assert.Equal(70, await deposito.StockAsync(product.Id));
    }

    [Theory]
    [InlineData("purchasePrice", "100.001")]
    [InlineData("purchasePrice", "0.001")]
    [InlineData("salePrice", "1000000000000")]
    public async Task Prices_MoreThanCentsOrTooLarge_Are400(string field, string value)
    {
        var category = await deposito.CategoryAsync();
        using var client = deposito.Client();
        var json = $$"""{"code":"P{{deposito.Next()}}","name":"x","categoryId":{{category.Id}},"minStock":1,"maxStock":2,"purchasePrice":10,"salePrice":20}"""
            .Replace($"\"{field}\":{(field == "purchasePrice" ? "10" : "20")}", $"\"{field}\":{value}", StringComparison.Ordinal);

        await Problems.AssertFieldAsync(await client.PostAsync("/api/v1/products", new StringContent(json, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task UnitPrice_WithFractionOfCent_Is400()
    {
        var product = await deposito.ProductAsync();
        using var client = deposito.Client();

        var response = await client.SendAsync(Post("/api/v1/stock/movements",
            $$"""{"productId":{{product.Id}},"kind":"entrada","quantity":1,"unitPrice":0.004}""", Guid.NewGuid().ToString()));

        await Problems.AssertFieldAsync(response, HttpStatusCode.BadRequest, "unitPrice");
    }

    [Theory]
    [InlineData("""{"productId":1,"kind":"entrada","quantity":"abc"}""", "quantity")]
    [InlineData("""{"productId":1,"kind":"entrada","quantity":1.5}""", "quantity")]
    [InlineData("""{"productId":"uno","kind":"entrada","quantity":1}""", "productId")]
    public async Task WrongJsonTypes_Are400NamingTheField(string json, string field)
    {
        using var client = deposito.Client();

        await Problems.AssertFieldAsync(await client.SendAsync(Post("/api/v1/stock/movements", json, Guid.NewGuid().ToString())), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task HugePageNumber_Is400NamingPage()
    {
        using var client = deposito.Client();

        await Problems.AssertFieldAsync(await client.GetAsync("/api/v1/products?page=2147483647"), HttpStatusCode.BadRequest, "page");
        await Problems.AssertFieldAsync(await client.GetAsync("/api/v1/stock/movements?page=2147483647"), HttpStatusCode.BadRequest, "page");
    }

    [Fact]
    public async Task SameKey_OnSingleThenBatch_IsRecognisedAndNotAppliedTwice()
    {
        var product = await deposito.ProductAsync(stock: 0);
        using var client = deposito.Client();
        var key = Guid.NewGuid().ToString();
        (await DepositoFixture.MoveAsync(client, product.Id, "entrada", 5, key)).EnsureSuccessStatusCode();

        var batch = await client.SendAsync(Post("/api/v1/stock/movements/batch",
            $$"""{"lines":[{"productId":{{product.Id}},"kind":"entrada","quantity":5,"unitPrice":100}]}""", key));

        await Problems.AssertFieldAsync(batch, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(5, await deposito.StockAsync(product.Id));
        await Problems.AssertFieldAsync(await DepositoFixture.MoveAsync(client, product.Id, "entrada", 1, "con#numeral"), HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task Movement_OnDeactivatedProduct_Is422NamingProductId()
    {
        var product = await deposito.ProductAsync(stock: 5);
        using var client = deposito.Client();
        (await client.PostAsync($"/api/v1/products/{product.Id}/deactivate", null)).EnsureSuccessStatusCode();

        var response = await DepositoFixture.MoveAsync(client, product.Id, "salida", -1);

        await Problems.AssertFieldAsync(response, HttpStatusCode.UnprocessableEntity, "productId");
        Assert.Contains("dado de baja", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Categories_SameNameInOtherCase_Concurrently_OnlyOneIsCreated()
    {
        using var client = deposito.Client();
        var name = "Almacén " + Guid.NewGuid().ToString("N")[..6];

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PostAsJsonAsync("/api/v1/categories", new CategoryRequest(i % 2 == 0 ? name.ToUpperInvariant() : name.ToLowerInvariant()))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }
}

public class CacheRaceTests(DepositoFixture deposito) : IClassFixture<DepositoFixture>
{
    [Fact]
    public async Task SlowReadThatMissed_AfterAWriteInvalidated_DoesNotPutTheOldCopyBack()
    {
        var product = await deposito.ProductAsync(stock: 10);
        var cache = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MiniMarket.Agents.Deposito.ProductCache>(deposito.Agent.Services);
        var lookup = MiniMarket.Agents.Deposito.ProductCache.ById(product.Id);
        await cache.InvalidateAsync(product);

        var miss = await cache.GetAsync(lookup);                      // a read misses and goes to PostgreSQL (stock 10)...
        await cache.InvalidateAsync([(product.Id, product.Code, product.Barcode)]); // ...a sale commits and invalidates...
        await cache.SetAsync(lookup, product with { Stock = 10 }, miss);             // ...then the slow read tries to store 10

        Assert.Null(miss.Product);
        Assert.Null((await cache.GetAsync(lookup)).Product);
        var fresh = await cache.GetAsync(lookup);
        await cache.SetAsync(lookup, product with { Stock = 9 }, fresh);   // an undisturbed miss stores its copy
        Assert.Equal(9, (await cache.GetAsync(lookup)).Product!.Stock);
    }
}
