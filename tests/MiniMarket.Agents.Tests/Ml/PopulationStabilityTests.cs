using MiniMarket.Agents.Ml.Forecasting;

namespace MiniMarket.Agents.Tests.Ml;

public class PopulationStabilityTests
{
    // Box-Muller: normal samples from a seeded Random.
    private static double[] Normal(int count, double mean, double sd, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => mean + (sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))
            .ToArray();
    }

    [Fact]
    public void Index_SameDistribution_BelowFivePercent()
    {
        var psi = PopulationStability.Index(Normal(5000, 10, 2, seed: 1), Normal(2000, 10, 2, seed: 2));

        Assert.InRange(psi, 0, 0.05);
    }

    [Fact]
    public void Index_SameSample_Zero()
    {
        var sample = Normal(500, 0, 1, seed: 3);

        Assert.Equal(0, PopulationStability.Index(sample, sample), 12);
    }

    [Theory]
    [InlineData(1.0, 0)]  // mean moved by half a standard deviation
    [InlineData(0, 1.6)]  // spread grew
    public void Index_ShiftedDistribution_AboveTwentyPercent(double meanShift, double sdGrowth)
    {
        var psi = PopulationStability.Index(Normal(5000, 10, 2, seed: 4), Normal(2000, 10 + meanShift, 2 * Math.Max(1, sdGrowth), seed: 5));

        Assert.True(psi > 0.2, $"PSI {psi}");
    }

    [Fact]
    public void Index_RecentOutsideTheReferenceRange_CountedInTheOuterBinsAndLarge()
    {
        var psi = PopulationStability.Index(Normal(1000, 0, 1, seed: 6), Normal(1000, 100, 1, seed: 7));

        Assert.True(psi > PopulationStability.MajorShift * 10, $"PSI {psi}");
        Assert.True(double.IsFinite(psi));
    }

    [Fact]
    public void Index_ReferenceWithManyTies_FiniteAndZeroForTheSameMix()
    {
        var reference = Enumerable.Repeat(0.0, 700).Concat(Enumerable.Range(1, 300).Select(i => (double)i)).ToArray();

        Assert.Equal(0, PopulationStability.Index(reference, reference.Reverse().ToArray()), 12);
    }

    [Fact]
    public void Index_EmptySample_Throws()
    {
        Assert.Throws<ArgumentException>(() => PopulationStability.Index([1, 2, 3], []));
        Assert.Throws<ArgumentException>(() => PopulationStability.Index([1, 2, double.NaN], [1]));
    }
}
