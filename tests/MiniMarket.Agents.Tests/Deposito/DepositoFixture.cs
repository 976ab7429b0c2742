using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Deposito;

/// <summary>The deposito agent on its own database, with clients for each role and helpers to make test data.</summary>
public sealed class DepositoFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private int _sequence;

    public AgentsFactory Agent { get; private set; } = null!;
    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("deposito");
        Agent = new AgentsFactory("deposito", _database.ConnectionString);
        using var client = Agent.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Agent.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    public HttpClient Client(string role = Roles.Encargado, string user = "maria")
    {
        var client = Agent.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Agent.TokenFor(user, role));
        return client;
    }

    public int Next() => Interlocked.Increment(ref _sequence);

    public async Task<CategoryDto> CategoryAsync(string? name = null)
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/categories", new CategoryRequest(name ?? $"Categoría {Next()} {Guid.NewGuid().ToString("N")[..6]}"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CategoryDto>())!;
    }

    public static ProductRequest Request(int categoryId, string code, int min = 10, int max = 100, string? barcode = null) =>
        new(code, "Producto " + code, null, categoryId, barcode, min, max, 100.50m, 150m, null);

    /// <summary>A product with the given stock (set through an entrada, as stock only changes by movements).</summary>
    public async Task<ProductDto> ProductAsync(int stock = 0, int min = 10, int max = 100, int? categoryId = null)
    {
        categoryId ??= (await CategoryAsync()).Id;
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/products", Request(categoryId.Value, $"TST{Next():D6}", min, max));
        response.EnsureSuccessStatusCode();
        var product = (await response.Content.ReadFromJsonAsync<ProductDto>())!;
        if (stock > 0)
        {
            (await MoveAsync(client, product.Id, "entrada", stock)).EnsureSuccessStatusCode();
        }
        return product with { Stock = stock };
    }

    public static Task<HttpResponseMessage> MoveAsync(HttpClient client, int productId, string kind, int quantity, string? key = null, string? reason = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements")
        {
            Content = JsonContent.Create(new StockMovementRequest(productId, null, kind, quantity, reason, null, kind == "entrada" ? 100m : null)),
        };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    public async Task<int> StockAsync(int productId)
    {
        using var client = Client();
        return (await client.GetFromJsonAsync<ProductDto>($"/api/v1/products/{productId}"))!.Stock;
    }
}

/// <summary>Asserts a ProblemDetails answer whose <c>errors</c> name the field at fault.</summary>
public static class Problems
{
    public static async Task AssertFieldAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }
}
