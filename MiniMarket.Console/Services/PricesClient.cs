using System.Globalization;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>
/// negocio's price endpoints beyond a product's price picture (that one is <see cref="INegocioClient.GetPriceAsync"/>):
/// the purchase prices recorded for a product, and the markup per category — as the signed-in person, so the agent
/// decides who may change a markup.
/// </summary>
public interface IPricesClient
{
    /// <summary><c>GET /api/v1/prices/{productId}/history</c>: the purchase prices recorded (invoices, orders, history), newest first.</summary>
    Task<AgentResult<List<PurchasePriceDto>>> GetHistoryAsync(int productId, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /api/v1/prices/markups</c>: every category with the markup that applies to it.</summary>
    Task<AgentResult<List<CategoryMarkupDto>>> ListMarkupsAsync(CancellationToken cancellationToken = default);

    /// <summary><c>PUT /api/v1/prices/markups/{category}</c>: applies to the next invoices confirmed. Null is sent as is (the agent says it is missing).</summary>
    Task<AgentResult<CategoryMarkupDto>> SetMarkupAsync(string category, decimal? markupPercent, CancellationToken cancellationToken = default);
}

public sealed class PricesClient(IHttpClientFactory clients) : IPricesClient
{
    private async Task<AgentResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var http = clients.CreateClient(AgentClients.NameOf(Roles.Negocio));
        using (request) return await AgentCalls.SendAsync<T>(http, request, Roles.Negocio, cancellationToken);
    }

    private Task<AgentResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken) => SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<AgentResult<List<PurchasePriceDto>>> GetHistoryAsync(int productId, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<List<PurchasePriceDto>>(string.Create(CultureInfo.InvariantCulture, $"api/v1/prices/{productId}/history")
            + (limit is { } l ? "?limit=" + l.ToString(CultureInfo.InvariantCulture) : ""), cancellationToken);

    public Task<AgentResult<List<CategoryMarkupDto>>> ListMarkupsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<List<CategoryMarkupDto>>("api/v1/prices/markups", cancellationToken);

    public Task<AgentResult<CategoryMarkupDto>> SetMarkupAsync(string category, decimal? markupPercent, CancellationToken cancellationToken = default) =>
        SendAsync<CategoryMarkupDto>(new HttpRequestMessage(HttpMethod.Put, "api/v1/prices/markups/" + Uri.EscapeDataString(category))
        {
            Content = JsonContent.Create(new MarkupRequest(markupPercent)),
        }, cancellationToken);
}
