using System.Net;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;
using Npgsql;

namespace MiniMarket.Agents.Tests.Deposito;

/// <summary>Stock never lies under concurrency: row locks serialise, idempotency keys never apply twice.</summary>
public class ConcurrencyTests(DepositoFixture deposito) : IClassFixture<DepositoFixture>
{
    [Fact]
    public async Task SixtyFourParallelSalidas_AgainstStock40_ExactlyFortySucceed_StockZero_LedgerConsistent()
    {
        var product = await deposito.ProductAsync(stock: 40);
        using var client = deposito.Client();

        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => DepositoFixture.MoveAsync(client, product.Id, "salida", -1, reason: "venta")));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(40, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(24, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(0, await deposito.StockAsync(product.Id));
        var (stock, sum, count, brokenChains) = await LedgerAsync(product.Id);
        Assert.Equal(0, stock);
        Assert.Equal(0, sum);          // +40 entrada, 40 x -1
        Assert.Equal(41, count);
        Assert.Equal(0, brokenChains); // each movement starts where the previous one ended
    }

    [Fact]
    public async Task HundredRequests_ReplayedInParallelWithTheSameKeys_AppliedOnlyOnce()
    {
        var product = await deposito.ProductAsync(stock: 0);
        using var client = deposito.Client();
        var keys = Enumerable.Range(0, 100).Select(i => $"replay-{product.Id}-{i}").ToList();

        var first = await Task.WhenAll(keys.Select(k => DepositoFixture.MoveAsync(client, product.Id, "entrada", 2, k)));
        var replay = await Task.WhenAll(keys.Concat(keys).Select(k => DepositoFixture.MoveAsync(client, product.Id, "entrada", 2, k)));

        Assert.All(first, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.All(replay, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(200, await deposito.StockAsync(product.Id));
        var (stock, sum, count, brokenChains) = await LedgerAsync(product.Id);
        Assert.Equal((200, 200, 100, 0), (stock, sum, count, brokenChains));
    }

    [Fact]
    public async Task SameKeySentConcurrently_OneAppliesTheOthersReplayIt()
    {
        var product = await deposito.ProductAsync(stock: 0);
        using var client = deposito.Client();
        var key = "race-" + Guid.NewGuid();

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => DepositoFixture.MoveAsync(client, product.Id, "entrada", 5, key)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(15, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<StockMovementDto>())!.Id));
        Assert.Single(ids.Distinct());
        Assert.Equal(5, await deposito.StockAsync(product.Id));
    }

    [Fact]
    public async Task CrossedBatches_OnTheSameProducts_NeverDeadlock()
    {
        var a = await deposito.ProductAsync(stock: 500);
        var b = await deposito.ProductAsync(stock: 500);
        using var client = deposito.Client();

        Task<HttpResponseMessage> Batch(bool aFirst)
        {
            StockMovementRequest la = new(a.Id, null, "salida", -1, "venta", null, null), lb = new(b.Id, null, "salida", -1, "venta", null, null);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements/batch")
            {
                Content = JsonContent.Create(new StockBatchRequest(aFirst ? [la, lb] : [lb, la])),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            return client.SendAsync(request);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Batch(i % 2 == 0)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(460, await deposito.StockAsync(a.Id));
        Assert.Equal(460, await deposito.StockAsync(b.Id));
    }

    /// <summary>Stock, sum of movement quantities, movement count and how many movements do not start where the previous ended.</summary>
    private async Task<(int Stock, long Sum, long Count, long BrokenChains)> LedgerAsync(int productId)
    {
        await using var connection = new NpgsqlConnection(deposito.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT p.stock,
                   COALESCE((SELECT SUM(quantity) FROM deposito.stock_movements WHERE product_id = p.id), 0),
                   (SELECT COUNT(*) FROM deposito.stock_movements WHERE product_id = p.id),
                   (SELECT COUNT(*) FROM (
                        SELECT stock_before, LAG(stock_after) OVER (ORDER BY id) AS previous
                        FROM deposito.stock_movements WHERE product_id = p.id) m
                    WHERE m.previous IS NOT NULL AND m.previous <> m.stock_before)
            FROM deposito.products p WHERE p.id = @id
            """, connection);
        command.Parameters.AddWithValue("id", productId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}
