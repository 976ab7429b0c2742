using System.Net.Http.Headers;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Ml;

/// <summary>
/// The ml tests that read or set ml's process-wide metrics (accuracy, drift) or its scheduled training: run on their own,
/// so that another test's training cannot change a metric between a promotion and its check.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MlTrainingTests
{
    public const string Name = "ml-training";
}

/// <summary>Issue 14 §5 end to end: a real deposito being filled while ml's scheduler waits, and a store too small to measure.</summary>
[Collection(MlTrainingTests.Name)]
public class MlTrainingScheduleTests
{
    /// <summary>A deposito on a real port with <paramref name="products"/> products in stock and nothing sold yet.</summary>
    private static async Task<(AgentsFactory Deposito, Uri Url, HttpClient Admin, List<int> Products)> DepositoAsync(TestDatabase database, int products)
    {
        var deposito = new AgentsFactory("deposito", database.ConnectionString);
        var url = deposito.StartOnKestrel();
        var admin = new HttpClient { BaseAddress = url };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", deposito.TokenFor("admin", Roles.Admin));
        var category = (await (await admin.PostAsJsonAsync("/api/v1/categories", new CategoryRequest("Almacén horario"))).Content.ReadFromJsonAsync<CategoryDto>())!;
        var ids = new List<int>();
        for (var i = 0; i < products; i++)
        {
            var created = await admin.PostAsJsonAsync("/api/v1/products", new ProductRequest($"HOR{i:D6}", $"Producto {i}", null, category.Id, null, 5, 100_000, 100m + i, 150m + i, null));
            created.EnsureSuccessStatusCode();
            ids.Add((await created.Content.ReadFromJsonAsync<ProductDto>())!.Id);
        }
        return (deposito, url, admin, ids);
    }

    /// <summary>One day of the store, as a seeder writes it: a delivery on the first day and each week, then the day's sales.</summary>
    private static async Task<int> WriteDayAsync(HttpClient admin, List<int> products, DateOnly today, int daysAgo, int firstDay, Random random)
    {
        var day = today.AddDays(-daysAgo);
        var lines = new List<StockMovementRequest>();
        if (daysAgo == firstDay || daysAgo % 7 == 0)
        {
            lines.AddRange(products.Select((id, i) => new StockMovementRequest(id, null, "entrada", 400, "compra", "Remito",
                Math.Round((100m + i) / (decimal)Math.Pow(1.045, daysAgo / 30.44), 2), At(day, 9))));
        }
        var sales = products.Select((id, i) => new StockMovementRequest(id, null, "salida", -(3 + (i % 5) + random.Next(3)), "venta", "Caja", null, At(day, 20))).ToList();
        lines.AddRange(sales);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements/batch") { Content = JsonContent.Create(new StockBatchRequest(lines)) };
        request.Headers.Add("Idempotency-Key", $"horario-{daysAgo}");
        (await admin.SendAsync(request)).EnsureSuccessStatusCode();
        return sales.Count;
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(-3));

    private static HttpClient Client(AgentsFactory agent, string role)
    {
        var client = agent.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agent.TokenFor("ana", role));
        return client;
    }

    [Fact]
    public async Task ScheduledTraining_WhileTheHistoryIsBeingLoaded_WaitsAndTrainsOnAllOfIt()
    {
        const int days = 60;
        await using var database = await TestDatabase.CreateAsync("mlquiet");
        var (deposito, url, admin, products) = await DepositoAsync(database, 25);
        await using var _ = deposito;
        using var __ = admin;
        // Scheduled training due at once, as in run.sh 20 s after start, while the history is written day by day.
        await using var ml = new AgentsFactory("ml", database.ConnectionString, new Dictionary<string, string?>
        {
            ["Ml:DepositoUrl"] = url.ToString(), ["Ml:RetrainInterval"] = "01:00:00", ["Ml:FirstTrainingDelay"] = "00:00:00",
            ["Ml:HistoryQuietPeriod"] = "00:00:05", ["Ml:HistoryQuietMaxWait"] = "00:05:00",
        });
        using var reader = Client(ml, Roles.Encargado);
        var today = BuenosAiresTime.Today(TimeProvider.System);
        var random = new Random(3);
        var written = 0;
        for (var daysAgo = days; daysAgo >= 1; daysAgo--)
        {
            written += await WriteDayAsync(admin, products, today, daysAgo, days, random);
            Assert.DoesNotContain((await reader.GetFromJsonAsync<ModelsDto>("/api/v1/models"))!.Versions, v => v.Model == "demand");
        }
        var loaded = DateTimeOffset.UtcNow;

        var models = await Poll.UntilAsync(() => reader.GetFromJsonAsync<ModelsDto>("/api/v1/models")!, m => m!.Versions.Any(v => v.Model == "demand"),
            TimeSpan.FromSeconds(120), "the scheduled training");

        var demand = Assert.Single(models!.Versions, v => v.Model == "demand");
        Assert.Equal(written, demand.HistoryRows);
        Assert.True(demand.TrainedAt >= loaded, $"trained at {demand.TrainedAt:O}, history loaded at {loaded:O}");
        Assert.NotNull(demand.AccuracyPercent);
        Assert.True(demand.Current);
        Assert.Equal(TrainingDecision.FirstModel, demand.Decision);
    }

    [Fact]
    public async Task Retrain_StoreTooSmallToMeasure_SinMedirEverywhereAndNoAccuracySample()
    {
        await using var database = await TestDatabase.CreateAsync("mlsmall");
        var (deposito, url, admin, products) = await DepositoAsync(database, 3);
        await using var _ = deposito;
        using var __ = admin;
        var today = BuenosAiresTime.Today(TimeProvider.System);
        var random = new Random(4);
        for (var daysAgo = 50; daysAgo >= 1; daysAgo--) await WriteDayAsync(admin, products, today, daysAgo, 50, random);
        await using var ml = new AgentsFactory("ml", database.ConnectionString, new Dictionary<string, string?> { ["Ml:DepositoUrl"] = url.ToString() });
        using var client = Client(ml, Roles.Admin);

        var report = (await (await client.PostAsync("/api/v1/models/retrain", null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<TrainingReportDto>())!;

        // Three products: fewer than the five a measurement needs, for demand and for prices alike. Stored and put in
        // service (there is nothing else), said to be unmeasured, and no accuracy exported for either.
        Assert.All(report.Models, m => Assert.Equal((null, true, TrainingDecision.FirstModel), (m.AccuracyPercent, m.Promoted, m.Decision)));
        var models = (await client.GetFromJsonAsync<ModelsDto>("/api/v1/models"))!;
        Assert.All(models.Versions.Where(v => v.Current), v => Assert.Null(v.AccuracyPercent));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.DoesNotContain("ml_prediction_accuracy_percent{", metrics, StringComparison.Ordinal);
        Assert.Contains("ml_model_version_info{model=\"demand\"", metrics, StringComparison.Ordinal);
        // Drift needs 20 products: not measured, so no figure and no sample either.
        Assert.Null(models.DemandDriftScore);
        Assert.DoesNotContain("ml_model_drift_score{", metrics, StringComparison.Ordinal);
    }
}
