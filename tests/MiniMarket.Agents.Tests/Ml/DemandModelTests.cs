using System.Globalization;
using MiniMarket.Agents.Ml.Forecasting;
using Xunit.Abstractions;

namespace MiniMarket.Agents.Tests.Ml;

public class DemandModelTests(DemoDemandModel demo, ITestOutputHelper output) : IClassFixture<DemoDemandModel>
{
    [Fact]
    public void Train_DemoLikeHistory_SevenDayAccuracyAboveFloor()
    {
        var evaluation = demo.Model.Evaluation;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained in {demo.TrainingTime.TotalSeconds:0.0} s on {evaluation.TrainingRows} rows; holdout {evaluation.HoldoutFrom:yyyy-MM-dd}..{evaluation.HoldoutTo:yyyy-MM-dd}; trees weight {evaluation.ModelWeight:0.0}, trees alone {evaluation.TreesOnlyAccuracyPercent:0.00} %"));
        foreach (var h in evaluation.Horizons)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"h={h.HorizonDays,2}: accuracy {h.AccuracyPercent:0.00} % (seasonal naive {h.BaselineAccuracyPercent:0.00} %), WAPE {h.WapePercent:0.00} %, band x[{h.P10Ratio:0.000}, {h.P90Ratio:0.000}], {h.Windows} windows"));
        }

        // A loose floor: fails if the model is broken, not a benchmark (the generator's own expected values score ~94-95 %).
        Assert.True(evaluation.AccuracyPercent > 80, $"7-day accuracy {evaluation.AccuracyPercent:0.00} %");
        Assert.Equal([1, 3, 7, 14], evaluation.Horizons.Select(h => h.HorizonDays));
        Assert.Equal(evaluation.AccuracyPercent, evaluation.AccuracyByHorizon()[7]);
        Assert.Equal(DemoDemandModel.Products, evaluation.ProductsEvaluated);
        Assert.Equal(DemoDemandModel.AsOf.AddDays(-14), evaluation.HoldoutFrom);
        Assert.True(demo.Model.TrainingRows > 50_000);
    }

    [Fact]
    public void Forecast_NextWeek_CloseToWhatWasSoldAndBandCoversMost()
    {
        var actual = demo.NextWeek.GroupBy(s => s.ProductId).ToDictionary(g => g.Key, g => (double)g.Sum(s => s.Units));
        var errors = new List<double>();
        var inside = 0;
        for (var product = 1; product <= DemoDemandModel.Products; product++)
        {
            var forecast = demo.Model.Forecast(product, DemoDemandModel.AsOf, 7);
            var sold = actual.GetValueOrDefault(product);
            errors.Add(Math.Abs(forecast.Expected - sold) / sold);
            inside += sold >= forecast.P10 && sold <= forecast.P90 ? 1 : 0;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"next week: accuracy {100 - (errors.Average() * 100):0.00} %, p10-p90 band holds {inside} of {DemoDemandModel.Products}"));
        Assert.True(errors.Average() < 0.2, $"MAPE {errors.Average():P1}");
        // The nominal coverage is 80 %; one week of 150 products is a small, correlated sample.
        Assert.InRange(inside, 0.6 * DemoDemandModel.Products, 0.97 * DemoDemandModel.Products);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(14)]
    [InlineData(30)]
    public void Forecast_AnyProductAndHorizon_BandContainsExpectedAndDaysAddUp(int horizon)
    {
        foreach (var product in demo.Model.ProductIds)
        {
            var forecast = demo.Model.Forecast(product, DemoDemandModel.AsOf, horizon);

            Assert.True(forecast.P10 <= forecast.Expected && forecast.Expected <= forecast.P90, $"{forecast}");
            Assert.True(forecast.P10 < forecast.P90);
            Assert.Equal(horizon, forecast.Days.Count);
            Assert.Equal(DemoDemandModel.AsOf.AddDays(horizon - 1), forecast.Days[^1].Day);
            Assert.Equal(forecast.Expected, forecast.Days.Sum(d => d.Expected), 9);
            Assert.All(forecast.Days, d => Assert.True(d.Expected > 0));
        }
    }

    [Fact]
    public void Forecast_LongerHorizon_MoreUnits()
    {
        var totals = DemandTrainingOptions.StandardHorizons.Select(h => demo.Model.Forecast(1, DemoDemandModel.AsOf, h).Expected).ToList();

        Assert.Equal(totals.Order(), totals);
        Assert.InRange(totals[^1] / totals[2], 30.0 / 7 * 0.8, 30.0 / 7 * 1.2);
    }

    [Fact]
    public void SaveLoad_RoundTrip_IdenticalForecastsAndMetadata()
    {
        using var file = new MemoryStream();
        demo.Model.Save(file);
        file.Position = 0;

        var loaded = TrainedDemandModel.Load(file);

        Assert.Equal(demo.Model.AsOf, loaded.AsOf);
        Assert.Equal(demo.Model.TrainedAt, loaded.TrainedAt);
        Assert.Equal(demo.Model.TrainingRows, loaded.TrainingRows);
        Assert.Equal(demo.Model.Evaluation.AccuracyPercent, loaded.Evaluation.AccuracyPercent);
        Assert.Equal(demo.Model.Evaluation.Horizons, loaded.Evaluation.Horizons);
        Assert.Equal(demo.Model.ReferenceMean7Ratios, loaded.ReferenceMean7Ratios);
        Assert.Equal(demo.Model.ProductIds.Order(), loaded.ProductIds.Order());
        foreach (var product in demo.Model.ProductIds)
        {
            foreach (var horizon in DemandTrainingOptions.StandardHorizons)
            {
                var before = demo.Model.Forecast(product, DemoDemandModel.AsOf.AddDays(2), horizon);
                var after = loaded.Forecast(product, DemoDemandModel.AsOf.AddDays(2), horizon);
                Assert.Equal((before.Expected, before.P10, before.P90), (after.Expected, after.P10, after.P90));
                Assert.Equal(before.Days, after.Days);
            }
        }
    }

    [Fact]
    public void Forecast_FromSeveralThreads_SameAsOneByOne()
    {
        var expected = demo.Model.ProductIds.ToDictionary(p => p, p => demo.Model.Forecast(p, DemoDemandModel.AsOf, 7).Expected);
        var concurrent = new System.Collections.Concurrent.ConcurrentDictionary<int, double>();

        Parallel.ForEach(demo.Model.ProductIds, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            p => concurrent[p] = demo.Model.Forecast(p, DemoDemandModel.AsOf, 7).Expected);

        Assert.Equal(expected.OrderBy(p => p.Key), concurrent.OrderBy(p => p.Key));
    }

    [Fact]
    public void WithHistory_ProductSalesDoubledForFourWeeks_ForecastRises()
    {
        var boosted = demo.History.Select(s => s.ProductId == 5 && s.Day >= DemoDemandModel.AsOf.AddDays(-28) ? s with { Units = s.Units * 2 } : s).ToList();

        var fresh = demo.Model.WithHistory(boosted, DemoDemandModel.AsOf);

        var before = demo.Model.Forecast(5, DemoDemandModel.AsOf, 7).Expected;
        var after = fresh.Forecast(5, DemoDemandModel.AsOf, 7).Expected;
        Assert.True(after > before * 1.3, $"{before:0.0} -> {after:0.0}");
        Assert.Equal(demo.Model.Forecast(6, DemoDemandModel.AsOf, 7).Expected, fresh.Forecast(6, DemoDemandModel.AsOf, 7).Expected, 9);
        Assert.Equal(demo.Model.Evaluation, fresh.Evaluation);
    }

    [Fact]
    public void Forecast_StartingAfterTheTrainingDate_UsesTheSameKnownSales()
    {
        var later = demo.Model.Forecast(1, DemoDemandModel.AsOf.AddDays(7), 7);

        Assert.Equal(DemoDemandModel.AsOf.AddDays(7), later.Days[0].Day);
        Assert.Throws<ArgumentOutOfRangeException>(() => demo.Model.Forecast(1, DemoDemandModel.AsOf.AddDays(31), 7));
    }

    [Fact]
    public void Forecast_UnknownProduct_UnknownProductReason()
    {
        Assert.Equal(ProductForecastStatus.UnknownProduct, demo.Model.StatusOf(999));

        var ex = Assert.Throws<ForecastUnavailableException>(() => demo.Model.Forecast(999, DemoDemandModel.AsOf, 7));

        Assert.Equal(ForecastUnavailableReason.UnknownProduct, ex.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void Forecast_HorizonOutsideOneToThirty_Throws(int horizon)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => demo.Model.Forecast(1, DemoDemandModel.AsOf, horizon));
    }
}
