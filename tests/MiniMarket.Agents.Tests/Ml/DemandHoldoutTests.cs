using MiniMarket.Agents.Ml.Forecasting;

namespace MiniMarket.Agents.Tests.Ml;

/// <summary>
/// Issue 14 §5: a holdout too small to measure gives no accuracy ("sin medir"), never 100 %; a model in service and a new
/// one are measured on the same holdout weeks, the same way; an incomplete history is not trained on; the rows reported are
/// the stored model's.
/// </summary>
public class DemandHoldoutTests
{
    private static readonly DateOnly AsOf = new(2026, 10, 1);
    private static readonly DemandTrainingOptions Quick = new() { NumberOfTrees = 20 };

    [Fact]
    public void Train_NoSalesInTheHoldout_NotMeasuredInsteadOfAHundredPercent()
    {
        // The history as ml saw it 20 s into run.sh's demo: the oldest weeks loaded, nothing yet in the last ones. Every
        // holdout window sold 0, and MAPE over no window used to be 0 (accuracy 100 %).
        var history = SyntheticSales.Demo(30, AsOf.AddDays(-20), 60, seed: 21);
        var options = Quick with { MaxDaysWithoutSales = 30 };

        var evaluation = new DemandModelTrainer().Train(history, AsOf, options).Evaluation;

        Assert.Null(evaluation.AccuracyPercent);
        Assert.Null(evaluation.TreesOnlyAccuracyPercent);
        Assert.All(evaluation.Horizons, h => Assert.Equal((null, null, null, null, 0), (h.AccuracyPercent, h.MapePercent, h.WapePercent, h.BaselineAccuracyPercent, h.MeasuredWindows)));
        Assert.Empty(evaluation.AccuracyByHorizon());
    }

    [Fact]
    public void Train_SalesStopWeeksBeforeTheTrainingDate_RefusedAsIncomplete()
    {
        var history = SyntheticSales.Demo(30, AsOf.AddDays(-20), 60, seed: 21);

        var ex = Assert.Throws<InsufficientSalesHistoryException>(() => new DemandModelTrainer().Train(history, AsOf, Quick));

        Assert.Contains("incomplete", ex.Message, StringComparison.Ordinal);
        // Six days without any sale is still a history (a store closed for a holiday week, say).
        Assert.NotNull(new DemandModelTrainer().Train(SyntheticSales.Demo(30, AsOf.AddDays(-6), 70, seed: 21), AsOf, Quick).Evaluation.AccuracyPercent);
    }

    [Fact]
    public void Train_FewerProductsThanTheMinimum_NotMeasured()
    {
        var model = new DemandModelTrainer().Train(SyntheticSales.Demo(DemandHoldout.MinMeasuredProducts - 1, AsOf, 70, seed: 22), AsOf, Quick);

        Assert.Null(model.Evaluation.AccuracyPercent);
        Assert.All(model.Evaluation.Horizons, h => Assert.Null(h.AccuracyPercent));
        // Not measured, still a model: it forecasts, with the trees alone (there was nothing to choose a blend on).
        Assert.Equal(1.0, model.Evaluation.ModelWeight);
        Assert.True(model.Forecast(1, AsOf, 7).Expected > 0);
    }

    [Fact]
    public void Train_MinimumProducts_MeasuredWhereThereAreEnoughWindows()
    {
        var model = new DemandModelTrainer().Train(SyntheticSales.Demo(DemandHoldout.MinMeasuredProducts, AsOf, 70, seed: 22), AsOf, Quick);

        var horizons = model.Evaluation.Horizons.ToDictionary(h => h.HorizonDays);
        // 7 days: 8 windows per product, 40 in all; 14 days: one per product, 5 < 20.
        Assert.NotNull(model.Evaluation.AccuracyPercent);
        Assert.Equal(horizons[7].AccuracyPercent, model.Evaluation.AccuracyPercent);
        Assert.Equal(40, horizons[7].MeasuredWindows);
        Assert.Equal(5, horizons[14].MeasuredWindows);
        Assert.Null(horizons[14].AccuracyPercent);
    }

    [Fact]
    public void Train_RowsReported_AreTheStoredModelsRowsAndTheSalesBehindThem()
    {
        var history = SyntheticSales.Demo(20, AsOf, 70, seed: 23);
        var future = SyntheticSales.Constant(20, 3, AsOf.AddDays(10), 10);

        var refitted = new DemandModelTrainer().Train([.. history, .. future], AsOf, Quick);
        var holdoutOnly = new DemandModelTrainer().Train([.. history, .. future], AsOf, Quick with { RefitOnAllData = false });

        Assert.Equal(history.Count, refitted.SalesRows);
        Assert.Equal(history.Count, holdoutOnly.SalesRows);
        // The model refitted on all the days was fitted on more rows than the one kept from before the holdout.
        Assert.True(refitted.TrainingRows > holdoutOnly.TrainingRows, $"{refitted.TrainingRows} vs {holdoutOnly.TrainingRows}");
        Assert.Equal(AsOf.AddDays(-1), refitted.Evaluation.TrainedThrough);
        Assert.Equal(AsOf.AddDays(-15), holdoutOnly.Evaluation.TrainedThrough);
    }

    [Fact]
    public void MeasureOnHoldoutOf_TheCandidatesOwnHoldoutModel_ReproducesItsFiguresExactly()
    {
        // Without the refit the stored model is the one the holdout scored: measured as a model in service on its own
        // holdout, it must give the very same figures, or the two scorings differ.
        var history = SyntheticSales.Demo(30, AsOf, 80, seed: 24);
        var candidate = new DemandModelTrainer().Train(history, AsOf, Quick with { RefitOnAllData = false });

        var measured = candidate.MeasureOnHoldoutOf(candidate, history);

        Assert.False(measured.SawHoldout);
        Assert.NotNull(measured.AccuracyPercent);
        Assert.Equal(candidate.Evaluation.AccuracyPercent, measured.AccuracyPercent);
        Assert.Equal(candidate.Evaluation.Horizons.Select(h => (h.HorizonDays, h.AccuracyPercent, h.Windows, h.MeasuredWindows)),
            measured.Horizons.Select(h => (h.HorizonDays, h.AccuracyPercent, h.Windows, h.MeasuredWindows)));
    }

    [Fact]
    public void MeasureOnHoldoutOf_ModelTrainedOnThoseWeeks_NotMeasured()
    {
        var history = SyntheticSales.Demo(30, AsOf, 80, seed: 25);
        var served = new DemandModelTrainer().Train(history, AsOf.AddDays(-1), Quick);
        var candidate = new DemandModelTrainer().Train(history, AsOf, Quick);

        var measured = served.MeasureOnHoldoutOf(candidate, history);

        // Its own figure (another holdout) is not used in its place.
        Assert.NotNull(served.Evaluation.AccuracyPercent);
        Assert.True(measured.SawHoldout);
        Assert.Null(measured.AccuracyPercent);
        Assert.Empty(measured.Horizons);
    }

    [Fact]
    public void MeasureOnHoldoutOf_ModelFromAMonthAgo_MeasuredOnTheCandidatesWindows()
    {
        var history = SyntheticSales.Demo(30, AsOf, 110, seed: 26);
        var served = new DemandModelTrainer().Train(history, AsOf.AddDays(-28), Quick);
        var candidate = new DemandModelTrainer().Train(history, AsOf, Quick);

        var measured = served.MeasureOnHoldoutOf(candidate, history);

        Assert.False(measured.SawHoldout);
        Assert.NotNull(measured.AccuracyPercent);
        Assert.InRange(measured.AccuracyPercent.Value, 60, 100);
        Assert.Equal(candidate.Evaluation.Horizons.Select(h => (h.HorizonDays, h.Windows, h.MeasuredWindows)),
            measured.Horizons.Select(h => (h.HorizonDays, h.Windows, h.MeasuredWindows)));
    }
}
