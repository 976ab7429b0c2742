using System.Globalization;
using System.Text;

namespace MiniMarket.Console.Services;

/// <summary>Helpers to build PromQL and pick a query_range step safely.</summary>
public static class PromQl
{
    /// <summary>Prometheus refuses a range query of more than 11,000 points per series.</summary>
    public const int MaxPointsPerSeries = 11_000;

    /// <summary>Escapes a label value for use inside double quotes: backslash, quote and newline.</summary>
    public static string EscapeLabelValue(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary><c>name="value"</c> with the value escaped.</summary>
    public static string LabelMatcher(string name, string value) => $"{name}=\"{EscapeLabelValue(value)}\"";

    /// <summary>
    /// A step for <c>query_range</c> that keeps a series under <paramref name="targetPoints"/> (and always under
    /// Prometheus' limit) and is never finer than the scrape interval, rounded up to whole seconds.
    /// </summary>
    public static TimeSpan Step(TimeSpan range, TimeSpan scrapeInterval, int targetPoints = 250)
    {
        if (range <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(range), range, "The range must be positive.");
        targetPoints = Math.Clamp(targetPoints, 1, MaxPointsPerSeries - 1);
        var seconds = Math.Max(range.TotalSeconds / targetPoints, scrapeInterval.TotalSeconds);
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(seconds)));
    }

    /// <summary>
    /// The time moved back to its whole second. The console's live views refresh on the same clock ticks, so sessions
    /// asking for "the last hour" on one tick ask the same query once their times are whole seconds (and it can be
    /// shared), while the last point stays at the moment asked (a range aligned to its step would end up to a step
    /// earlier: a chart of an alert that began a few seconds ago would be empty).
    /// </summary>
    public static DateTimeOffset WholeSecond(DateTimeOffset time) => time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerSecond));

    /// <summary>Parses a Prometheus sample value ("1.5", "NaN", "+Inf", "-Inf", "1e-07") with the invariant culture.</summary>
    public static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Unix seconds (float) as Prometheus expects them in query parameters.</summary>
    public static string UnixSeconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
