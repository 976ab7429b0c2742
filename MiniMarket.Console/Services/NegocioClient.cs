using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>The negocio agent's API (suppliers, invoices, purchase orders, prices, revenue), as the signed-in person.</summary>
public interface INegocioClient
{
    Task<AgentResult<PagedResult<SupplierDto>>> ListSuppliersAsync(string? text = null, bool? active = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default);
    Task<AgentResult<SupplierDto>> CreateSupplierAsync(SupplierRequest supplier, CancellationToken cancellationToken = default);
    Task<AgentResult<SupplierDto>> UpdateSupplierAsync(Guid id, SupplierRequest supplier, CancellationToken cancellationToken = default);
    Task<AgentResult<PagedResult<InvoiceSummaryDto>>> ListInvoicesAsync(string? state = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default);
    Task<AgentResult<InvoiceDto>> GetInvoiceAsync(Guid id, CancellationToken cancellationToken = default);
    /// <summary>The photo of an invoice, one image per page in order (a long detail continues on a second page).</summary>
    Task<AgentResult<InvoiceDto>> UploadInvoiceAsync(IReadOnlyList<InvoicePhoto> pages, CancellationToken cancellationToken = default);
    Task<AgentResult<InvoiceDto>> CreateInvoiceAsync(InvoiceRequest invoice, CancellationToken cancellationToken = default);
    Task<AgentResult<InvoiceDto>> ImportInvoiceAsync(InvoiceRequest invoice, CancellationToken cancellationToken = default);
    Task<AgentResult<InvoiceDto>> UpdateInvoiceAsync(Guid id, InvoiceRequest invoice, CancellationToken cancellationToken = default);
    Task<AgentResult<InvoiceDto>> ConfirmInvoiceAsync(Guid id, CancellationToken cancellationToken = default);
    Task<AgentResult<InvoiceDto>> DiscardInvoiceAsync(Guid id, CancellationToken cancellationToken = default);
    Task<AgentResult<PagedResult<PurchaseOrderDto>>> ListOrdersAsync(string? state = null, Guid? supplierId = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default);
    Task<AgentResult<OrderProposalDto>> ProposeOrdersAsync(CancellationToken cancellationToken = default);
    Task<AgentResult<PurchaseOrderDto>> SendOrderAsync(Guid id, CancellationToken cancellationToken = default);
    Task<AgentResult<PurchaseOrderDto>> CancelOrderAsync(Guid id, CancellationToken cancellationToken = default);
    Task<AgentResult<PurchaseOrderDto>> ReceiveOrderAsync(Guid id, string idempotencyKey, IReadOnlyList<OrderLineQuantityRequest>? lines = null, CancellationToken cancellationToken = default);
    Task<AgentResult<PriceDto>> GetPriceAsync(int productId, DateOnly? date = null, CancellationToken cancellationToken = default);
    Task<AgentResult<RevenueTodayDto>> GetRevenueTodayAsync(CancellationToken cancellationToken = default);
    Task<AgentResult<SupplierDto>> GetSupplierAsync(Guid id, CancellationToken cancellationToken = default);
    Task<AgentResult<SupplierDto>> DeactivateSupplierAsync(Guid id, CancellationToken cancellationToken = default);
    Task<AgentResult<SupplierDto>> ReactivateSupplierAsync(Guid id, CancellationToken cancellationToken = default);
    Task<AgentResult<PurchaseOrderDto>> GetOrderAsync(Guid id, CancellationToken cancellationToken = default);
    /// <summary>New quantities for a draft's lines (0 removes a line): <c>PUT /api/v1/orders/{id}/lines</c>.</summary>
    Task<AgentResult<PurchaseOrderDto>> EditOrderLinesAsync(Guid id, IReadOnlyList<OrderLineQuantityRequest> lines, CancellationToken cancellationToken = default);
}

public sealed class NegocioClient(IHttpClientFactory clients) : INegocioClient
{
    private async Task<AgentResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var http = clients.CreateClient(AgentClients.NameOf(Roles.Negocio));
        using (request) return await AgentCalls.SendAsync<T>(http, request, Roles.Negocio, cancellationToken);
    }

    private Task<AgentResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken) => SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    private Task<AgentResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) }, cancellationToken);

    private static string Paging(int page, int pageSize) => string.Create(CultureInfo.InvariantCulture, $"page={page}&pageSize={pageSize}");

    public Task<AgentResult<PagedResult<SupplierDto>>> ListSuppliersAsync(string? text = null, bool? active = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default) =>
        GetAsync<PagedResult<SupplierDto>>("api/v1/suppliers?" + Paging(page, pageSize)
            + (string.IsNullOrWhiteSpace(text) ? "" : "&q=" + Uri.EscapeDataString(text)) + (active is { } a ? "&active=" + (a ? "true" : "false") : ""), cancellationToken);

    public Task<AgentResult<SupplierDto>> CreateSupplierAsync(SupplierRequest supplier, CancellationToken cancellationToken = default) =>
        PostAsync<SupplierDto>("api/v1/suppliers", supplier, cancellationToken);

    public Task<AgentResult<SupplierDto>> UpdateSupplierAsync(Guid id, SupplierRequest supplier, CancellationToken cancellationToken = default) =>
        SendAsync<SupplierDto>(new HttpRequestMessage(HttpMethod.Put, $"api/v1/suppliers/{id}") { Content = JsonContent.Create(supplier) }, cancellationToken);

    public Task<AgentResult<PagedResult<InvoiceSummaryDto>>> ListInvoicesAsync(string? state = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default) =>
        GetAsync<PagedResult<InvoiceSummaryDto>>("api/v1/invoices?" + Paging(page, pageSize) + (state is null ? "" : "&state=" + Uri.EscapeDataString(state)), cancellationToken);

    public Task<AgentResult<InvoiceDto>> GetInvoiceAsync(Guid id, CancellationToken cancellationToken = default) => GetAsync<InvoiceDto>($"api/v1/invoices/{id}", cancellationToken);

    public Task<AgentResult<InvoiceDto>> UploadInvoiceAsync(IReadOnlyList<InvoicePhoto> pages, CancellationToken cancellationToken = default)
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < pages.Count; i++)
        {
            var page = new ByteArrayContent(pages[i].Image);
            page.Headers.ContentType = new MediaTypeHeaderValue(pages[i].ContentType);
            form.Add(page, "pagina", $"pagina-{i + 1}.{(pages[i].ContentType == "image/png" ? "png" : "jpg")}");
        }
        return SendAsync<InvoiceDto>(new HttpRequestMessage(HttpMethod.Post, "api/v1/invoices/ocr") { Content = form }, cancellationToken);
    }

    public Task<AgentResult<InvoiceDto>> CreateInvoiceAsync(InvoiceRequest invoice, CancellationToken cancellationToken = default) =>
        PostAsync<InvoiceDto>("api/v1/invoices", invoice, cancellationToken);

    public Task<AgentResult<InvoiceDto>> ImportInvoiceAsync(InvoiceRequest invoice, CancellationToken cancellationToken = default) =>
        PostAsync<InvoiceDto>("api/v1/invoices/history", invoice, cancellationToken);

    public Task<AgentResult<InvoiceDto>> UpdateInvoiceAsync(Guid id, InvoiceRequest invoice, CancellationToken cancellationToken = default) =>
        SendAsync<InvoiceDto>(new HttpRequestMessage(HttpMethod.Put, $"api/v1/invoices/{id}") { Content = JsonContent.Create(invoice) }, cancellationToken);

    public Task<AgentResult<InvoiceDto>> ConfirmInvoiceAsync(Guid id, CancellationToken cancellationToken = default) =>
        PostAsync<InvoiceDto>($"api/v1/invoices/{id}/confirm", null, cancellationToken);

    public Task<AgentResult<InvoiceDto>> DiscardInvoiceAsync(Guid id, CancellationToken cancellationToken = default) =>
        PostAsync<InvoiceDto>($"api/v1/invoices/{id}/discard", null, cancellationToken);

    public Task<AgentResult<PagedResult<PurchaseOrderDto>>> ListOrdersAsync(string? state = null, Guid? supplierId = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default) =>
        GetAsync<PagedResult<PurchaseOrderDto>>("api/v1/orders?" + Paging(page, pageSize) + (state is null ? "" : "&state=" + Uri.EscapeDataString(state))
            + (supplierId is { } s ? "&supplierId=" + s : ""), cancellationToken);

    public Task<AgentResult<OrderProposalDto>> ProposeOrdersAsync(CancellationToken cancellationToken = default) =>
        PostAsync<OrderProposalDto>("api/v1/orders/proposals", null, cancellationToken);

    public Task<AgentResult<PurchaseOrderDto>> SendOrderAsync(Guid id, CancellationToken cancellationToken = default) =>
        PostAsync<PurchaseOrderDto>($"api/v1/orders/{id}/send", null, cancellationToken);

    public Task<AgentResult<PurchaseOrderDto>> CancelOrderAsync(Guid id, CancellationToken cancellationToken = default) =>
        PostAsync<PurchaseOrderDto>($"api/v1/orders/{id}/cancel", null, cancellationToken);

    public Task<AgentResult<PurchaseOrderDto>> ReceiveOrderAsync(Guid id, string idempotencyKey, IReadOnlyList<OrderLineQuantityRequest>? lines = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/orders/{id}/receive") { Content = JsonContent.Create(new OrderLinesRequest(lines)) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return SendAsync<PurchaseOrderDto>(request, cancellationToken);
    }

    public Task<AgentResult<PriceDto>> GetPriceAsync(int productId, DateOnly? date = null, CancellationToken cancellationToken = default) =>
        GetAsync<PriceDto>($"api/v1/prices/{productId}" + (date is { } d ? "?date=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : ""), cancellationToken);

    public Task<AgentResult<RevenueTodayDto>> GetRevenueTodayAsync(CancellationToken cancellationToken = default) =>
        GetAsync<RevenueTodayDto>("api/v1/revenue/today", cancellationToken);

    public Task<AgentResult<SupplierDto>> GetSupplierAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<SupplierDto>($"api/v1/suppliers/{id}", cancellationToken);

    public Task<AgentResult<SupplierDto>> DeactivateSupplierAsync(Guid id, CancellationToken cancellationToken = default) =>
        PostAsync<SupplierDto>($"api/v1/suppliers/{id}/deactivate", null, cancellationToken);

    public Task<AgentResult<SupplierDto>> ReactivateSupplierAsync(Guid id, CancellationToken cancellationToken = default) =>
        PostAsync<SupplierDto>($"api/v1/suppliers/{id}/reactivate", null, cancellationToken);

    public Task<AgentResult<PurchaseOrderDto>> GetOrderAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<PurchaseOrderDto>($"api/v1/orders/{id}", cancellationToken);

    public Task<AgentResult<PurchaseOrderDto>> EditOrderLinesAsync(Guid id, IReadOnlyList<OrderLineQuantityRequest> lines, CancellationToken cancellationToken = default) =>
        SendAsync<PurchaseOrderDto>(new HttpRequestMessage(HttpMethod.Put, $"api/v1/orders/{id}/lines") { Content = JsonContent.Create(new OrderLinesRequest(lines)) }, cancellationToken);
}

/// <summary>One page of an invoice's photo or scan: its bytes and media type (image/png or image/jpeg).</summary>
public sealed record InvoicePhoto(byte[] Image, string ContentType);
