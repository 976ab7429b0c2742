using Microsoft.Extensions.Time.Testing;
using MiniMarket.Agents.Ml.Forecasting;

namespace MiniMarket.Agents.Tests.Ml;

public class DemandModelEdgeTests
{
    private static readonly DateOnly AsOf = new(2026, 10, 1);

    [Fact]
    public void Train_ConstantSales_ForecastsTheConstantWithABandAroundIt()
    {
        var model = new DemandModelTrainer().Train(SyntheticSales.Constant(20, 5, AsOf, 70), AsOf);

        foreach (var horizon in DemandTrainingOptions.StandardHorizons)
        {
            var forecast = model.Forecast(3, AsOf, horizon);

            Assert.Equal(5.0 * horizon, forecast.Expected, 1e-6 * horizon);
            Assert.All(forecast.Days, d => Assert.Equal(5.0, d.Expected, 1e-6));
            Assert.True(forecast.P10 <= forecast.Expected && forecast.Expected <= forecast.P90);
        }

        // Measured (20 products sold in every holdout window) and exact: a constant is forecast without error.
        Assert.Equal(100, model.Evaluation.AccuracyPercent!.Value, 6);
    }

    [Fact]
    public void Forecast_EachDay_CarriesTheRunningTotalWithTheBandOfAForecastThatLong()
    {
        var model = new DemandModelTrainer().Train(SyntheticSales.Demo(30, AsOf, 90, seed: 5), AsOf);

        var forecast = model.Forecast(4, AsOf, 14);

        var total = 0.0;
        for (var k = 0; k < forecast.Days.Count; k++)
        {
            var day = forecast.Days[k];
            total += day.Expected;
            Assert.Equal(total, day.CumulativeExpected, 1e-9);
            // The first k + 1 days of a 14-day forecast are a (k + 1)-day forecast from the same day, band and all.
            var shorter = model.Forecast(4, AsOf, k + 1);
            Assert.Equal(shorter.Expected, day.CumulativeExpected, 1e-9);
            Assert.Equal(shorter.P10, day.CumulativeP10, 1e-9);
            Assert.Equal(shorter.P90, day.CumulativeP90, 1e-9);
            Assert.True(day.CumulativeP10 <= day.CumulativeExpected && day.CumulativeExpected <= day.CumulativeP90, $"day {k + 1}");
        }
        Assert.Equal((forecast.Expected, forecast.P10, forecast.P90), (forecast.Days[^1].CumulativeExpected, forecast.Days[^1].CumulativeP10, forecast.Days[^1].CumulativeP90));
        Assert.True(forecast.Days[^1].CumulativeP90 - forecast.Days[^1].CumulativeP10 > forecast.Days[0].CumulativeP90 - forecast.Days[0].CumulativeP10);
    }

    [Fact]
    public void Train_SameDataTwice_SameForecasts()
    {
        var history = SyntheticSales.Demo(30, AsOf, 70, seed: 11);
        var options = new DemandTrainingOptions { NumberOfTrees = 30 };

        var first = new DemandModelTrainer().Train(history, AsOf, options);
        var second = new DemandModelTrainer().Train(history, AsOf, options);

        Assert.Equal(first.Evaluation.Horizons, second.Evaluation.Horizons);
        Assert.All(Enumerable.Range(1, 30), p => Assert.Equal(first.Forecast(p, AsOf, 14).Expected, second.Forecast(p, AsOf, 14).Expected));
    }

    [Fact]
    public void Forecast_ProductSellingForTenDaysOnly_InsufficientHistory()
    {
        var history = SyntheticSales.Demo(20, AsOf, 70, seed: 12);
        history.AddRange(Enumerable.Range(1, 10).Select(back => new DailySales(77, AsOf.AddDays(-back), 3)));
        var model = new DemandModelTrainer().Train(history, AsOf, new DemandTrainingOptions { NumberOfTrees = 20 });

        Assert.Equal(ProductForecastStatus.InsufficientHistory, model.StatusOf(77));
        Assert.Equal(ProductForecastStatus.Ready, model.StatusOf(1));
        var ex = Assert.Throws<ForecastUnavailableException>(() => model.Forecast(77, AsOf, 7));
        Assert.Equal(ForecastUnavailableReason.InsufficientHistory, ex.Reason);
        Assert.Equal(10, ex.HistoryDays);
        Assert.Equal(28, ex.RequiredDays);
    }

    [Fact]
    public void Forecast_ProductThatStoppedSelling_Zero()
    {
        var history = SyntheticSales.Demo(20, AsOf, 120, seed: 13).Where(s => s.ProductId != 4 || s.Day < AsOf.AddDays(-100)).ToList();
        var model = new DemandModelTrainer().Train(history, AsOf, new DemandTrainingOptions { NumberOfTrees = 20 });

        var forecast = model.Forecast(4, AsOf, 7);

        Assert.Equal((0.0, 0.0, 0.0), (forecast.Expected, forecast.P10, forecast.P90));
    }

    [Fact]
    public void Train_HistoryShorterThanMinimumPlusHoldout_Throws()
    {
        // Training origins need 10 days of history, and the last 14 are held out: 23 days leave none.
        var history = SyntheticSales.Constant(10, 4, AsOf, 23);

        var ex = Assert.Throws<InsufficientSalesHistoryException>(() => new DemandModelTrainer().Train(history, AsOf));

        Assert.Contains("10 days", ex.Message, StringComparison.Ordinal);
        _ = new DemandModelTrainer().Train(SyntheticSales.Constant(10, 4, AsOf, 25), AsOf, new DemandTrainingOptions { NumberOfTrees = 5 });
        Assert.Throws<InsufficientSalesHistoryException>(() => new DemandModelTrainer().Train([], AsOf));
    }

    [Fact]
    public void Train_SalesOnOrAfterTheTrainingDate_Ignored()
    {
        var history = SyntheticSales.Constant(10, 4, AsOf, 70);
        var withFuture = history.Concat(SyntheticSales.Constant(10, 400, AsOf.AddDays(30), 30)).ToList();
        var options = new DemandTrainingOptions { NumberOfTrees = 20 };

        var model = new DemandModelTrainer().Train(withFuture, AsOf, options);

        Assert.Equal(28.0, model.Forecast(1, AsOf, 7).Expected, 1e-6);
    }

    [Fact]
    public void Train_WithAccumulatedInflationFeature_ForecastsAndRoundTrips()
    {
        var options = new DemandTrainingOptions { UseAccumulatedInflationFeature = true, MonthlyInflationPercent = 6m, NumberOfTrees = 20 };
        var model = new DemandModelTrainer().Train(SyntheticSales.Demo(20, AsOf, 70, seed: 14), AsOf, options);
        using var file = new MemoryStream();
        model.Save(file);
        file.Position = 0;

        var loaded = TrainedDemandModel.Load(file);

        Assert.True(model.Forecast(2, AsOf, 7).Expected > 0);
        Assert.Equal(model.Forecast(2, AsOf, 7), loaded.Forecast(2, AsOf, 7), (a, b) => a.Expected == b.Expected && a.P90 == b.P90);
    }

    [Fact]
    public void Train_TrainedAtFromTheTimeProvider()
    {
        var now = new DateTimeOffset(2026, 10, 1, 9, 30, 0, TimeSpan.Zero);

        var model = new DemandModelTrainer(new FakeTimeProvider(now)).Train(SyntheticSales.Constant(5, 2, AsOf, 60), AsOf);

        Assert.Equal(now, model.TrainedAt);
        Assert.Equal(AsOf, model.AsOf);
    }

    [Fact]
    public void Options_HoldoutShorterThanAWeek_Refused()
    {
        Assert.Throws<ArgumentException>(() =>
            new DemandModelTrainer().Train(SyntheticSales.Constant(5, 2, AsOf, 60), AsOf, new DemandTrainingOptions { HoldoutDays = 5 }));
    }

    [Fact]
    public void Load_NotAModelFile_InvalidData()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("readme.txt");
        }

        zip.Position = 0;
        Assert.Throws<InvalidDataException>(() => TrainedDemandModel.Load(zip));
        Assert.Throws<InvalidDataException>(() => TrainedDemandModel.Load(new MemoryStream([1, 2, 3, 4])));
    }
}
