using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>Settings of <see cref="DemandModelTrainer"/>. The defaults suit the store: ~150 products, 90 days or more of sales.</summary>
public sealed record DemandTrainingOptions
{
    /// <summary>The horizons evaluated and reported, in days.</summary>
    public static IReadOnlyList<int> StandardHorizons { get; } = [1, 3, 7, 14, 30];

    /// <summary>The longest horizon a forecast may ask for, in days.</summary>
    public const int MaxHorizonDays = 30;

    /// <summary>The headline accuracy is the one at this horizon.</summary>
    public const int HeadlineHorizonDays = 7;

    /// <summary>The last days before the training date, kept out of training to measure accuracy and calibrate the bands (7..60).</summary>
    public int HoldoutDays { get; init; } = 14;

    /// <summary>After evaluation, train the final model again on all the data (holdout included), so it knows the latest weeks.</summary>
    public bool RefitOnAllData { get; init; } = true;

    /// <summary>
    /// The store must have sold something in the last this many days before the training date. A history whose sales stop
    /// earlier is incomplete (being loaded, or a feed that stopped), not a store that sells nothing: its missing days would be
    /// read as days without sales, and the model would learn and forecast zeros. Training is refused instead.
    /// </summary>
    public int MaxDaysWithoutSales { get; init; } = 7;

    /// <summary>A product needs this many days of history (from its first sale) before it can be forecast.</summary>
    public int MinHistoryDays { get; init; } = 28;

    /// <summary>
    /// A training origin needs this many days of the product's history (at least 7; never more than
    /// <see cref="MinHistoryDays"/>); forecasts and the holdout still need <see cref="MinHistoryDays"/>. With 90 days of history, origins from day 28 leave the trees only
    /// about seven weeks of target days before the holdout, so they see few month starts and month ends; from day 10 they see
    /// two more weeks (the recent-sales features are computed over the days there are). Chosen on the demo store's history
    /// (<c>DemoHistory</c>) at ten training dates from 15 Sep to 1 Dec, none with December in its holdout, before looking
    /// at December: mean 7-day accuracy 90.65 % with 28, 90.83 % with 7, 90.90 % with 10, 90.85 % with 14, 90.74 % with 21;
    /// worst date 89.38 % with 28, 89.71 % with 10.
    /// </summary>
    public int MinTrainingHistoryDays { get; init; } = 10;

    internal int TrainingHistoryDays => Math.Min(MinTrainingHistoryDays, MinHistoryDays);

    /// <summary>The product's level is its mean daily units over at most this many days before the forecast starts.</summary>
    public int LevelWindowDays { get; init; } = 91;

    /// <summary>
    /// Use every n-th day of the history as a training forecast origin. Each origin yields up to 30 rows per product (one per
    /// day ahead), and neighbouring origins are nearly the same example, so 2 halves the training time at no cost in accuracy.
    /// </summary>
    public int OriginStride { get; init; } = 2;

    /// <summary>
    /// Feed the trees the inflation accumulated since the first sales day at <see cref="MonthlyInflationPercent"/>. Off by
    /// default: at a constant rate it is only a clock, and trees split on a clock to memorise periods, then meet forecast
    /// days beyond its training range. On the demo-like history it changed nothing in a quiet month (94.1 % either way at
    /// 7 days) and cost up to 8 points across month changes (trees alone: 15 Feb 88.2 % with it, 94.4 % without; 5 Jan
    /// 87.6 % vs 91.3 %; 20 Dec 78.1 % vs 86.6 %). Worth trying with years of history, when months repeat.
    /// </summary>
    public bool UseAccumulatedInflationFeature { get; init; }

    /// <summary>Monthly inflation in percent for the accumulated-inflation feature (4.5 = 4.5 % a month).</summary>
    public decimal MonthlyInflationPercent { get; init; } = MonthlyInflation.DefaultPercent;

    /// <summary>The rate the feature is computed with: 0 (a constant column the trees ignore) when the feature is off.</summary>
    internal double InflationFeaturePercent => UseAccumulatedInflationFeature ? (double)MonthlyInflationPercent : 0;

    /// <summary>
    /// Boosted trees: how many, how many leaves each, and the fewest rows a leaf may rest on. Small, heavily regularised trees:
    /// daily sales are mostly noise around a few smooth effects, and bigger models (200 trees of 16 leaves) fitted that noise
    /// and scored worse on the holdout of the demo-like history.
    /// </summary>
    public int NumberOfTrees { get; init; } = 100;

    public int NumberOfLeaves { get; init; } = 8;

    public int MinimumExampleCountPerLeaf { get; init; } = 200;

    public double LearningRate { get; init; } = 0.1;

    /// <summary>MLContext seed: the same data and options give the same model.</summary>
    public int Seed { get; init; } = 20260101;

    internal void Validate()
    {
        _ = MonthlyInflation.Create(MonthlyInflationPercent, nameof(MonthlyInflationPercent));
        Require(HoldoutDays is >= HeadlineHorizonDays and <= 60, $"HoldoutDays must be between {HeadlineHorizonDays} and 60 (got {HoldoutDays})");
        Require(MinHistoryDays is >= 7 and <= 365, $"MinHistoryDays must be between 7 and 365 (got {MinHistoryDays})");
        Require(LevelWindowDays >= MinHistoryDays && LevelWindowDays <= 730, $"LevelWindowDays must be between MinHistoryDays and 730 (got {LevelWindowDays})");
        Require(MinTrainingHistoryDays is >= 7 and <= 365, $"MinTrainingHistoryDays must be between 7 and 365 (got {MinTrainingHistoryDays})");
        Require(MaxDaysWithoutSales is >= 1 and <= 60, $"MaxDaysWithoutSales must be between 1 and 60 (got {MaxDaysWithoutSales})");
        Require(OriginStride is >= 1 and <= 14, $"OriginStride must be between 1 and 14 (got {OriginStride})");
        Require(NumberOfTrees is >= 1 and <= 5000 && NumberOfLeaves is >= 2 and <= 1024 && MinimumExampleCountPerLeaf >= 1,
            "NumberOfTrees (1..5000), NumberOfLeaves (2..1024) and MinimumExampleCountPerLeaf (>= 1) out of range");
        Require(LearningRate is > 0 and <= 1, $"LearningRate must be in (0, 1] (got {LearningRate})");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
