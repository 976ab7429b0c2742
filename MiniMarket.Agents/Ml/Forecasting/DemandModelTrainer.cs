using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>
/// Trains one demand model for all products: boosted regression trees (ML.NET FastTree) predicting a day's units as a
/// ratio to the product's level, from features known at the forecast origin (recent sales) and of the target day (calendar,
/// holidays, aguinaldo, optionally accumulated inflation); see <see cref="DemandFeatureRow"/>, blended with the seasonal
/// naive forecast by a weight chosen on the holdout (<see cref="DemandHoldout"/>). Direct multi-horizon: every training origin
/// contributes one row per day up to 30 days ahead, with the distance as a feature, so a 30-day forecast is 30 predictions
/// from the same known past, never forecasts fed back as inputs. The total over h days is the sum of the h daily forecasts.
/// <para>
/// Evaluation is time-based: the last <see cref="DemandTrainingOptions.HoldoutDays"/> days are held out, a model trained on
/// the days before them is scored on them (<see cref="DemandHoldout"/>), and then, by default, the final model is trained
/// again on everything. Training is deterministic for the same data and options (fixed MLContext seed, no sampling).
/// </para>
/// </summary>
public sealed class DemandModelTrainer(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Trains on the sales before <paramref name="asOf"/> (the training date: "today", not itself included).</summary>
    /// <exception cref="InsufficientSalesHistoryException">
    /// No product has enough history before the holdout to learn from, or the sales stop more than
    /// <see cref="DemandTrainingOptions.MaxDaysWithoutSales"/> days before <paramref name="asOf"/> (an incomplete history).
    /// </exception>
    public TrainedDemandModel Train(IReadOnlyList<DailySales> history, DateOnly asOf, DemandTrainingOptions? options = null)
    {
        options ??= new DemandTrainingOptions();
        options.Validate();
        var started = Stopwatch.GetTimestamp();
        var series = ProductSeries.Build(history, asOf);
        if (series.Count == 0)
        {
            throw new InsufficientSalesHistoryException("There are no sales before the training date");
        }

        var lastSale = history.Where(s => s.Day < asOf && s.Units > 0).Select(s => s.Day).DefaultIfEmpty(DateOnly.MinValue).Max();
        if (asOf.DayNumber - lastSale.DayNumber > options.MaxDaysWithoutSales)
        {
            throw new InsufficientSalesHistoryException(
                $"The sales history stops on {lastSale:yyyy-MM-dd}, more than {options.MaxDaysWithoutSales} days before {asOf:yyyy-MM-dd}: it is incomplete, not a store that sold nothing");
        }

        var epoch = series.Values.Min(s => s.FirstDay);
        var holdoutFrom = asOf.AddDays(-options.HoldoutDays);
        var ml = new MLContext(options.Seed);
        var trainRows = series.Values.SelectMany(s => DemandFeatures.TrainingRows(s, holdoutFrom.AddDays(-1), epoch, options)).ToList();
        if (trainRows.Count == 0)
        {
            throw new InsufficientSalesHistoryException(
                $"No product has {options.TrainingHistoryDays} days of sales before the {options.HoldoutDays}-day holdout that starts {holdoutFrom:yyyy-MM-dd}");
        }

        var holdoutModel = Fit(ml, trainRows, options);
        var holdout = DemandHoldout.Evaluate(new DemandScorer(ml, holdoutModel.Model, epoch, options.InflationFeaturePercent), series, asOf, options);

        var finalRows = options.RefitOnAllData
            ? series.Values.SelectMany(s => DemandFeatures.TrainingRows(s, asOf.AddDays(-1), epoch, options)).ToList()
            : trainRows;
        var final = options.RefitOnAllData ? Fit(ml, finalRows, options) : holdoutModel;
        var metadata = new DemandModelMetadata
        {
            AsOf = asOf,
            TrainedAt = _time.GetUtcNow(),
            TrainingSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
            Epoch = epoch,
            MinHistoryDays = options.MinHistoryDays,
            LevelWindowDays = options.LevelWindowDays,
            InflationFeaturePercent = options.InflationFeaturePercent,
            // The rows reported are the stored model's: the final fit's examples and the sales rows they were built from.
            Evaluation = holdout.Evaluation with
            {
                TrainingRows = finalRows.Count,
                SalesRows = history.Count(s => s.Day < asOf),
                TrainedThrough = options.RefitOnAllData ? asOf.AddDays(-1) : holdoutFrom.AddDays(-1),
            },
            BandRatios = holdout.BandRatios,
            ReferenceMean7Ratios = DemandDrift.Reference(series.Values, asOf, options.MinHistoryDays, options.LevelWindowDays),
            ReferenceResidualRatios = holdout.ResidualRatios,
        };
        var kept = series.Values.Select(s => Keep(s, options.LevelWindowDays)).ToDictionary(s => s.ProductId);
        return new TrainedDemandModel(ml, final.Model, final.Schema, metadata, kept);
    }

    private static (ITransformer Model, DataViewSchema Schema) Fit(MLContext ml, List<DemandFeatureRow> rows, DemandTrainingOptions options)
    {
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", DemandFeatureRow.FeatureNames)
            .Append(ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                LabelColumnName = nameof(DemandFeatureRow.Label),
                FeatureColumnName = "Features",
                NumberOfTrees = options.NumberOfTrees,
                NumberOfLeaves = options.NumberOfLeaves,
                MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
                LearningRate = options.LearningRate,
            }));
        return (pipeline.Fit(data), data.Schema);
    }

    // The model keeps only the days its forecasts read: the level window (at least 28 days for the recent-sales features).
    internal static ProductSeries Keep(ProductSeries series, int levelWindowDays)
    {
        var keep = Math.Min(series.Units.Length, Math.Max(levelWindowDays, 28));
        var skip = series.Units.Length - keep;
        return new ProductSeries(series.ProductId, series.FirstDay, series.WindowStart.AddDays(skip), series.Units[skip..]);
    }
}
