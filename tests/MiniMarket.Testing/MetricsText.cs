using System.Globalization;

namespace MiniMarket.Testing;

/// <summary>Reads one series out of a <c>/metrics</c> page (Prometheus text format).</summary>
public static class MetricsText
{
    /// <summary>The value of <paramref name="series"/> (name with its labels, as printed), or NaN when it is not exported.</summary>
    public static double Value(string metrics, string series) =>
        metrics.Split('\n').Where(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(series.Length + 1)..], CultureInfo.InvariantCulture)).DefaultIfEmpty(double.NaN).First();
}
