namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>
/// Population stability index (PSI): how far a recent sample of a quantity has moved from the sample the model was trained
/// on. PSI = Σ (recent% − reference%) × ln(recent% / reference%) over bins. Common reading: below 0.1 stable, 0.1–0.25 a
/// moderate shift worth watching, above 0.25 a shift that calls for retraining (<see cref="ModerateShift"/>,
/// <see cref="MajorShift"/>).
/// <para>
/// The bins are quantiles of the reference (deciles by default), so each holds about the same share of the reference
/// and the index does not depend on the quantity's unit or scale. The outer bins are open (below the first edge, above the
/// last), so recent values outside the reference's range still count. A bin empty on either side would make the log
/// infinite; its share is floored at <c>epsilon</c> instead, the usual fix.
/// </para>
/// </summary>
public static class PopulationStability
{
    public const double ModerateShift = 0.1;
    public const double MajorShift = 0.25;
    public const int DefaultBins = 10;
    public const double DefaultEpsilon = 1e-4;

    /// <summary>PSI of <paramref name="recent"/> against <paramref name="reference"/>; 0 means the same distribution.</summary>
    /// <exception cref="ArgumentException">Either sample is empty, holds NaN or infinity, or bins is below 2.</exception>
    public static double Index(IReadOnlyList<double> reference, IReadOnlyList<double> recent, int bins = DefaultBins,
        double epsilon = DefaultEpsilon)
    {
        Validate(reference, nameof(reference));
        Validate(recent, nameof(recent));
        if (bins < 2)
        {
            throw new ArgumentException($"PSI needs at least 2 bins (got {bins})", nameof(bins));
        }

        if (epsilon is <= 0 or >= 0.1)
        {
            throw new ArgumentException($"epsilon must be in (0, 0.1) (got {epsilon})", nameof(epsilon));
        }

        var edges = QuantileEdges(reference, bins);
        var expected = Shares(reference, edges, epsilon);
        var actual = Shares(recent, edges, epsilon);
        var psi = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            psi += (actual[i] - expected[i]) * Math.Log(actual[i] / expected[i]);
        }

        return psi;
    }

    /// <summary>
    /// Inner bin edges at the reference's quantiles 1/bins … (bins−1)/bins, duplicates removed: a reference with many
    /// equal values (zero sales) yields fewer, wider bins instead of empty ones.
    /// </summary>
    internal static double[] QuantileEdges(IReadOnlyList<double> reference, int bins)
    {
        var sorted = reference.Order().ToArray();
        var edges = new List<double>(bins - 1);
        for (var i = 1; i < bins; i++)
        {
            var edge = Quantile(sorted, (double)i / bins);
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return [.. edges];
    }

    /// <summary>Linear-interpolated quantile (type 7, as R and numpy default) of an ascending array.</summary>
    internal static double Quantile(double[] sorted, double p)
    {
        if (sorted.Length == 1)
        {
            return sorted[0];
        }

        var position = p * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    // Bin i holds values in (edge[i-1], edge[i]]; the first bin everything <= edge[0], the last everything > edge[^1].
    private static double[] Shares(IReadOnlyList<double> values, double[] edges, double epsilon)
    {
        var counts = new double[edges.Length + 1];
        foreach (var value in values)
        {
            var index = Array.BinarySearch(edges, value);
            counts[index >= 0 ? index : ~index]++;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Math.Max(counts[i] / values.Count, epsilon);
        }

        return counts;
    }

    private static void Validate(IReadOnlyList<double> values, string name)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("PSI needs a non-empty sample", name);
        }

        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("PSI samples must be finite numbers", name);
        }
    }
}
