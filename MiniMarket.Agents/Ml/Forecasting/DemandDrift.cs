namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>
/// Drift scores of a demand model, as population stability indexes (see <see cref="PopulationStability"/> for how to read
/// them: above 0.25, retrain):
/// <list type="bullet">
/// <item><b>Feature drift</b>: the recent-sales feature (last 7 days' mean / the product's level) of every product over the
/// last four weeks, against its distribution over the training origins. It moves when the store's sales pattern changes (a new season, a
/// price shock, a closed week), before any forecast can be checked.</item>
/// <item><b>Error drift</b>: actual / forecast ratios of 7-day totals once the weeks have passed, against the holdout ratios
/// the model was calibrated on. It moves when the forecasts themselves get worse, and also tells whether the bands still
/// hold.</item>
/// </list>
/// </summary>
public static class DemandDrift
{
    /// <summary>Days of forecast origins pooled into the recent sample: a whole monthly cycle, like the training sample.</summary>
    public const int FeatureWindowDays = 28;

    /// <summary>
    /// PSI of the Mean7Ratio feature over the last <see cref="FeatureWindowDays"/> origins before <paramref name="asOf"/>
    /// (every product with enough history, at every origin) against its training distribution. Both samples span whole
    /// months: a single day's cross-section would carry that day's calendar (a month-end week sells ~10 % less) and read as
    /// drift every month-end.
    /// </summary>
    /// <param name="recentSales">Sales before <paramref name="asOf"/>, reaching back the model's level window plus 28 days.</param>
    /// <returns>Null when fewer than <paramref name="minProducts"/> products can be measured: too few to judge.</returns>
    public static double? FeatureDrift(TrainedDemandModel model, IReadOnlyList<DailySales> recentSales, DateOnly asOf, int minProducts = 20)
    {
        var current = new List<double>();
        var products = 0;
        foreach (var series in ProductSeries.Build(recentSales, asOf).Values)
        {
            var measured = false;
            for (var origin = asOf.AddDays(1 - FeatureWindowDays); origin <= asOf; origin = origin.AddDays(1))
            {
                if (origin.DayNumber - series.FirstDay.DayNumber < model.MinHistoryDays) continue;
                var state = series.StateAt(origin, model.LevelWindowDays);
                if (state.Level <= 0) continue;
                current.Add(state.Mean7 / state.Level);
                measured = true;
            }

            products += measured ? 1 : 0;
        }

        return products < minProducts || model.ReferenceMean7Ratios.Count == 0
            ? null
            : PopulationStability.Index(model.ReferenceMean7Ratios, current);
    }

    /// <summary>
    /// The errors the model has made since it was trained, as actual / forecast ratios of 7-day totals: for each week
    /// starting at <paramref name="from"/>, <paramref name="from"/> + 7, … and ending before <paramref name="to"/>, every
    /// ready product is forecast from the sales before that week (the model re-anchored with
    /// <see cref="TrainedDemandModel.WithHistory"/>, as the service forecasts with fresh data) and compared with what it sold.
    /// Pool several weeks: one week's products share that week's calendar and make a small, correlated sample.
    /// </summary>
    /// <param name="sales">Sales from the model's level window before <paramref name="from"/> up to <paramref name="to"/>.</param>
    public static IReadOnlyList<double> RealizedRatios(TrainedDemandModel model, IReadOnlyList<DailySales> sales, DateOnly from, DateOnly to)
    {
        const int horizon = DemandTrainingOptions.HeadlineHorizonDays;
        var ratios = new List<double>();
        for (var start = from; start.AddDays(horizon) <= to; start = start.AddDays(horizon))
        {
            var end = start.AddDays(horizon);
            var anchored = model.WithHistory(sales, start);
            var actual = sales.Where(s => s.Day >= start && s.Day < end)
                .GroupBy(s => s.ProductId)
                .ToDictionary(g => g.Key, g => g.Sum(s => (double)Math.Max(0, s.Units)));
            foreach (var productId in anchored.ProductIds.Where(p => anchored.StatusOf(p) == ProductForecastStatus.Ready))
            {
                var forecast = anchored.Forecast(productId, start, horizon).Expected;
                if (forecast > 0)
                {
                    ratios.Add(actual.GetValueOrDefault(productId) / forecast);
                }
            }
        }

        return ratios;
    }

    /// <summary>PSI of realized 7-day ratios (<see cref="RealizedRatios"/>) vs the holdout's; null below <paramref name="minProducts"/> ratios.</summary>
    public static double? ErrorDrift(TrainedDemandModel model, IReadOnlyList<double> realizedRatios, int minProducts = 20) =>
        realizedRatios.Count < minProducts || model.ReferenceResidualRatios.Count == 0
            ? null
            : PopulationStability.Index(model.ReferenceResidualRatios, realizedRatios);
}
