using System.Globalization;
using MiniMarket.Agents.Ml.Forecasting;
using MiniMarket.Console.Demo;
using Xunit.Abstractions;

namespace MiniMarket.Agents.Tests.Ml;

/// <summary>
/// run.sh's demo store on 6 December 2026, offline: the 395 days <see cref="DemoHistory"/> plays (the very code the seeder
/// writes to deposito with: <see cref="DemoStore"/>'s sales, capped by stock) and the demand model trained on all of them,
/// as the demo's last step leaves it in service.
/// </summary>
public sealed class DemoStoreOnDecember6
{
    public static readonly DateOnly Today = new(2026, 12, 6);

    public DemoStoreOnDecember6()
    {
        Raw = DemoHistory.SalesBefore(Today, DepositoDemoStep.HistoryDays);
        Sales = Raw.Select(s => new DailySales(s.Product + 1, s.Day, s.Units)).ToList();
        Model = new DemandModelTrainer().Train(Sales, Today);
    }

    public List<(int Product, DateOnly Day, int Units)> Raw { get; }

    public List<DailySales> Sales { get; }

    public TrainedDemandModel Model { get; }
}

public class DemoStoreDemandTests(DemoStoreOnDecember6 demo, ITestOutputHelper output) : IClassFixture<DemoStoreOnDecember6>
{
    /// <summary>
    /// The goal: at least 90 % at 7 days on the demo store. Its holdout (22 Nov – 5 Dec) runs into December, whose aguinaldo
    /// uplift (× 1.3 in the generator) a history of one season has never shown (a 90-day demo scored 89.5 %, and a
    /// forecaster that knew the generator's every rule but December's, about 89.2 %); with thirteen months the model has
    /// seen last December and the change into it. The generator's own expected values are the ceiling, printed beside it.
    /// </summary>
    [Fact]
    public void Train_DemoHistoryOnDecember6_AtLeast90PercentAt7Days()
    {
        var evaluation = demo.Model.Evaluation;
        var knowsAll = ExpectedValueAccuracy(knowsDecember: true);
        var blindToDecember = ExpectedValueAccuracy(knowsDecember: false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"demo store on {DemoStoreOnDecember6.Today:yyyy-MM-dd}: 7-day holdout accuracy {evaluation.AccuracyPercent:0.00} % (trees alone {evaluation.TreesOnlyAccuracyPercent:0.00} %, weight {evaluation.ModelWeight:0.0}); {evaluation.TrainingRows} training rows from {evaluation.SalesRows} sales rows; holdout {evaluation.HoldoutFrom:yyyy-MM-dd}..{evaluation.HoldoutTo:yyyy-MM-dd}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the generator's own expected values: {knowsAll:0.00} %; the same without December's uplift: {blindToDecember:0.00} %"));
        foreach (var h in evaluation.Horizons)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"h={h.HorizonDays,2}: accuracy {h.AccuracyPercent:0.00} % (seasonal naive {h.BaselineAccuracyPercent:0.00} %), WAPE {h.WapePercent:0.00} %, {h.MeasuredWindows} of {h.Windows} windows with sales"));
        }

        Assert.NotNull(evaluation.AccuracyPercent);
        Assert.Equal(demo.Sales.Count, evaluation.SalesRows);
        Assert.Equal(DemoCatalog.Products.Count, evaluation.ProductsEvaluated);
        Assert.True(evaluation.AccuracyPercent >= 90, $"7-day accuracy {evaluation.AccuracyPercent:0.00} % (goal 90 %)");
        Assert.True(evaluation.AccuracyPercent <= knowsAll + 1, $"7-day accuracy {evaluation.AccuracyPercent:0.00} % above the generator's own {knowsAll:0.00} %: leaked holdout?");
    }

    [Fact]
    public void FeatureDrift_RightAfterSetUp_MeasuredAgainstTheFullHistoryModel_Stable()
    {
        var drift = DemandDrift.FeatureDrift(demo.Model, demo.Sales, DemoStoreOnDecember6.Today);
        output.WriteLine($"PSI right after set-up: {drift:0.000}");

        Assert.NotNull(drift);
        Assert.InRange(drift.Value, 0, PopulationStability.ModerateShift);
    }

    [Fact]
    public void Train_DemoHistoryStillLoading_RefusedAndNeverAHundredPercent()
    {
        // What ml read 20 s into the run: the seeder writes the days oldest first and had written about a month.
        var first = demo.Sales.Min(s => s.Day);
        var loading = demo.Sales.Where(s => s.Day < first.AddDays(35)).ToList();

        Assert.Throws<InsufficientSalesHistoryException>(() => new DemandModelTrainer().Train(loading, DemoStoreOnDecember6.Today));

        // Even forced past that guard it claims no accuracy, says how little it was trained on, and drifts far from the store.
        var asOf = loading.Max(s => s.Day).AddDays(15);
        var forced = new DemandModelTrainer().Train(loading, asOf, new DemandTrainingOptions { MaxDaysWithoutSales = 60 });
        var drift = DemandDrift.FeatureDrift(forced, demo.Sales, DemoStoreOnDecember6.Today);
        output.WriteLine($"half-loaded: {forced.SalesRows} sales rows behind {forced.TrainingRows} training rows; PSI against the full store {drift:0.000}");
        Assert.Null(forced.Evaluation.AccuracyPercent);
        Assert.Equal(loading.Count, forced.SalesRows);
        Assert.True(drift > PopulationStability.MajorShift, $"PSI {drift}");
    }

    /// <summary>
    /// 100 − MAPE of the generator's expected 7-day totals (<see cref="DemoStore.ExpectedUnits"/>) on the model's own holdout
    /// windows (those with sales), optionally without December's multiplier: the best a forecaster knowing that much could expect.
    /// </summary>
    private double ExpectedValueAccuracy(bool knowsDecember)
    {
        var units = demo.Raw.ToDictionary(s => (s.Product, s.Day), s => s.Units);
        var errors = new List<double>();
        var holdout = demo.Model.Evaluation;
        for (var product = 0; product < DemoCatalog.Products.Count; product++)
        {
            for (var origin = holdout.HoldoutFrom; origin.AddDays(6) <= holdout.HoldoutTo; origin = origin.AddDays(1))
            {
                double expected = 0, actual = 0;
                for (var k = 0; k < 7; k++)
                {
                    var day = origin.AddDays(k);
                    expected += DemoStore.ExpectedUnits(DemoCatalog.Products[product], day) / (knowsDecember || day.Month != 12 ? 1 : DemoStore.MonthFactor(12));
                    actual += units.GetValueOrDefault((product, day));
                }

                if (actual > 0) errors.Add(Math.Abs(expected - actual) / actual);
            }
        }

        return 100 - (errors.Average() * 100);
    }
}
