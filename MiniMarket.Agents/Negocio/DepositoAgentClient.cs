using System.Globalization;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Negocio;

/// <summary>
/// deposito as negocio uses it, with negocio's service token: products, critical stock, sales history, the batch
/// <c>entrada</c> of a confirmed invoice or a received order (idempotent by key), and product prices.
/// </summary>
public sealed class DepositoAgentClient(HttpClient http)
{
    private const string Target = DependencyCalls.Deposito;

    public Task<ProductDto?> GetProductAsync(int id, CancellationToken ct) =>
        DependencyCalls.SendAsync<ProductDto>(http, Target, new HttpRequestMessage(HttpMethod.Get, $"api/v1/products/{id}"), ct, notFoundIsNull: true);

    public Task<ProductDto?> GetProductByCodeAsync(string code, CancellationToken ct) =>
        DependencyCalls.SendAsync<ProductDto>(http, Target, new HttpRequestMessage(HttpMethod.Get, $"api/v1/products/by-code/{Uri.EscapeDataString(code)}"), ct, notFoundIsNull: true);

    public Task<ProductDto?> GetProductByBarcodeAsync(string barcode, CancellationToken ct) =>
        DependencyCalls.SendAsync<ProductDto>(http, Target, new HttpRequestMessage(HttpMethod.Get, $"api/v1/products/by-barcode/{Uri.EscapeDataString(barcode)}"), ct, notFoundIsNull: true);

    /// <summary>Every active product (deposito pages of 200).</summary>
    public async Task<IReadOnlyList<ProductDto>> ListActiveProductsAsync(CancellationToken ct)
    {
        var all = new List<ProductDto>();
        for (var page = 1; page <= 500; page++)
        {
            var result = await DependencyCalls.SendAsync<PagedResult<ProductDto>>(http, Target,
                new HttpRequestMessage(HttpMethod.Get, $"api/v1/products?active=true&sort=code&page={page}&pageSize=200"), ct);
            all.AddRange(result!.Items);
            if (result.Items.Count == 0 || all.Count >= result.Total) break;
        }
        return all;
    }

    /// <summary>deposito's categories (the names markups are set for).</summary>
    public async Task<IReadOnlyList<CategoryDto>> ListCategoriesAsync(CancellationToken ct) =>
        (await DependencyCalls.SendAsync<List<CategoryDto>>(http, Target, new HttpRequestMessage(HttpMethod.Get, "api/v1/categories"), ct))!;

    public async Task<CriticalStockDto> GetCriticalAsync(CancellationToken ct) =>
        (await DependencyCalls.SendAsync<CriticalStockDto>(http, Target, new HttpRequestMessage(HttpMethod.Get, "api/v1/stock/critical"), ct))!;

    public async Task<SalesHistoryDto> GetSalesAsync(DateOnly from, DateOnly to, CancellationToken ct) =>
        (await DependencyCalls.SendAsync<SalesHistoryDto>(http, Target,
            new HttpRequestMessage(HttpMethod.Get, $"api/v1/stock/history/sales?from={Day(from)}&to={Day(to)}"), ct))!;

    /// <summary>
    /// Applies the lines all together or not at all. The key makes it safe to repeat: deposito answers a repeat with the
    /// first result, so a retry after a lost answer never enters the goods twice. Refusals name the line
    /// (<c>lines[2].productId</c>) in the caller's terms through <paramref name="renameField"/>.
    /// </summary>
    public async Task<StockBatchDto> ApplyBatchAsync(string key, IReadOnlyList<StockMovementRequest> lines, Func<string, string>? renameField, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/stock/movements/batch") { Content = JsonContent.Create(new StockBatchRequest(lines)) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await DependencyCalls.SendRawAsync(http, Target, request, ct);
        await DependencyCalls.EnsureSuccessAsync(response, Target, ct, renameField);
        return (await response.Content.ReadFromJsonAsync<StockBatchDto>(ct))!;
    }

    public async Task<ProductDto> SetPricesAsync(int productId, decimal purchasePrice, decimal salePrice, CancellationToken ct) =>
        (await DependencyCalls.SendAsync<ProductDto>(http, Target,
            new HttpRequestMessage(HttpMethod.Put, $"api/v1/products/{productId}/prices") { Content = JsonContent.Create(new ProductPricesRequest(purchasePrice, salePrice)) }, ct))!;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
