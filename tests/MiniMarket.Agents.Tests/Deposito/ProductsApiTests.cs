using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Tests.Deposito;

public class ProductsApiTests(DepositoFixture deposito) : IClassFixture<DepositoFixture>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }


    [Fact]
    public async Task Create_Valid_Is201WithUpperCaseCodeAndZeroStock()
    {
        var category = await deposito.CategoryAsync();
        using var client = deposito.Client();

        var response = await client.PostAsJsonAsync("/api/v1/products", DepositoFixture.Request(category.Id, $"alm{deposito.Next():D6}", barcode: "7790895000997"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var product = (await response.Content.ReadFromJsonAsync<ProductDto>())!;
        Assert.StartsWith("ALM", product.Code, StringComparison.Ordinal);
        Assert.Equal(0, product.Stock);
        Assert.Equal(category.Name, product.Category);
        Assert.Equal("maria", product.UpdatedBy);
        Assert.Equal(response.Headers.Location!.OriginalString, $"/api/v1/products/{product.Id}");
    }

    public static TheoryData<string, string> InvalidProducts => new()
    {
        { """{"name":"x","categoryId":CAT,"minStock":1,"maxStock":2,"purchasePrice":1,"salePrice":2}""", "code" },
        { """{"code":"A1","categoryId":CAT,"minStock":1,"maxStock":2,"purchasePrice":1,"salePrice":2}""", "name" },
        { """{"code":"A1","name":"x","minStock":1,"maxStock":2,"purchasePrice":1,"salePrice":2}""", "categoryId" },
        { """{"code":"A1","name":"x","categoryId":999999,"minStock":1,"maxStock":2,"purchasePrice":1,"salePrice":2}""", "categoryId" },
        { """{"code":"A 1","name":"x","categoryId":CAT,"minStock":1,"maxStock":2,"purchasePrice":1,"salePrice":2}""", "code" },
        { """{"code":"A1","name":"x","categoryId":CAT,"minStock":5,"maxStock":2,"purchasePrice":1,"salePrice":2}""", "maxStock" },
        { """{"code":"A1","name":"x","categoryId":CAT,"minStock":-1,"maxStock":2,"purchasePrice":1,"salePrice":2}""", "minStock" },
        { """{"code":"A1","name":"x","categoryId":CAT,"maxStock":2,"purchasePrice":1,"salePrice":2}""", "minStock" },
        { """{"code":"A1","name":"x","categoryId":CAT,"minStock":1,"maxStock":2,"purchasePrice":-5,"salePrice":2}""", "purchasePrice" },
        { """{"code":"A1","name":"x","categoryId":CAT,"minStock":1,"maxStock":2,"purchasePrice":1,"salePrice":0}""", "salePrice" },
        { """{"code":"A1","name":"x","categoryId":CAT,"minStock":1,"maxStock":2,"purchasePrice":1,"salePrice":2,"barcode":"7790895000990"}""", "barcode" },
        { """{"code":"A1","name":"x","categoryId":CAT,"minStock":1,"maxStock":2,"purchasePrice":1,"salePrice":2,"barcode":"12345"}""", "barcode" },
    };

    [Theory]
    [MemberData(nameof(InvalidProducts))]
    public async Task Create_Invalid_Is400NamingTheFieldAndWritesNothing(string json, string field)
    {
        var category = await deposito.CategoryAsync();
        using var client = deposito.Client();
        var before = await CountAsync(client);

        var response = await client.PostAsync("/api/v1/products",
            new StringContent(json.Replace("CAT", category.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        await Problems.AssertFieldAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await CountAsync(client));
    }

    [Fact]
    public async Task Create_DuplicateCodeInAnyCase_Is409NamingCode()
    {
        var category = await deposito.CategoryAsync();
        using var client = deposito.Client();
        var code = $"DUP{deposito.Next():D6}";
        (await client.PostAsJsonAsync("/api/v1/products", DepositoFixture.Request(category.Id, code))).EnsureSuccessStatusCode();

        var response = await client.PostAsJsonAsync("/api/v1/products", DepositoFixture.Request(category.Id, code.ToLowerInvariant()));

        await Problems.AssertFieldAsync(response, HttpStatusCode.Conflict, "code");
    }

    [Fact]
    public async Task Create_DuplicateBarcode_Is409NamingBarcode()
    {
        var category = await deposito.CategoryAsync();
        using var client = deposito.Client();
        (await client.PostAsJsonAsync("/api/v1/products", DepositoFixture.Request(category.Id, $"B{deposito.Next():D6}", barcode: "7790070012050"))).EnsureSuccessStatusCode();

        var response = await client.PostAsJsonAsync("/api/v1/products", DepositoFixture.Request(category.Id, $"B{deposito.Next():D6}", barcode: "7790070012050"));

        await Problems.AssertFieldAsync(response, HttpStatusCode.Conflict, "barcode");
    }

    [Theory]
    [InlineData("{not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("code=A1", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("", "application/json", HttpStatusCode.BadRequest)]
    public async Task Create_NotJson_Is4xxProblemDetails(string body, string contentType, HttpStatusCode status)
    {
        using var client = deposito.Client();

        var response = await client.PostAsync("/api/v1/products", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(status, response.StatusCode);
        await ProblemAsync(response);
    }

    [Fact]
    public async Task Create_OversizedBody_Is413()
    {
        using var client = deposito.Client();
        var huge = "{\"code\":\"A1\",\"name\":\"" + new string('x', 400_000) + "\"}";

        var response = await client.PostAsync("/api/v1/products", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Guardia)]
    [InlineData(Roles.Ml)]
    public async Task Create_RoleWithoutWrite_Is403(string role)
    {
        var category = await deposito.CategoryAsync();
        using var client = deposito.Client(role);

        var response = await client.PostAsJsonAsync("/api/v1/products", DepositoFixture.Request(category.Id, $"R{deposito.Next():D6}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Guardia_ReadsStock_ButCannotChangeIt()
    {
        var product = await deposito.ProductAsync();
        using var guardia = deposito.Client(Roles.Guardia);
        using var ml = deposito.Client(Roles.Ml);

        Assert.Equal(HttpStatusCode.OK, (await guardia.GetAsync($"/api/v1/products/{product.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ml.GetAsync($"/api/v1/products/{product.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guardia.PostAsync($"/api/v1/products/{product.Id}/deactivate", null)).StatusCode);
    }

    [Fact]
    public async Task Get_ByIdCodeAndBarcode_FindTheSameProduct_UnknownIs404()
    {
        var category = await deposito.CategoryAsync();
        using var client = deposito.Client();
        var created = (await (await client.PostAsJsonAsync("/api/v1/products",
            DepositoFixture.Request(category.Id, $"GET{deposito.Next():D6}", barcode: "7791234000005"))).Content.ReadFromJsonAsync<ProductDto>())!;

        var byId = await client.GetFromJsonAsync<ProductDto>($"/api/v1/products/{created.Id}");
        var byCode = await client.GetFromJsonAsync<ProductDto>($"/api/v1/products/by-code/{created.Code.ToLowerInvariant()}");
        var byBarcode = await client.GetFromJsonAsync<ProductDto>("/api/v1/products/by-barcode/7791234000005");

        Assert.Equal(created.Id, byId!.Id);
        Assert.Equal(created.Id, byCode!.Id);
        Assert.Equal(created.Id, byBarcode!.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/products/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/products/by-code/NOPE1")).StatusCode);
        await Problems.AssertFieldAsync(await client.GetAsync("/api/v1/products/by-barcode/7791234000006"), HttpStatusCode.BadRequest, "barcode");
    }

    [Fact]
    public async Task Update_ChangesFieldsAndRefreshesTheCache_CodeCannotChange()
    {
        var product = await deposito.ProductAsync(stock: 7);
        using var client = deposito.Client();
        await client.GetAsync($"/api/v1/products/{product.Id}"); // warm the cache

        var response = await client.PutAsJsonAsync($"/api/v1/products/{product.Id}",
            new ProductRequest(null, "Nuevo nombre", "desc", product.CategoryId, null, 3, 30, 200m, 260m, null));
        var reread = await client.GetFromJsonAsync<ProductDto>($"/api/v1/products/{product.Id}");
        var codeChange = await client.PutAsJsonAsync($"/api/v1/products/{product.Id}",
            new ProductRequest("OTRO1", "x", null, product.CategoryId, null, 3, 30, 200m, 260m, null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("Nuevo nombre", 3, 30, 200m, 7), (reread!.Name, reread.MinStock, reread.MaxStock, reread.PurchasePrice, reread.Stock));
        await Problems.AssertFieldAsync(codeChange, HttpStatusCode.BadRequest, "code");
    }

    [Fact]
    public async Task Deactivate_ThenReactivate_TogglesActiveAndListFilter()
    {
        var product = await deposito.ProductAsync();
        using var client = deposito.Client();

        var off = await (await client.PostAsync($"/api/v1/products/{product.Id}/deactivate", null)).Content.ReadFromJsonAsync<ProductDto>();
        var inactive = await client.GetFromJsonAsync<PagedResult<ProductDto>>($"/api/v1/products?active=false&q={product.Code}");
        var on = await (await client.PostAsync($"/api/v1/products/{product.Id}/reactivate", null)).Content.ReadFromJsonAsync<ProductDto>();

        Assert.False(off!.Active);
        Assert.Equal(product.Id, Assert.Single(inactive!.Items).Id);
        Assert.True(on!.Active);
    }

    [Fact]
    public async Task List_FiltersSortsAndPages_WithTotal()
    {
        var category = await deposito.CategoryAsync();
        for (var i = 0; i < 5; i++) await deposito.ProductAsync(stock: i * 10, min: 15, categoryId: category.Id);
        using var client = deposito.Client();

        var page1 = await client.GetFromJsonAsync<PagedResult<ProductDto>>($"/api/v1/products?categoryId={category.Id}&sort=-stock&page=1&pageSize=2");
        var page3 = await client.GetFromJsonAsync<PagedResult<ProductDto>>($"/api/v1/products?categoryId={category.Id}&sort=-stock&page=3&pageSize=2");
        var critical = await client.GetFromJsonAsync<PagedResult<ProductDto>>($"/api/v1/products?categoryId={category.Id}&critical=true&pageSize=200");

        Assert.Equal(5, page1!.Total);
        Assert.Equal([40, 30], page1.Items.Select(p => p.Stock));
        Assert.Equal([0], page3!.Items.Select(p => p.Stock));
        Assert.All(critical!.Items, p => Assert.True(p.Stock <= 15 * 1.3m));
        Assert.Contains(critical.Items, p => p.Stock == 0);
        Assert.DoesNotContain(critical.Items, p => p.Stock == 40);
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?pageSize=500", "pageSize")]
    [InlineData("?sort=precio", "sort")]
    public async Task List_BadParameters_Are400NamingThem(string query, string field)
    {
        using var client = deposito.Client();

        await Problems.AssertFieldAsync(await client.GetAsync("/api/v1/products" + query), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task List_SearchText_IsLiteral_NotAWildcard()
    {
        using var client = deposito.Client();

        var result = await client.GetFromJsonAsync<PagedResult<ProductDto>>("/api/v1/products?q=%25");

        Assert.Equal(0, result!.Total);
    }

    [Fact]
    public async Task Categories_CreateDuplicateRenameAndList()
    {
        using var client = deposito.Client();
        var name = $"Lácteos {deposito.Next()}";
        var created = (await (await client.PostAsJsonAsync("/api/v1/categories", new CategoryRequest(name))).Content.ReadFromJsonAsync<CategoryDto>())!;

        var duplicate = await client.PostAsJsonAsync("/api/v1/categories", new CategoryRequest(name.ToUpperInvariant()));
        var empty = await client.PostAsJsonAsync("/api/v1/categories", new CategoryRequest("  "));
        var renamed = await client.PutAsJsonAsync($"/api/v1/categories/{created.Id}", new CategoryRequest(name + " y quesos"));
        var list = await client.GetFromJsonAsync<List<CategoryDto>>("/api/v1/categories");

        await Problems.AssertFieldAsync(duplicate, HttpStatusCode.Conflict, "name");
        await Problems.AssertFieldAsync(empty, HttpStatusCode.BadRequest, "name");
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Contains(list!, c => c.Id == created.Id && c.Name == name + " y quesos");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/v1/categories/999999", new CategoryRequest("x"))).StatusCode);
    }

    private static async Task<int> CountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<PagedResult<ProductDto>>("/api/v1/products?pageSize=1"))!.Total;
}
