using Microsoft.ML.Data;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>
/// One training or scoring example: the sales of one product on one target day, seen from a forecast origin (the first
/// forecast day; only the sales before it are known). Public only because ML.NET maps it by reflection.
/// <para>
/// The label is the day's units divided by the product's level at the origin (its mean daily units over the level window),
/// so one model serves products selling 2 or 40 units a day: it learns shapes (weekday, payday, month, holidays) and how
/// recent weeks depart from the level, and the level turns the ratio back into units.
/// </para>
/// </summary>
public sealed class DemandFeatureRow
{
    /// <summary>Units on the target day / level.</summary>
    public float Label { get; set; }

    /// <summary>Days from the origin to the target day, 1 for the origin itself.</summary>
    public float DaysAhead { get; set; }

    /// <summary>Mean of the last 7 days before the origin / level.</summary>
    public float Mean7Ratio { get; set; }

    /// <summary>Mean of the last 28 days before the origin / level.</summary>
    public float Mean28Ratio { get; set; }

    /// <summary>Mean of the last 4 days before the origin with the target day's weekday / level.</summary>
    public float SameWeekdayRatio { get; set; }

    /// <summary>ln(1 + level): how much the product sells (small sellers are noisier).</summary>
    public float LogLevel { get; set; }

    public float DayOfWeek { get; set; }

    /// <summary>1..31: payday at the start of the month, less money at the end.</summary>
    public float DayOfMonth { get; set; }

    public float Month { get; set; }

    public float IsHoliday { get; set; }

    public float IsAguinaldoMonth { get; set; }

    /// <summary>Inflation accumulated since the model's epoch at the configured monthly rate, in percent; 0 unless
    /// <see cref="DemandTrainingOptions.UseAccumulatedInflationFeature"/> is on.</summary>
    public float AccumulatedInflationPercent { get; set; }

    internal static readonly string[] FeatureNames =
    [
        nameof(DaysAhead), nameof(Mean7Ratio), nameof(Mean28Ratio), nameof(SameWeekdayRatio), nameof(LogLevel), nameof(DayOfWeek),
        nameof(DayOfMonth), nameof(Month), nameof(IsHoliday), nameof(IsAguinaldoMonth), nameof(AccumulatedInflationPercent),
    ];
}

/// <summary>ML.NET's output row: the predicted label (a ratio to the product's level).</summary>
public sealed class DemandPredictionRow
{
    [ColumnName("Score")]
    public float Score { get; set; }
}

/// <summary>What is known about a product at a forecast origin.</summary>
internal sealed record OriginState(double Level, double Mean7, double Mean28, double[] SameWeekdayMean, int HistoryDays);

/// <summary>
/// A product's daily units from its first sale to the day before the training date, zeros filled in. Only the last
/// <see cref="Units"/> days are kept (enough for the level window), but <see cref="FirstDay"/> remembers the history's start.
/// </summary>
internal sealed class ProductSeries(int productId, DateOnly firstDay, DateOnly windowStart, int[] units)
{
    public int ProductId { get; } = productId;

    public DateOnly FirstDay { get; } = firstDay;

    public DateOnly WindowStart { get; } = windowStart;

    public int[] Units { get; } = units;

    /// <summary>The last day of the series (the day before the training date).</summary>
    public DateOnly End => WindowStart.AddDays(Units.Length - 1);

    public int UnitsOn(DateOnly day) => Units[day.DayNumber - WindowStart.DayNumber];

    /// <summary>One series per product with a row before <paramref name="asOf"/>, each ending the day before it.</summary>
    public static Dictionary<int, ProductSeries> Build(IReadOnlyList<DailySales> history, DateOnly asOf, int keepDays = int.MaxValue)
    {
        var end = asOf.AddDays(-1);
        var result = new Dictionary<int, ProductSeries>();
        foreach (var product in history.Where(s => s.Day < asOf).GroupBy(s => s.ProductId))
        {
            var first = product.Min(s => s.Day);
            var windowStart = DateOnly.FromDayNumber(Math.Max(first.DayNumber, end.DayNumber - keepDays + 1));
            var units = new int[end.DayNumber - windowStart.DayNumber + 1];
            foreach (var sale in product.Where(s => s.Day >= windowStart))
            {
                units[sale.Day.DayNumber - windowStart.DayNumber] += Math.Max(0, sale.Units);
            }

            result[product.Key] = new ProductSeries(product.Key, first, windowStart, units);
        }

        return result;
    }

    /// <summary>The state at <paramref name="origin"/> (which must be at most <see cref="End"/> + 1), from the days before it.</summary>
    public OriginState StateAt(DateOnly origin, int levelWindowDays)
    {
        var historyDays = origin.DayNumber - FirstDay.DayNumber;
        var available = origin.DayNumber - WindowStart.DayNumber;
        var sameWeekday = new double[7];
        var counts = new int[7];
        for (var back = 1; back <= Math.Min(28, available); back++)
        {
            var day = origin.AddDays(-back);
            sameWeekday[(int)day.DayOfWeek] += UnitsOn(day);
            counts[(int)day.DayOfWeek]++;
        }

        for (var w = 0; w < 7; w++)
        {
            sameWeekday[w] = counts[w] == 0 ? 0 : sameWeekday[w] / counts[w];
        }

        return new OriginState(MeanBefore(origin, Math.Min(levelWindowDays, available)), MeanBefore(origin, Math.Min(7, available)),
            MeanBefore(origin, Math.Min(28, available)), sameWeekday, historyDays);
    }

    private double MeanBefore(DateOnly origin, int days)
    {
        if (days <= 0) return 0;
        var sum = 0.0;
        for (var back = 1; back <= days; back++)
        {
            sum += UnitsOn(origin.AddDays(-back));
        }

        return sum / days;
    }
}

/// <summary>Builds <see cref="DemandFeatureRow"/>s; shared by training, evaluation and forecasting so they cannot disagree.</summary>
internal static class DemandFeatures
{
    public static DemandFeatureRow Row(OriginState state, DateOnly origin, DateOnly target, DateOnly epoch, double monthlyInflationPercent,
        float label = 0)
    {
        var level = state.Level;
        var months = (target.DayNumber - epoch.DayNumber) / MonthlyInflation.DaysPerMonth;
        return new DemandFeatureRow
        {
            Label = label,
            DaysAhead = target.DayNumber - origin.DayNumber + 1,
            Mean7Ratio = (float)(state.Mean7 / level),
            Mean28Ratio = (float)(state.Mean28 / level),
            SameWeekdayRatio = (float)(state.SameWeekdayMean[(int)target.DayOfWeek] / level),
            LogLevel = (float)Math.Log(1 + level),
            DayOfWeek = (int)target.DayOfWeek,
            DayOfMonth = target.Day,
            Month = target.Month,
            IsHoliday = ArgentineCalendar.IsHoliday(target) ? 1 : 0,
            IsAguinaldoMonth = ArgentineCalendar.IsAguinaldoMonth(target.Month) ? 1 : 0,
            AccumulatedInflationPercent = (float)((Math.Pow(1 + (monthlyInflationPercent / 100), months) - 1) * 100),
        };
    }

    /// <summary>
    /// Training rows of one product: for every <paramref name="stride"/>-th origin from the first with
    /// <see cref="DemandTrainingOptions.MinTrainingHistoryDays"/> of history up to
    /// <paramref name="lastDay"/>, one row per target day up to <see cref="DemandTrainingOptions.MaxHorizonDays"/> ahead that
    /// is still on or before <paramref name="lastDay"/>. Origins where the product sold nothing over the level window are
    /// skipped: their ratio is undefined (such products are forecast as zero).
    /// </summary>
    public static IEnumerable<DemandFeatureRow> TrainingRows(ProductSeries series, DateOnly lastDay, DateOnly epoch, DemandTrainingOptions options)
    {
        var firstOrigin = series.FirstDay.AddDays(options.TrainingHistoryDays);
        // Anchor the stride on the last origin so the most recent weeks are always used.
        for (var origin = lastDay; origin >= firstOrigin && origin >= series.WindowStart.AddDays(1); origin = origin.AddDays(-options.OriginStride))
        {
            var state = series.StateAt(origin, options.LevelWindowDays);
            if (state.Level <= 0) continue;
            for (var target = origin; target <= lastDay && target.DayNumber - origin.DayNumber < DemandTrainingOptions.MaxHorizonDays; target = target.AddDays(1))
            {
                yield return Row(state, origin, target, epoch, options.InflationFeaturePercent, (float)(series.UnitsOn(target) / state.Level));
            }
        }
    }
}
