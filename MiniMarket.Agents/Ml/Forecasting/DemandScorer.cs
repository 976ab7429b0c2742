using Microsoft.ML;

namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>One daily forecast asked of the model: a product's state at an origin, and the days to forecast.</summary>
internal readonly record struct DailyRequest(OriginState State, DateOnly Origin, DateOnly From, int Days);

/// <summary>
/// Turns the trees' ratio predictions back into units, blended with the seasonal-naive forecast by the weight the holdout
/// chose (see <see cref="DemandHoldout"/>). Scoring goes through <see cref="ITransformer.Transform"/> on a data
/// view built per call (no shared PredictionEngine), which ML.NET allows from several threads at once.
/// </summary>
internal sealed class DemandScorer(MLContext ml, ITransformer model, DateOnly epoch, double monthlyInflationPercent, double modelWeight = 1.0)
{
    /// <summary>Seasonal naive: the mean of the target's weekday over the 4 weeks before the origin.</summary>
    public static double Naive(OriginState state, DateOnly target) => state.SameWeekdayMean[(int)target.DayOfWeek];

    /// <summary>The served forecast: modelWeight × trees + (1 − modelWeight) × seasonal naive.</summary>
    public static double Blend(double model, double naive, double modelWeight) => (modelWeight * model) + ((1 - modelWeight) * naive);

    public DateOnly Epoch { get; } = epoch;

    public double[] Daily(OriginState state, DateOnly origin, DateOnly from, int days) => Batch([new DailyRequest(state, origin, from, days)])[0];

    /// <summary>Expected units per day for each request; a product that sold nothing over its level window gets zeros.</summary>
    public List<double[]> Batch(IReadOnlyList<DailyRequest> requests)
    {
        var rows = new List<DemandFeatureRow>();
        foreach (var request in requests.Where(r => r.State.Level > 0))
        {
            for (var k = 0; k < request.Days; k++)
            {
                rows.Add(DemandFeatures.Row(request.State, request.Origin, request.From.AddDays(k), Epoch, monthlyInflationPercent));
            }
        }

        var scores = rows.Count == 0 ? [] : ml.Data
            .CreateEnumerable<DemandPredictionRow>(model.Transform(ml.Data.LoadFromEnumerable(rows)), reuseRowObject: false)
            .Select(p => p.Score)
            .ToArray();
        var result = new List<double[]>(requests.Count);
        var next = 0;
        foreach (var request in requests)
        {
            var daily = new double[request.Days];
            if (request.State.Level > 0)
            {
                for (var k = 0; k < request.Days; k++)
                {
                    var trees = Math.Max(0, scores[next++]) * request.State.Level;
                    daily[k] = Blend(trees, Naive(request.State, request.From.AddDays(k)), modelWeight);
                }
            }

            result.Add(daily);
        }

        return result;
    }
}
