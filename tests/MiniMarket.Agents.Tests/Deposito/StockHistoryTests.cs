using System.Net;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Tests.Deposito;

public class StockHistoryTests(DepositoFixture deposito) : IClassFixture<DepositoFixture>
{
    private static async Task MoveAtAsync(HttpClient client, int productId, string kind, int quantity, string? reason, decimal? price, DateOnly day)
    {
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(20, 30)), TimeSpan.FromHours(-3));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements")
        {
            Content = JsonContent.Create(new StockMovementRequest(productId, null, kind, quantity, reason, null, price, at)),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task History_SalesAndPurchasesOnPastDays_AreSummedPerBuenosAiresDay()
    {
        var product = await deposito.ProductAsync();
        using var admin = deposito.Client(Roles.Admin, "admin");
        var today = BuenosAiresTime.Today(TimeProvider.System);
        var d1 = today.AddDays(-10);
        var d2 = today.AddDays(-9);
        await MoveAtAsync(admin, product.Id, "entrada", 10, "compra", 100m, d1);
        await MoveAtAsync(admin, product.Id, "entrada", 30, "compra", 120m, d1);
        await MoveAtAsync(admin, product.Id, "salida", -3, "venta", null, d1);
        await MoveAtAsync(admin, product.Id, "salida", -4, "venta", null, d1);
        await MoveAtAsync(admin, product.Id, "salida", -2, "rotura", null, d1);     // waste is not a sale
        await MoveAtAsync(admin, product.Id, "salida", -5, "venta", null, d2);

        using var ml = deposito.Client(Roles.Ml, "ml");
        var sales = (await ml.GetFromJsonAsync<SalesHistoryDto>($"/api/v1/stock/history/sales?productId={product.Id}&from={d1:yyyy-MM-dd}&to={today:yyyy-MM-dd}"))!;
        Assert.Equal([new DailySalesDto(product.Id, d1, 7), new DailySalesDto(product.Id, d2, 5)], sales.Days);
        var purchases = (await ml.GetFromJsonAsync<PurchaseHistoryDto>($"/api/v1/stock/history/purchases?productId={product.Id}&from={d1:yyyy-MM-dd}"))!;
        Assert.Equal([new DailyPurchaseDto(product.Id, d1, 115m, 40)], purchases.Days);
    }

    [Fact]
    public async Task History_WindowBackwardsOrTooLong_Is400NamingTheField()
    {
        using var client = deposito.Client();
        await Problems.AssertFieldAsync(await client.GetAsync("/api/v1/stock/history/sales?from=2026-05-01&to=2026-04-01"), HttpStatusCode.BadRequest, "to");
        await Problems.AssertFieldAsync(await client.GetAsync("/api/v1/stock/history/purchases?from=2020-01-01&to=2026-04-01"), HttpStatusCode.BadRequest, "from");
    }
}
