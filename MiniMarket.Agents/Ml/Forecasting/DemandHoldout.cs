namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>
/// Scores a model trained without the holdout days on those days, rolling the origin through them (see
/// <see cref="DemandEvaluation"/>), chooses how much to trust the trees, and calibrates the forecast bands from the errors.
/// <para>
/// <b>Blend with the seasonal naive.</b> The served forecast is w × trees + (1 − w) × seasonal naive (each day = the mean of
/// its weekday over the last 4 weeks), with w in 0, 0.1, …, 1 chosen for the best 7-day accuracy on the holdout. In a
/// quiet stretch the trees win (w 0.8–1); when the month changes under them (December starts, January ends the
/// aguinaldo spending) a 90-day history has never shown the trees that month, and the naive forecast, which follows the
/// last four weeks, is often the safer one. One weight from 11 values, chosen on 1,200 windows, makes the blended accuracy
/// only slightly optimistic; the trees' and the naive's own accuracies are reported beside it and are not.
/// </para>
/// <para>
/// <b>Bands, split-conformal style.</b> The holdout is data the model never saw, so its errors are honest samples of the
/// errors to expect. For each window length h, the ratios actual / forecast of the window totals form an empirical
/// distribution; its 10th and 90th percentiles, times a new forecast, give the p10–p90 band. Ratios (not differences) let one
/// table serve products of any size. The band comes from the holdout model but is applied to the final model refitted on all
/// data, which has seen more and errs no more, so the band is if anything slightly wide. The ratio percentiles are widened
/// to include 1 so that p10 &lt;= expected &lt;= p90 always holds. Caveats: the holdout windows of one product overlap (the
/// quantiles rest on fewer independent samples than windows), and a long horizon has few windows (h = 14 with a 14-day
/// holdout: one per product); horizons longer than the holdout reuse the band of the longest measured one.
/// </para>
/// </summary>
internal static class DemandHoldout
{
    /// <summary>The evaluation (TrainingRows left 0 for the trainer to fill in), band ratios [h − 1] = {p10, p90}, 7-day ratios.</summary>
    internal sealed record Result(DemandEvaluation Evaluation, double[][] BandRatios, double[] ResidualRatios);

    public static Result Evaluate(DemandScorer scorer, IReadOnlyDictionary<int, ProductSeries> series, DateOnly asOf,
        DemandTrainingOptions options)
    {
        var from = asOf.AddDays(-options.HoldoutDays);
        var to = asOf.AddDays(-1);
        var requests = new List<(ProductSeries Product, DailyRequest Request)>();
        foreach (var product in series.Values)
        {
            for (var origin = from; origin <= to; origin = origin.AddDays(1))
            {
                if (origin.DayNumber - product.FirstDay.DayNumber < options.MinHistoryDays) continue;
                var state = product.StateAt(origin, options.LevelWindowDays);
                if (state.Level <= 0) continue;
                requests.Add((product, new DailyRequest(state, origin, origin, to.DayNumber - origin.DayNumber + 1)));
            }
        }

        var forecasts = scorer.Batch(requests.Select(r => r.Request).ToList());
        var treesOnly = requests.Select((r, i) => (r.Product, r.Request, Forecast: forecasts[i]))
            .GroupBy(r => r.Product)
            .Select(g => new ProductWindows(g.Key, g.Select(r => (r.Request.Origin, r.Forecast, Baseline(r.Request))).ToList()))
            .ToList();
        var weight = Enumerable.Range(0, 11).Select(i => 1 - (i / 10.0))
            .MaxBy(w => Score(Blended(treesOnly, w), DemandTrainingOptions.HeadlineHorizonDays).AccuracyPercent);
        var windows = Blended(treesOnly, weight);

        var bands = new double[options.HoldoutDays][];
        var horizons = new List<HorizonAccuracy>();
        double[] residuals = [];
        for (var h = 1; h <= options.HoldoutDays; h++)
        {
            var accuracy = Score(windows, h);
            bands[h - 1] = [accuracy.P10Ratio, accuracy.P90Ratio];
            if (DemandTrainingOptions.StandardHorizons.Contains(h)) horizons.Add(accuracy);
            if (h == DemandTrainingOptions.HeadlineHorizonDays) residuals = Ratios(windows, h);
        }

        var headline = horizons.Single(a => a.HorizonDays == DemandTrainingOptions.HeadlineHorizonDays).AccuracyPercent;
        var treesHeadline = Score(treesOnly, DemandTrainingOptions.HeadlineHorizonDays).AccuracyPercent;
        var evaluation = new DemandEvaluation(headline, horizons, options.HoldoutDays, from, to, 0, series.Count, windows.Count,
            weight, treesHeadline);
        return new Result(evaluation, bands, residuals);
    }

    private static List<ProductWindows> Blended(List<ProductWindows> products, double weight) =>
        products.Select(p => p with
        {
            Origins = p.Origins.Select(o => (o.Origin, o.Forecast.Select((f, k) => DemandScorer.Blend(f, o.Baseline[k], weight)).ToArray(), o.Baseline)).ToList(),
        }).ToList();

    // Seasonal naive: each day as the mean of the same weekday over the 4 weeks before the origin.
    private static double[] Baseline(DailyRequest request) =>
        Enumerable.Range(0, request.Days).Select(k => DemandScorer.Naive(request.State, request.From.AddDays(k))).ToArray();

    private sealed record ProductWindows(ProductSeries Series, List<(DateOnly Origin, double[] Forecast, double[] Baseline)> Origins);

    private static HorizonAccuracy Score(List<ProductWindows> products, int h)
    {
        var ape = new List<double>();
        var baselineApe = new List<double>();
        double absoluteError = 0, actualSum = 0;
        var count = 0;
        foreach (var (series, origin, forecast, baseline, actual) in Windows(products, h))
        {
            count++;
            absoluteError += Math.Abs(forecast - actual);
            actualSum += actual;
            if (actual > 0)
            {
                ape.Add(Math.Abs(forecast - actual) / actual);
                baselineApe.Add(Math.Abs(baseline - actual) / actual);
            }
        }

        var ratios = Ratios(products, h).Order().ToArray();
        var p10 = ratios.Length == 0 ? 1 : Math.Min(1, PopulationStability.Quantile(ratios, 0.1));
        var p90 = ratios.Length == 0 ? 1 : Math.Max(1, PopulationStability.Quantile(ratios, 0.9));
        var mape = ape.Count == 0 ? 0 : ape.Average() * 100;
        var baselineMape = baselineApe.Count == 0 ? 0 : baselineApe.Average() * 100;
        return new HorizonAccuracy(h, Math.Max(0, 100 - mape), mape, actualSum == 0 ? 0 : absoluteError / actualSum * 100,
            Math.Max(0, 100 - baselineMape), count, p10, p90);
    }

    // actual / forecast of each window with a positive forecast.
    private static double[] Ratios(List<ProductWindows> products, int h) =>
        Windows(products, h).Where(w => w.Forecast > 0).Select(w => w.Actual / w.Forecast).ToArray();

    private static IEnumerable<(ProductSeries Series, DateOnly Origin, double Forecast, double Baseline, double Actual)> Windows(
        List<ProductWindows> products, int h)
    {
        foreach (var product in products)
        {
            foreach (var (origin, forecast, baseline) in product.Origins.Where(o => o.Forecast.Length >= h))
            {
                var actual = 0.0;
                for (var k = 0; k < h; k++) actual += product.Series.UnitsOn(origin.AddDays(k));
                yield return (product.Series, origin, forecast.Take(h).Sum(), baseline.Take(h).Sum(), actual);
            }
        }
    }
}
