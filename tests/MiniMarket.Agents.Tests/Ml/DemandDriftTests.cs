using MiniMarket.Agents.Ml.Forecasting;
using Xunit.Abstractions;

namespace MiniMarket.Agents.Tests.Ml;

public class DemandDriftTests(DemoDemandModel demo, ITestOutputHelper output) : IClassFixture<DemoDemandModel>
{
    private static readonly DateOnly FourWeeksLater = DemoDemandModel.AsOf.AddDays(28);

    [Fact]
    public void FeatureDrift_SalesGoOnAsBefore_Stable()
    {
        var psi = DemandDrift.FeatureDrift(demo.Model, [.. demo.History, .. demo.After], FourWeeksLater);
        output.WriteLine($"PSI {psi:0.000}");

        Assert.NotNull(psi);
        Assert.InRange(psi.Value, 0, PopulationStability.ModerateShift);
    }

    [Fact]
    public void FeatureDrift_SalesHalvedForTwoWeeks_MajorShift()
    {
        var halved = demo.After.Select(s => s.Day >= FourWeeksLater.AddDays(-14) ? s with { Units = s.Units / 2 } : s);

        var psi = DemandDrift.FeatureDrift(demo.Model, [.. demo.History, .. halved], FourWeeksLater);
        output.WriteLine($"PSI {psi:0.000}");

        Assert.True(psi > PopulationStability.MajorShift, $"PSI {psi}");
    }

    [Fact]
    public void ErrorDrift_FourWeeksAsBefore_Stable()
    {
        var ratios = DemandDrift.RealizedRatios(demo.Model, [.. demo.History, .. demo.After], DemoDemandModel.AsOf, FourWeeksLater);

        var psi = DemandDrift.ErrorDrift(demo.Model, ratios);
        output.WriteLine($"PSI {psi:0.000}");

        Assert.Equal(4 * DemoDemandModel.Products, ratios.Count);
        Assert.InRange(psi!.Value, 0, PopulationStability.ModerateShift);
    }

    [Fact]
    public void ErrorDrift_SalesJumpAThird_MajorShift()
    {
        // From the training date on, every product sells a third more: the model, re-anchored weekly, keeps underforecasting.
        var jumped = demo.After.Select(s => s with { Units = (int)Math.Round(s.Units * 1.33) });

        var ratios = DemandDrift.RealizedRatios(demo.Model, [.. demo.History, .. jumped], DemoDemandModel.AsOf, FourWeeksLater);
        var psi = DemandDrift.ErrorDrift(demo.Model, ratios);
        output.WriteLine($"PSI {psi:0.000}");

        Assert.True(psi > PopulationStability.MajorShift, $"PSI {psi}");
    }

    [Fact]
    public void FeatureDrift_TooFewProducts_Null()
    {
        var oneProduct = demo.History.Where(s => s.ProductId == 1).ToList();

        Assert.Null(DemandDrift.FeatureDrift(demo.Model, oneProduct, DemoDemandModel.AsOf));
        Assert.Null(DemandDrift.ErrorDrift(demo.Model, [1.0, 1.1]));
    }
}
