using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Ml;

/// <summary>
/// A deposito on a real port with 70 days of sales and purchases, and an ml agent reading it with its service token:
/// training, versioning, promotion, forecasts, prices, inflation and their metrics, end to end.
/// </summary>
public sealed class MlHistoryFixture : IAsyncLifetime
{
    public const int Days = 70;
    public const decimal MonthlyInflationPercent = 4.5m;
    private TestDatabase? _database;

    public AgentsFactory Deposito { get; private set; } = null!;
    public Uri DepositoUrl { get; private set; } = null!;
    public List<int> ProductIds { get; } = [];
    public int NewProductId { get; private set; }
    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("ml");
        Deposito = new AgentsFactory("deposito", _database.ConnectionString);
        DepositoUrl = Deposito.StartOnKestrel();
        using var admin = new HttpClient { BaseAddress = DepositoUrl };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Deposito.TokenFor("admin", Roles.Admin));
        var category = (await (await admin.PostAsJsonAsync("/api/v1/categories", new CategoryRequest("Almacén ML"))).Content.ReadFromJsonAsync<CategoryDto>())!;
        for (var i = 0; i < 31; i++)
        {
            var created = await admin.PostAsJsonAsync("/api/v1/products", new ProductRequest($"MLT{i:D6}", $"Producto {i}", null, category.Id, null, 5, 100_000, 100m + i, 150m + i, null));
            created.EnsureSuccessStatusCode();
            ProductIds.Add((await created.Content.ReadFromJsonAsync<ProductDto>())!.Id);
        }
        NewProductId = ProductIds[^1];
        var today = BuenosAiresTime.Today(TimeProvider.System);
        var random = new Random(7);
        for (var daysAgo = Days; daysAgo >= 1; daysAgo--)
        {
            var day = today.AddDays(-daysAgo);
            var active = daysAgo <= 10 ? ProductIds : ProductIds[..^1]; // the last product is new: 10 days of history
            var lines = new List<StockMovementRequest>();
            if (daysAgo % 7 == 0 || daysAgo == Days || daysAgo == 10)
            {
                var growth = Math.Pow(1 + (double)MonthlyInflationPercent / 100, -daysAgo / 30.44);
                lines.AddRange(active.Select((id, i) => new StockMovementRequest(id, null, "entrada", 500, "compra", "Remito", Math.Round((100m + i) * (decimal)growth, 2), At(day, 9))));
            }
            var weekday = day.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday ? 1.3 : 1.0;
            lines.AddRange(active.Select((id, i) => new StockMovementRequest(id, null, "salida", -(int)Math.Max(1, Math.Round((5 + i % 7) * weekday * (0.8 + 0.4 * random.NextDouble()))), "venta", "Caja", null, At(day, 20))));
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements/batch") { Content = JsonContent.Create(new StockBatchRequest(lines)) };
            request.Headers.Add("Idempotency-Key", $"ml-history-{daysAgo}");
            (await admin.SendAsync(request)).EnsureSuccessStatusCode();
        }
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(-3));

    public AgentsFactory Ml(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Ml:DepositoUrl"] = DepositoUrl.ToString(), ["Ml:BaselineMonthlyInflationPercent"] = "4.5" };
        foreach (var (key, value) in settings) all[key] = value;
        return new AgentsFactory("ml", ConnectionString, all);
    }

    public async Task DisposeAsync()
    {
        await Deposito.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

[Collection(MlTrainingTests.Name)]
public class ModelsApiTests(MlHistoryFixture history) : IClassFixture<MlHistoryFixture>
{
    private static HttpClient Client(AgentsFactory agent, string role)
    {
        var client = agent.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agent.TokenFor("ana", role));
        return client;
    }

    private static double Metric(string metrics, string series) => MetricsText.Value(metrics, series);

    [Fact]
    public async Task Retrain_ThenForecastPriceInflationAndModels_AllServedFromTheStoredVersion()
    {
        await using var ml = history.Ml();
        using var admin = Client(ml, Roles.Admin);
        using var manager = Client(ml, Roles.Encargado);

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync("/api/v1/models/retrain", null)).StatusCode);

        var first = await admin.PostAsync("/api/v1/models/retrain", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var report = (await first.Content.ReadFromJsonAsync<TrainingReportDto>())!;
        var demand = Assert.Single(report.Models, m => m.Model == "demand");
        Assert.NotNull(demand.AccuracyPercent);
        Assert.InRange(demand.AccuracyPercent.Value, 50, 100);
        Assert.True(demand.HistoryRows > 30 * 50, $"{demand.HistoryRows} sales rows");
        Assert.True(demand.TrainingRows > demand.HistoryRows);
        Assert.Single(report.Models, m => m.Model == "price");
        // Other tests of this class share the database: a model promoted by them may be the one in service.
        var models = (await manager.GetFromJsonAsync<ModelsDto>("/api/v1/models"))!;
        var current = Assert.Single(models.Versions, v => v.Model == "demand" && v.Current);
        Assert.Equal(demand.Promoted, current.Version == demand.Version);

        var forecast = (await manager.GetFromJsonAsync<DemandForecastDto>($"/api/v1/forecasts/demand/{history.ProductIds[3]}?horizon=7"))!;
        Assert.Equal(7, forecast.HorizonDays);
        Assert.Equal(7, forecast.Days.Count);
        Assert.InRange(forecast.Expected, 7 * 5, 7 * 20);
        Assert.True(forecast.P10 <= forecast.Expected && forecast.Expected <= forecast.P90);
        Assert.Equal(current.Version, forecast.ModelVersion);
        // Each day carries the running total and its band, the last day's being the forecast's (to rounding).
        Assert.All(forecast.Days, d => Assert.True(d.CumulativeP10 <= d.CumulativeExpected && d.CumulativeExpected <= d.CumulativeP90, $"{d.Day}"));
        Assert.Equal(forecast.Days.Sum(d => d.Expected), forecast.Days[^1].CumulativeExpected, 0.05);
        Assert.Equal((forecast.Expected, forecast.P10, forecast.P90), (forecast.Days[^1].CumulativeExpected, forecast.Days[^1].CumulativeP10, forecast.Days[^1].CumulativeP90));

        var unknown = await manager.GetAsync("/api/v1/forecasts/demand/987654");
        await Deposito.Problems.AssertFieldAsync(unknown, HttpStatusCode.NotFound, "productId");
        var young = await manager.GetAsync($"/api/v1/forecasts/demand/{history.NewProductId}");
        await Deposito.Problems.AssertFieldAsync(young, HttpStatusCode.UnprocessableEntity, "productId");
        await Deposito.Problems.AssertFieldAsync(await manager.GetAsync($"/api/v1/forecasts/demand/{history.ProductIds[0]}?horizon=45"), HttpStatusCode.BadRequest, "horizon");

        var all = (await manager.GetFromJsonAsync<DemandForecastListDto>("/api/v1/forecasts/demand?horizon=1"))!;
        Assert.Equal(30, all.Forecasts.Count);
        Assert.Contains(all.Unavailable, g => g.ProductId == history.NewProductId && g.Reason == "historia_insuficiente");

        var price = (await manager.GetFromJsonAsync<PriceForecastDto>($"/api/v1/forecasts/price/{history.ProductIds[0]}?date={BuenosAiresTime.Today(TimeProvider.System).AddDays(30):yyyy-MM-dd}"))!;
        Assert.True(price.ExpectedUnitCost > price.LastUnitCost, "a month ahead under inflation the cost is higher");
        Assert.InRange(price.ExpectedUnitCost, 100m, 115m);

        var inflation = (await manager.GetFromJsonAsync<InflationDto>("/api/v1/inflation"))!;
        Assert.Equal(4.5m, inflation.BaselineMonthlyPercent);
        Assert.NotNull(inflation.MeasuredMonthlyPercent);
        Assert.InRange(inflation.MeasuredMonthlyPercent!.Value, 3.5, 5.5);

        Assert.Contains(models.Versions, v => v.Model == "demand" && v.Version == demand.Version);

        var metrics = await manager.GetStringAsync("/metrics");
        Assert.Equal(1, Metric(metrics, $"ml_model_version_info{{model=\"demand\",version=\"{current.Version}\"}}"));
        Assert.InRange(Metric(metrics, "ml_prediction_accuracy_percent{model=\"demand\"}"), 50, 100);
        Assert.Equal(4.5, Metric(metrics, "ml_inflacion_baseline_percent"));
        Assert.InRange(Metric(metrics, "ml_inflacion_calculada_percent"), 3.5, 5.5);

        // A second training today is a new version. The one in service was trained on its holdout weeks: it is not measured
        // there (no in-sample figure, no fallback to its own old one), and the new version, measured on weeks it never saw,
        // replaces it.
        var second = (await (await admin.PostAsync("/api/v1/models/retrain", null)).Content.ReadFromJsonAsync<TrainingReportDto>())!;
        var again = Assert.Single(second.Models, m => m.Model == "demand");
        Assert.Equal(demand.Version + 1, again.Version);
        Assert.Equal(current.Version, again.CurrentVersion);
        Assert.Null(again.CurrentAccuracyPercent);
        Assert.Equal(TrainingDecision.CurrentNotMeasurable, again.Decision);
        Assert.True(again.Promoted);
        Assert.Contains("no sería justo", again.Reason, StringComparison.Ordinal);
        // The price method in service is measured on the new purchases' holdout, like the new one.
        var price2 = Assert.Single(second.Models, m => m.Model == "price");
        Assert.Equal(TrainingDecision.Compared, price2.Decision);
        Assert.NotNull(price2.CurrentAccuracyPercent);
        Assert.Equal(price2.AccuracyPercent >= price2.CurrentAccuracyPercent, price2.Promoted);
        var listed = (await manager.GetFromJsonAsync<ModelsDto>("/api/v1/models"))!;
        var row = Assert.Single(listed.Versions, v => v.Model == "demand" && v.Version == again.Version);
        Assert.Equal((again.Decision, again.CurrentVersion, again.HistoryRows, again.Reason), (row.Decision, row.ComparedVersion, row.HistoryRows, row.Note));
    }

    [Fact]
    public async Task Retrain_NewVersionInService_ItsDriftIsMeasuredAtOnce()
    {
        // The monitor runs every hour here: the drift on the page right after a training must still be the new version's.
        await using var ml = history.Ml(("Ml:MonitorInterval", "01:00:00"));
        using var admin = Client(ml, Roles.Admin);

        var report = (await (await admin.PostAsync("/api/v1/models/retrain", null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<TrainingReportDto>())!;

        var demand = Assert.Single(report.Models, m => m.Model == "demand");
        Assert.True(demand.Promoted, demand.Reason);
        var models = (await admin.GetFromJsonAsync<ModelsDto>("/api/v1/models"))!;
        Assert.Equal(demand.Version, models.DriftModelVersion);
        Assert.NotNull(models.DemandDriftScore);
        Assert.Equal(models.DemandDriftScore!.Value, Metric(await admin.GetStringAsync("/metrics"), "ml_model_drift_score{model=\"demand\"}"), 6);
    }

    [Fact]
    public async Task Forecast_SameQuestionTwice_SecondIsACacheHit()
    {
        await using var ml = history.Ml();
        using var admin = Client(ml, Roles.Admin);
        (await admin.PostAsync("/api/v1/models/retrain", null)).EnsureSuccessStatusCode();
        var path = $"/api/v1/forecasts/demand/{history.ProductIds[5]}?horizon=14";
        var hitsBefore = Metric(await admin.GetStringAsync("/metrics"), "ml_cache_hits_total");
        var first = await admin.GetStringAsync(path);
        var second = await admin.GetStringAsync(path);
        Assert.Equal(first, second);
        Assert.True(Metric(await admin.GetStringAsync("/metrics"), "ml_cache_hits_total") >= hitsBefore + 1);
    }

    [Fact]
    public async Task Forecast_RedisDown_StillServedAndCountedAsMiss()
    {
        await using var ml = history.Ml(("ConnectionStrings:Redis", "127.0.0.1:1,connectTimeout=200"));
        using var admin = Client(ml, Roles.Admin);
        (await admin.PostAsync("/api/v1/models/retrain", null)).EnsureSuccessStatusCode();
        var response = await admin.GetAsync($"/api/v1/forecasts/demand/{history.ProductIds[2]}?horizon=3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Retrain_DepositoUnreachable_Is503WithRetryAfterAndNoModelToServe()
    {
        await using var database = await TestDatabase.CreateAsync("mlempty");
        await using var ml = new AgentsFactory("ml", database.ConnectionString);
        using var admin = Client(ml, Roles.Admin);
        var response = await admin.PostAsync("/api/v1/models/retrain", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync($"/api/v1/forecasts/demand/{history.ProductIds[0]}")).StatusCode);
    }
}
