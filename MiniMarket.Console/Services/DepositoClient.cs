using System.Globalization;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>The deposito agent's API, called as the signed-in person (see <see cref="UserTokenHandler"/>).</summary>
public interface IDepositoClient
{
    Task<AgentResult<List<CategoryDto>>> ListCategoriesAsync(CancellationToken cancellationToken = default);
    Task<AgentResult<CategoryDto>> CreateCategoryAsync(string name, CancellationToken cancellationToken = default);
    Task<AgentResult<PagedResult<ProductDto>>> ListProductsAsync(ProductQuery query, CancellationToken cancellationToken = default);
    Task<AgentResult<ProductDto>> GetProductAsync(int id, CancellationToken cancellationToken = default);
    Task<AgentResult<ProductDto>> CreateProductAsync(ProductRequest product, CancellationToken cancellationToken = default);
    Task<AgentResult<ProductDto>> UpdateProductAsync(int id, ProductRequest product, CancellationToken cancellationToken = default);
    Task<AgentResult<StockMovementDto>> MoveAsync(string idempotencyKey, StockMovementRequest movement, CancellationToken cancellationToken = default);
    Task<AgentResult<StockBatchDto>> MoveBatchAsync(string idempotencyKey, IReadOnlyList<StockMovementRequest> lines, CancellationToken cancellationToken = default);
    Task<AgentResult<PagedResult<StockMovementDto>>> ListProductMovementsAsync(int productId, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default);
    Task<AgentResult<CriticalStockDto>> GetCriticalAsync(DateOnly? date = null, CancellationToken cancellationToken = default);
    Task<AgentResult<PurchaseHistoryDto>> GetPurchaseHistoryAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);
}

public sealed record ProductQuery(int? CategoryId = null, string? Text = null, bool? Active = null, bool? Critical = null, string? Sort = null, int Page = 1, int PageSize = 50)
{
    public string ToQueryString()
    {
        var parts = new List<string> { $"page={Page}", $"pageSize={PageSize}" };
        if (CategoryId is { } c) parts.Add("categoryId=" + c.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrWhiteSpace(Text)) parts.Add("q=" + Uri.EscapeDataString(Text));
        if (Active is { } a) parts.Add("active=" + (a ? "true" : "false"));
        if (Critical is { } k) parts.Add("critical=" + (k ? "true" : "false"));
        if (!string.IsNullOrWhiteSpace(Sort)) parts.Add("sort=" + Uri.EscapeDataString(Sort));
        return "?" + string.Join('&', parts);
    }
}

public sealed class DepositoClient(IHttpClientFactory clients) : IDepositoClient
{
    private HttpClient Http() => clients.CreateClient(AgentClients.NameOf(Roles.Deposito));

    private async Task<AgentResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var http = Http();
        using (request) return await AgentCalls.SendAsync<T>(http, request, Roles.Deposito, cancellationToken);
    }

    public Task<AgentResult<List<CategoryDto>>> ListCategoriesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<List<CategoryDto>>(new HttpRequestMessage(HttpMethod.Get, "api/v1/categories"), cancellationToken);

    public Task<AgentResult<CategoryDto>> CreateCategoryAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<CategoryDto>(new HttpRequestMessage(HttpMethod.Post, "api/v1/categories") { Content = JsonContent.Create(new CategoryRequest(name)) }, cancellationToken);

    public Task<AgentResult<PagedResult<ProductDto>>> ListProductsAsync(ProductQuery query, CancellationToken cancellationToken = default) =>
        SendAsync<PagedResult<ProductDto>>(new HttpRequestMessage(HttpMethod.Get, "api/v1/products" + query.ToQueryString()), cancellationToken);

    public Task<AgentResult<ProductDto>> GetProductAsync(int id, CancellationToken cancellationToken = default) =>
        SendAsync<ProductDto>(new HttpRequestMessage(HttpMethod.Get, $"api/v1/products/{id}"), cancellationToken);

    public Task<AgentResult<ProductDto>> CreateProductAsync(ProductRequest product, CancellationToken cancellationToken = default) =>
        SendAsync<ProductDto>(new HttpRequestMessage(HttpMethod.Post, "api/v1/products") { Content = JsonContent.Create(product) }, cancellationToken);

    public Task<AgentResult<ProductDto>> UpdateProductAsync(int id, ProductRequest product, CancellationToken cancellationToken = default) =>
        SendAsync<ProductDto>(new HttpRequestMessage(HttpMethod.Put, $"api/v1/products/{id}") { Content = JsonContent.Create(product) }, cancellationToken);

    public Task<AgentResult<StockMovementDto>> MoveAsync(string idempotencyKey, StockMovementRequest movement, CancellationToken cancellationToken = default) =>
        SendAsync<StockMovementDto>(WithKey(new HttpRequestMessage(HttpMethod.Post, "api/v1/stock/movements") { Content = JsonContent.Create(movement) }, idempotencyKey), cancellationToken);

    public Task<AgentResult<StockBatchDto>> MoveBatchAsync(string idempotencyKey, IReadOnlyList<StockMovementRequest> lines, CancellationToken cancellationToken = default) =>
        SendAsync<StockBatchDto>(WithKey(new HttpRequestMessage(HttpMethod.Post, "api/v1/stock/movements/batch") { Content = JsonContent.Create(new StockBatchRequest(lines)) }, idempotencyKey), cancellationToken);

    public Task<AgentResult<PagedResult<StockMovementDto>>> ListProductMovementsAsync(int productId, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default) =>
        SendAsync<PagedResult<StockMovementDto>>(new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture,
            $"api/v1/products/{productId}/movements?page={page}&pageSize={pageSize}")), cancellationToken);

    public Task<AgentResult<CriticalStockDto>> GetCriticalAsync(DateOnly? date = null, CancellationToken cancellationToken = default) =>
        SendAsync<CriticalStockDto>(new HttpRequestMessage(HttpMethod.Get, "api/v1/stock/critical" + (date is { } d ? "?date=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")), cancellationToken);

    public Task<AgentResult<PurchaseHistoryDto>> GetPurchaseHistoryAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        SendAsync<PurchaseHistoryDto>(new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture,
            $"api/v1/stock/history/purchases?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}")), cancellationToken);

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string key)
    {
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
