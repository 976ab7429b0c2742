namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>
/// Drift scores of a demand model, as population stability indexes (see <see cref="PopulationStability"/> for how to read
/// them: above 0.25, retrain):
/// <list type="bullet">
/// <item><b>Feature drift</b>: the recent-sales feature (last 7 days' mean / the product's level) of every product over the
/// last four weeks, against its distribution over the last quarter of training origins. It moves when the store's sales pattern changes (a new season, a
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
    /// Days of training origins the reference is drawn from: the last quarter the model was trained on, not its whole history.
    /// Drift is a change since training; a year of history spans every season, and against it any one month — this
    /// December, this July — would read as drift (a 395-day demo store measured 0.17 right after training on it).
    /// </summary>
    public const int ReferenceWindowDays = 91;

    /// <summary>
    /// The reference sample the trainer stores: the Mean7Ratio feature at every origin of the last
    /// <see cref="ReferenceWindowDays"/> days before <paramref name="asOf"/>, computed as <see cref="FeatureDrift"/> computes the
    /// recent one; evenly thinned to at most <paramref name="max"/> values.
    /// </summary>
    internal static double[] Reference(IEnumerable<ProductSeries> series, DateOnly asOf, int minHistoryDays, int levelWindowDays, int max = 2000)
    {
        var values = Mean7Ratios(series, asOf.AddDays(-ReferenceWindowDays), asOf, minHistoryDays, levelWindowDays, out _);
        return values.Count <= max ? [.. values] : Enumerable.Range(0, max).Select(i => values[(int)((long)i * values.Count / max)]).ToArray();
    }

    private static List<double> Mean7Ratios(IEnumerable<ProductSeries> series, DateOnly from, DateOnly to, int minHistoryDays, int levelWindowDays, out int products)
    {
        var values = new List<double>();
        products = 0;
        foreach (var product in series)
        {
            var measured = false;
            for (var origin = from; origin <= to; origin = origin.AddDays(1))
            {
                if (origin.DayNumber - product.FirstDay.DayNumber < minHistoryDays) continue;
                var state = product.StateAt(origin, levelWindowDays);
                if (state.Level <= 0) continue;
                values.Add(state.Mean7 / state.Level);
                measured = true;
            }

            products += measured ? 1 : 0;
        }

        return values;
    }

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
        var current = Mean7Ratios(ProductSeries.Build(recentSales, asOf).Values, asOf.AddDays(1 - FeatureWindowDays), asOf,
            model.MinHistoryDays, model.LevelWindowDays, out var products);

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
