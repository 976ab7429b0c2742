namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>
/// Expected units of one forecast day, and the expected total from the forecast's first day up to this one with its
/// p10–p90 band: the band calibrated for a forecast of that many days (the total to day k of a longer forecast is the
/// total of a k-day forecast from the same day), so the band widens as the days add up.
/// </summary>
public sealed record DailyPoint(DateOnly Day, double Expected, double CumulativeExpected, double CumulativeP10, double CumulativeP90);

/// <summary>
/// Expected total units of a product over the <see cref="HorizonDays"/> days from <see cref="From"/> (inclusive), with a
/// p10–p90 band for that total (see <see cref="DemandEvaluation"/> for how the band is calibrated), and the daily split.
/// </summary>
public sealed record DemandForecast(int ProductId, DateOnly From, int HorizonDays, double Expected, double P10, double P90,
    IReadOnlyList<DailyPoint> Days);

/// <summary>Whether a product can be forecast by a model.</summary>
public enum ProductForecastStatus
{
    Ready,

    /// <summary>No sales row at all: an API answers 404.</summary>
    UnknownProduct,

    /// <summary>Sold for fewer days than <see cref="DemandTrainingOptions.MinHistoryDays"/>: an API answers 422.</summary>
    InsufficientHistory,
}

/// <summary>Holdout quality at one horizon; every figure is null ("sin medir") when too few windows had sales to measure it.</summary>
/// <param name="HorizonDays">Length of the forecast window, in days.</param>
/// <param name="AccuracyPercent">100 − MAPE, floored at 0.</param>
/// <param name="MapePercent">Mean absolute percentage error of the window totals, over (product, origin) windows whose actual total is not 0.</param>
/// <param name="WapePercent">Σ|error| / Σ actual over all windows: what a manager feels in units, and defined even with zeros.</param>
/// <param name="BaselineAccuracyPercent">
/// The same measure for the seasonal-naive forecast (each day = mean of the same weekday over the 4 weeks before): the model
/// is worth keeping only if it beats it.
/// </param>
/// <param name="Windows">(product, origin) windows scored, zero-total ones included.</param>
/// <param name="P10Ratio">10th percentile of actual / forecast over the windows: the band's lower edge as a multiple of the forecast.</param>
/// <param name="P90Ratio">90th percentile of actual / forecast.</param>
/// <param name="MeasuredWindows">Windows whose actual total was not 0: the ones MAPE is computed on.</param>
public sealed record HorizonAccuracy(int HorizonDays, double? AccuracyPercent, double? MapePercent, double? WapePercent,
    double? BaselineAccuracyPercent, int Windows, double P10Ratio, double P90Ratio, int MeasuredWindows = 0);

/// <summary>
/// How a demand model did on the days held out from its training (the last <see cref="HoldoutDays"/> before the training date).
/// <para>
/// Every day of the holdout that leaves room for a whole window is a forecast origin (rolling origin): the model forecasts
/// each product's total over the next h days from the sales before that day, as it would in production, and the total is
/// compared with what was sold. MAPE is computed on these window totals per product — what a reorder decision uses — not on
/// single days, whose noise would swamp it; windows whose actual total is 0 are skipped, since a percentage of 0 is
/// undefined (WAPE, also reported, keeps them). Horizons longer than the holdout (30 days with the default 14) are not
/// measured and are absent from <see cref="Horizons"/>. A horizon with fewer windows with sales than
/// <see cref="DemandHoldout.MinMeasuredWindows"/> (from <see cref="DemandHoldout.MinMeasuredProducts"/> products) is not
/// measured either: its figures are null, never a 100 % made of nothing.
/// </para>
/// </summary>
/// <param name="AccuracyPercent">Headline: 100 − MAPE at the 7-day horizon, of the served (blended) forecast; null when not measured.</param>
/// <param name="TrainingRows">Rows (product, origin, target day) the stored model was fitted on: the final model's, not the holdout model's.</param>
/// <param name="Products">Products in the history; <see cref="ProductsEvaluated"/> of them had enough history to be scored.</param>
/// <param name="ModelWeight">Weight of the trees in the served forecast (the rest is the seasonal naive), chosen on the holdout.</param>
/// <param name="TreesOnlyAccuracyPercent">The headline accuracy the trees alone would have had.</param>
/// <param name="SalesRows">Daily sales rows (product, day) of the history the model was trained on: the data behind <see cref="TrainingRows"/>.</param>
/// <param name="TrainedThrough">The last day of sales the stored model's trees were fitted on (the day before the training date when refitted on all data).</param>
public sealed record DemandEvaluation(double? AccuracyPercent, IReadOnlyList<HorizonAccuracy> Horizons, int HoldoutDays,
    DateOnly HoldoutFrom, DateOnly HoldoutTo, int TrainingRows, int Products, int ProductsEvaluated, double ModelWeight,
    double? TreesOnlyAccuracyPercent, int SalesRows = 0, DateOnly? TrainedThrough = null)
{
    /// <summary>Accuracy percent by horizon in days, for the horizons the holdout could measure.</summary>
    public IReadOnlyDictionary<int, double> AccuracyByHorizon() =>
        Horizons.Where(h => h.AccuracyPercent is not null).ToDictionary(h => h.HorizonDays, h => h.AccuracyPercent!.Value);

    /// <summary>Whether the stored model has seen <paramref name="day"/>'s sales (files written before this field: through the holdout's end).</summary>
    public bool HasSeen(DateOnly day) => day <= (TrainedThrough ?? HoldoutTo);
}

/// <summary>
/// The model in service scored on a new model's holdout, exactly like the new one (same products and origins, same windows,
/// same MAPE, its own blend with the seasonal naive). Null figures when it cannot be measured fairly: it was trained on some
/// of those days (<see cref="SawHoldout"/>: its score there would be in-sample), or too few windows had sales.
/// </summary>
public sealed record ServedModelMeasurement(double? AccuracyPercent, IReadOnlyList<HorizonAccuracy> Horizons, bool SawHoldout);
