using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Negocio;

/// <summary>Purchase orders proposed from a seeded critical list, reviewed, sent and received in parts against the real deposito.</summary>
[Collection(NegocioTests.Name)]
public class OrdersApiTests(NegocioFixture stack)
{
    private const string Orders = "/api/v1/orders";

    /// <summary>A category, a supplier that delivers it, two critical products and one that is fine.</summary>
    private async Task<(SupplierDto Supplier, ProductDto Low, ProductDto Empty, ProductDto Fine)> SeedAsync(HttpClient negocio)
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var category = "Pedidos " + tag;
        var categoryId = await stack.CategoryAsync(category);
        var low = await stack.ProductAsync($"OC{tag}1", $"Galletitas {tag}", categoryId, 10, 50, stock: 3, purchase: 200m, sale: 280m);
        var empty = await stack.ProductAsync($"OC{tag}2", $"Mermelada {tag}", categoryId, 4, 20, stock: 0, purchase: 500m, sale: 700m);
        var fine = await stack.ProductAsync($"OC{tag}3", $"Café {tag}", categoryId, 2, 30, stock: 25);
        var response = await negocio.PostAsJsonAsync("/api/v1/suppliers", new SupplierRequest("Mayorista " + tag, stack.NewCuit(), "RI", "Marta", "ventas@mayorista.test", "+54 11 5555-0000", [category]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<SupplierDto>())!, low, empty, fine);
    }

    private static async Task<PurchaseOrderDto> OrderForAsync(HttpClient negocio, SupplierDto supplier)
    {
        var proposal = await negocio.PostAsync($"{Orders}/proposals", null);
        Assert.Equal(HttpStatusCode.OK, proposal.StatusCode);
        var body = (await proposal.Content.ReadFromJsonAsync<OrderProposalDto>())!;
        return body.Created.Single(o => o.SupplierId == supplier.Id);
    }

    private static HttpRequestMessage Receive(Guid id, string key, params OrderLineQuantityRequest[] lines)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Orders}/{id}/receive") { Content = JsonContent.Create(new OrderLinesRequest(lines)) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task Propose_FromCriticalStock_OneOrderPerSupplierUpToMaximumAndNeverTwice()
    {
        using var negocio = stack.Client(stack.Negocio);
        var (supplier, low, empty, fine) = await SeedAsync(negocio);
        var order = await OrderForAsync(negocio, supplier);

        Assert.Equal("borrador", order.State);
        Assert.Equal("manual", order.Origin);
        Assert.Matches("^OC-[0-9]{6}$", order.DisplayNumber);
        Assert.Equal([(low.Id, 47), (empty.Id, 20)], order.Lines.OrderBy(l => l.ProductCode).Select(l => (l.ProductId, l.Quantity)));
        Assert.DoesNotContain(order.Lines, l => l.ProductId == fine.Id);
        // Priced at the last purchase cost grown by inflation (4,5 % a month) for the days since: here, bought today.
        Assert.Equal(200m, order.Lines.Single(l => l.ProductId == low.Id).UnitPrice);
        Assert.Equal(200m * 47 + 500m * 20, order.Total);

        var second = (await (await negocio.PostAsync($"{Orders}/proposals", null)).Content.ReadFromJsonAsync<OrderProposalDto>())!;
        Assert.DoesNotContain(second.Created, o => o.SupplierId == supplier.Id);
        Assert.Contains(second.Skipped, s => s.ProductId == low.Id && s.Reason.Contains(order.DisplayNumber, StringComparison.Ordinal));

        var metrics = await stack.Negocio.CreateClient().GetStringAsync("/metrics");
        Assert.True(MetricsText.Value(metrics, "negocio_ordenes_generadas_total{origen=\"manual\"}") >= 1);
        Assert.True(MetricsText.Value(metrics, "negocio_ordenes_generadas_valor_ars_total{origen=\"manual\"}") >= 19_400);
    }

    [Fact]
    public async Task Receive_PartiallyThenFully_EntersEachDeliveryOnce()
    {
        using var negocio = stack.Client(stack.Negocio);
        var (supplier, low, empty, _) = await SeedAsync(negocio);
        var order = await OrderForAsync(negocio, supplier);

        // Edit the draft: fewer of the first product.
        var edited = await negocio.PutAsJsonAsync($"{Orders}/{order.Id}/lines", new OrderLinesRequest([new OrderLineQuantityRequest(low.Id, 30)]));
        Assert.Equal(30, (await edited.Content.ReadFromJsonAsync<PurchaseOrderDto>())!.Lines.Single(l => l.ProductId == low.Id).Quantity);

        // Receiving a draft is not allowed: it must be sent first.
        var early = await negocio.SendAsync(Receive(order.Id, "entrega-0"));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("enviada", (await (await negocio.PostAsync($"{Orders}/{order.Id}/send", null)).Content.ReadFromJsonAsync<PurchaseOrderDto>())!.State);

        var partial = await negocio.SendAsync(Receive(order.Id, "entrega-1", new OrderLineQuantityRequest(low.Id, 10)));
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        var afterPartial = (await partial.Content.ReadFromJsonAsync<PurchaseOrderDto>())!;
        Assert.Equal("enviada", afterPartial.State);
        Assert.Equal(10, afterPartial.Lines.Single(l => l.ProductId == low.Id).ReceivedQuantity);
        Assert.Equal(13, (await stack.GetProductAsync(low.Id)).Stock);

        // The same delivery again (a retry): the order as it is, nothing enters twice.
        var replay = await negocio.SendAsync(Receive(order.Id, "entrega-1", new OrderLineQuantityRequest(low.Id, 10)));
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(13, (await stack.GetProductAsync(low.Id)).Stock);

        // More than is pending is refused naming the line.
        var tooMuch = await negocio.SendAsync(Receive(order.Id, "entrega-x", new OrderLineQuantityRequest(low.Id, 21)));
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.True((await tooMuch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("lines[0].quantity", out _));

        // The rest: everything pending.
        var rest = await negocio.SendAsync(Receive(order.Id, "entrega-2"));
        var final = (await rest.Content.ReadFromJsonAsync<PurchaseOrderDto>())!;
        Assert.Equal("recibida", final.State);
        Assert.NotNull(final.ClosedAt);
        Assert.Equal(33, (await stack.GetProductAsync(low.Id)).Stock);
        Assert.Equal(20, (await stack.GetProductAsync(empty.Id)).Stock);

        // Final: cancelling or sending again is refused.
        Assert.Equal(HttpStatusCode.Conflict, (await negocio.PostAsync($"{Orders}/{order.Id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await negocio.PostAsync($"{Orders}/{order.Id}/send", null)).StatusCode);
        var received = (await negocio.GetFromJsonAsync<PagedResult<PurchaseOrderDto>>($"{Orders}?state=recibida&supplierId={supplier.Id}"))!;
        Assert.Equal(order.Id, received.Items.Single().Id);
    }

    [Fact]
    public async Task Receive_WithDepositoDown_Is503AndNothingIsRecorded()
    {
        using var negocio = stack.Client(stack.Negocio);
        var (supplier, low, _, _) = await SeedAsync(negocio);
        var order = await OrderForAsync(negocio, supplier);
        await negocio.PostAsync($"{Orders}/{order.Id}/send", null);

        await using var cutOff = stack.CreateNegocio(new Uri("http://127.0.0.1:9/"), stack.MlUrl);
        using var offline = stack.Client(cutOff);
        var response = await offline.SendAsync(Receive(order.Id, "entrega-1"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var after = (await negocio.GetFromJsonAsync<PurchaseOrderDto>($"{Orders}/{order.Id}"))!;
        Assert.Equal("enviada", after.State);
        Assert.All(after.Lines, l => Assert.Equal(0, l.ReceivedQuantity));
        Assert.Equal(3, (await stack.GetProductAsync(low.Id)).Stock);

        // The same key once deposito is back applies it.
        Assert.Equal(HttpStatusCode.OK, (await negocio.SendAsync(Receive(order.Id, "entrega-1"))).StatusCode);
        Assert.Equal(50, (await stack.GetProductAsync(low.Id)).Stock);
    }

    [Fact]
    public async Task Propose_CriticalProductAlreadyAtItsMaximum_IsSkippedWithTheReason()
    {
        using var negocio = stack.Client(stack.Negocio);
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var category = "Tope " + tag;
        // Minimum = maximum = stock: critical by the seasonal factor, yet nothing fits.
        var full = await stack.ProductAsync($"TP{tag}", $"Sal gruesa {tag}", await stack.CategoryAsync(category), 10, 10, stock: 10);
        await negocio.PostAsJsonAsync("/api/v1/suppliers", new SupplierRequest("Salinas " + tag, stack.NewCuit(), "RI", null, null, null, [category]));
        var proposal = await negocio.PostAsync($"{Orders}/proposals", null);
        Assert.Equal(HttpStatusCode.OK, proposal.StatusCode);
        var body = (await proposal.Content.ReadFromJsonAsync<OrderProposalDto>())!;
        Assert.Contains(body.Skipped, s => s.ProductId == full.Id && s.Reason.Contains("máximo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Receive_WithALongKeyOfAnyCharacters_IsAccepted()
    {
        using var negocio = stack.Client(stack.Negocio);
        var (supplier, low, _, _) = await SeedAsync(negocio);
        var order = await OrderForAsync(negocio, supplier);
        await negocio.PostAsync($"{Orders}/{order.Id}/send", null);
        var key = "remito #0001-00004567 / entrega de la mañana / " + new string('x', 13);
        Assert.Equal(60, key.Length);
        var response = await negocio.SendAsync(Receive(order.Id, key, new OrderLineQuantityRequest(low.Id, 5)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8, (await stack.GetProductAsync(low.Id)).Stock);
    }

    [Fact]
    public async Task Lifecycle_IllegalMovesAndBadInput_AreProblems()
    {
        using var negocio = stack.Client(stack.Negocio);
        var (supplier, low, _, _) = await SeedAsync(negocio);
        var order = await OrderForAsync(negocio, supplier);

        var noKey = await negocio.PostAsync($"{Orders}/{order.Id}/receive", null);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.True((await noKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        var foreign = await negocio.PutAsJsonAsync($"{Orders}/{order.Id}/lines", new OrderLinesRequest([new OrderLineQuantityRequest(999_999, 3)]));
        Assert.True((await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("lines[0].productId", out _));
        var empty = await negocio.PutAsJsonAsync($"{Orders}/{order.Id}/lines",
            new OrderLinesRequest(order.Lines.Select(l => new OrderLineQuantityRequest(l.ProductId, 0)).ToList()));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await negocio.GetAsync($"{Orders}?state=perdida")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await negocio.GetAsync($"{Orders}/{Guid.NewGuid()}")).StatusCode);

        Assert.Equal("cancelada", (await (await negocio.PostAsync($"{Orders}/{order.Id}/cancel", null)).Content.ReadFromJsonAsync<PurchaseOrderDto>())!.State);
        var send = await negocio.PostAsync($"{Orders}/{order.Id}/send", null);
        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Contains("cancelada", (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("state")[0].GetString());

        // Cancelled orders no longer hold the goods: the next proposal orders them again.
        var next = (await (await negocio.PostAsync($"{Orders}/proposals", null)).Content.ReadFromJsonAsync<OrderProposalDto>())!;
        Assert.Contains(next.Created, o => o.SupplierId == supplier.Id && o.Lines.Any(l => l.ProductId == low.Id));
    }
}
