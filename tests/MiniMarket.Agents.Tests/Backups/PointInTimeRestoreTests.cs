using System.Net.Http.Headers;
using System.Net.Http.Json;
using MiniMarket.Agents.Tests.Deposito;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Backups;

/// <summary>
/// The restore drill, run by ./test.sh: data written through deposito's API, a full backup, more data, a differential
/// backup, more data, a time noted, more data; the cluster destroyed; restored to the noted time, every table's rows and
/// checksum are what they were at that time and nothing after, and deposito starts on it; destroyed again and restored to
/// the latest archived WAL, everything is there. The three agents run (Agent:Role=all), so every schema is compared. pgBackRest 2.45 with continuous WAL archiving; the restore times are
/// written to the test report.
/// </summary>
public class PointInTimeRestoreTests
{
    private static async Task WriteAsync(Uri deposito, string token, string batch, int products)
    {
        using var client = new HttpClient { BaseAddress = deposito };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var category = await (await client.PostAsJsonAsync("/api/v1/categories", new CategoryRequest("Lote " + batch))).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<CategoryDto>();
        for (var i = 0; i < products; i++)
        {
            using var created = await client.PostAsJsonAsync("/api/v1/products", DepositoFixture.Request(category!.Id, $"PITR{batch}{i:D4}"));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var product = await created.Content.ReadFromJsonAsync<ProductDto>();
            foreach (var (kind, quantity, reason) in new[] { ("entrada", 10 + i, (string?)null), ("salida", -(1 + (i % 3)), "venta") })
            {
                using var moved = await DepositoFixture.MoveAsync(client, product!.Id, kind, quantity, reason: reason);
                Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
            }
        }
    }

    [Fact]
    public async Task Destroyed_RestoredToANotedTime_ThenToTheLatest_EveryTableAsItWas()
    {
        await using var cluster = await BackedUpCluster.CreateAsync();
        var report = new List<string>();

        await using (var deposito = new AgentsFactory("all", cluster.ConnectionString))
        {
            var url = deposito.StartOnKestrel();
            var token = deposito.TokenFor("maria", Roles.Encargado);
            await WriteAsync(url, token, "A", 5);
            await cluster.BackupAsync("full");
            await WriteAsync(url, token, "B", 5);
            await cluster.BackupAsync("diff");
            await WriteAsync(url, token, "C", 5);
        }
        var atNotedTime = await cluster.ChecksumsAsync();
        var noted = await cluster.NowAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await using (var deposito = new AgentsFactory("all", cluster.ConnectionString))
        {
            var url = deposito.StartOnKestrel();
            await WriteAsync(url, deposito.TokenFor("maria", Roles.Encargado), "D", 5);
        }
        await cluster.ArchiveNowAsync();
        var latest = await cluster.ChecksumsAsync();
        Assert.NotEqual(atNotedTime["deposito.stock_movements"], latest["deposito.stock_movements"]);

        await cluster.DestroyAsync();
        var toTime = await cluster.RestoreAsync(noted);

        Assert.Equal(atNotedTime, await cluster.ChecksumsAsync());
        await using (var deposito = new AgentsFactory("all", cluster.ConnectionString))
        {
            using var client = deposito.CreateClient();
            Assert.True((await client.GetAsync("/health/ready")).IsSuccessStatusCode);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", deposito.TokenFor("maria", Roles.Encargado));
            var page = await client.GetFromJsonAsync<PagedResult<ProductDto>>("/api/v1/products?pageSize=100");
            Assert.Equal(15, page!.Total);
            Assert.DoesNotContain(page.Items, p => p.Code.StartsWith("PITRD", StringComparison.Ordinal));
        }
        report.Add($"to a noted time: {toTime.TotalSeconds:0.0} s (restore + recovery until it accepts writes)");

        await cluster.DestroyAsync();
        var toLatest = await cluster.RestoreAsync();

        Assert.Equal(latest, await cluster.ChecksumsAsync());
        report.Add($"to the latest archived WAL: {toLatest.TotalSeconds:0.0} s");
        var tables = latest.Count;
        await TestReports.WriteAsync("restore",
            $"Point-in-time restore (pgBackRest, full + diff + WAL): {tables} tables equal to the noted time in {toTime.TotalSeconds:0.0} s, to the latest in {toLatest.TotalSeconds:0.0} s",
            report);
    }
}
