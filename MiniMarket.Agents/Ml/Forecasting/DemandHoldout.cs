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
/// <para>
/// <b>No figure without a measurement.</b> A horizon is measured only when at least <see cref="MinMeasuredWindows"/> of its
/// windows, from at least <see cref="MinMeasuredProducts"/> products, had sales (MAPE is undefined on a window that sold
/// nothing). Below that every figure of the horizon is null — "sin medir" — instead of the 100 % that an average over no
/// windows used to give (a history whose last weeks had not been loaded yet scored 100 %). With the default 14-day holdout a
/// product contributes 8 overlapping 7-day windows, so the minimum at 7 days is about three products' worth of windows,
/// and the products' minimum keeps one or two heavy sellers from passing for a measurement of the store.
/// </para>
/// <para>
/// <b>The model in service on the same weeks.</b> <see cref="Measure"/> scores the model in service on a new model's holdout
/// with the same origins, windows and MAPE, through its own blend: the only fair comparison. A model that was trained on
/// any of those days would score in-sample there, so it is not measured (<see cref="ServedModelMeasurement.SawHoldout"/>).
/// </para>
/// </summary>
internal static class DemandHoldout
{
    /// <summary>Fewest windows with sales for a horizon to be measured.</summary>
    public const int MinMeasuredWindows = 20;

    /// <summary>Fewest products with a window with sales for a horizon to be measured.</summary>
    public const int MinMeasuredProducts = 5;

    /// <summary>The evaluation (TrainingRows left 0 for the trainer to fill in), band ratios [h − 1] = {p10, p90}, 7-day ratios.</summary>
    internal sealed record Result(DemandEvaluation Evaluation, double[][] BandRatios, double[] ResidualRatios);

    public static Result Evaluate(DemandScorer scorer, IReadOnlyDictionary<int, ProductSeries> series, DateOnly asOf,
        DemandTrainingOptions options)
    {
        var from = asOf.AddDays(-options.HoldoutDays);
        var requests = Requests(series, asOf, options.HoldoutDays, options.MinHistoryDays, options.LevelWindowDays);
        var treesOnly = Windows(requests, scorer.Batch(requests.Select(r => r.Request).ToList()));
        // Unmeasured at 7 days: nothing to choose the blend on, the trees are served alone.
        var weight = Enumerable.Range(0, 11).Select(i => 1 - (i / 10.0))
            .Select(w => (Weight: w, Score(Blended(treesOnly, w), DemandTrainingOptions.HeadlineHorizonDays).AccuracyPercent))
            .Where(w => w.AccuracyPercent is not null)
            .OrderByDescending(w => w.AccuracyPercent).ThenByDescending(w => w.Weight)
            .Select(w => w.Weight).DefaultIfEmpty(1.0).First();
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
        var evaluation = new DemandEvaluation(headline, horizons, options.HoldoutDays, from, asOf.AddDays(-1), 0, series.Count, windows.Count,
            weight, treesHeadline);
        return new Result(evaluation, bands, residuals);
    }

    /// <summary>
    /// The model in service, <paramref name="served"/>, scored on <paramref name="candidate"/>'s holdout: the candidate's
    /// (product, origin) pairs from <paramref name="sales"/> (the history the candidate was trained on), each forecast from
    /// the sales before its origin as the service forecasts, through the served model's own trees, level window and blend;
    /// the same windows and the same MAPE as <see cref="Evaluate"/>. Not measured when it has seen any holdout day.
    /// </summary>
    public static ServedModelMeasurement Measure(TrainedDemandModel served, TrainedDemandModel candidate, IReadOnlyList<DailySales> sales)
    {
        var holdout = candidate.Evaluation;
        if (served.Evaluation.HasSeen(holdout.HoldoutFrom)) return new ServedModelMeasurement(null, [], SawHoldout: true);
        var asOf = holdout.HoldoutTo.AddDays(1);
        var requests = Requests(ProductSeries.Build(sales, asOf), asOf, holdout.HoldoutDays, candidate.MinHistoryDays, candidate.LevelWindowDays);
        var own = requests.Select(r => r.Request with { State = r.Product.StateAt(r.Request.Origin, served.LevelWindowDays) }).ToList();
        var windows = Windows(requests, served.Scorer.Batch(own));
        var horizons = DemandTrainingOptions.StandardHorizons.Where(h => h <= holdout.HoldoutDays).Select(h => Score(windows, h)).ToList();
        return new ServedModelMeasurement(horizons.Single(a => a.HorizonDays == DemandTrainingOptions.HeadlineHorizonDays).AccuracyPercent,
            horizons, SawHoldout: false);
    }

    // Every holdout day is an origin for every product with enough history there and something sold over its level window.
    private static List<(ProductSeries Product, DailyRequest Request)> Requests(IReadOnlyDictionary<int, ProductSeries> series, DateOnly asOf,
        int holdoutDays, int minHistoryDays, int levelWindowDays)
    {
        var from = asOf.AddDays(-holdoutDays);
        var to = asOf.AddDays(-1);
        var requests = new List<(ProductSeries Product, DailyRequest Request)>();
        foreach (var product in series.Values)
        {
            for (var origin = from; origin <= to; origin = origin.AddDays(1))
            {
                if (origin.DayNumber - product.FirstDay.DayNumber < minHistoryDays) continue;
                var state = product.StateAt(origin, levelWindowDays);
                if (state.Level <= 0) continue;
                requests.Add((product, new DailyRequest(state, origin, origin, to.DayNumber - origin.DayNumber + 1)));
            }
        }

        return requests;
    }

    private static List<ProductWindows> Windows(List<(ProductSeries Product, DailyRequest Request)> requests, List<double[]> forecasts) =>
        requests.Select((r, i) => (r.Product, r.Request, Forecast: forecasts[i]))
            .GroupBy(r => r.Product)
            .Select(g => new ProductWindows(g.Key, g.Select(r => (r.Request.Origin, r.Forecast, Baseline(r.Request))).ToList()))
            .ToList();

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
        var measuredProducts = new HashSet<int>();
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
                measuredProducts.Add(series.ProductId);
            }
        }

        var ratios = Ratios(products, h).Order().ToArray();
        var p10 = ratios.Length == 0 ? 1 : Math.Min(1, PopulationStability.Quantile(ratios, 0.1));
        var p90 = ratios.Length == 0 ? 1 : Math.Max(1, PopulationStability.Quantile(ratios, 0.9));
        if (ape.Count < MinMeasuredWindows || measuredProducts.Count < MinMeasuredProducts)
        {
            return new HorizonAccuracy(h, null, null, null, null, count, p10, p90, ape.Count);
        }

        var mape = ape.Average() * 100;
        return new HorizonAccuracy(h, Math.Max(0, 100 - mape), mape, absoluteError / actualSum * 100,
            Math.Max(0, 100 - (baselineApe.Average() * 100)), count, p10, p90, ape.Count);
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
