using MiniMarket.Agents.Ml.Training;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Tests.Ml;

/// <summary>Issue 14 §5: a new version is compared with the one in service only on the same holdout weeks; an unmeasured one never replaces a measured one.</summary>
public class PromotionRuleTests
{
    [Fact]
    public void Decide_NothingInService_PromotedMeasuredOrNot()
    {
        var measured = PromotionRule.Decide(91.2, null);
        var unmeasured = PromotionRule.Decide(null, null);

        Assert.Equal((true, TrainingDecision.FirstModel), (measured.Promoted, measured.Decision));
        Assert.Contains("91,2 %", measured.Reason, StringComparison.Ordinal);
        Assert.Equal((true, TrainingDecision.FirstModel), (unmeasured.Promoted, unmeasured.Decision));
        Assert.Contains("sin medir", unmeasured.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("%", unmeasured.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UnmeasuredAgainstAMeasuredModelInService_Kept()
    {
        var verdict = PromotionRule.Decide(null, new ServedModel(3, HasMeasurement: true, AccuracyOnSameHoldout: null, SawHoldout: true));

        Assert.Equal((false, TrainingDecision.NotMeasured), (verdict.Promoted, verdict.Decision));
        Assert.Contains("v3", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NeitherMeasured_TheNewerOneGoesIn()
    {
        var verdict = PromotionRule.Decide(null, new ServedModel(1, HasMeasurement: false, AccuracyOnSameHoldout: null, SawHoldout: true));

        Assert.Equal((true, TrainingDecision.NotMeasured), (verdict.Promoted, verdict.Decision));
    }

    [Theory]
    [InlineData(89.8, 87.1, true)]
    [InlineData(89.8, 89.8, true)]
    [InlineData(89.8, 90.3, false)]
    public void Decide_BothMeasuredOnTheSameWeeks_NotWorseGoesIn(double candidate, double served, bool promoted)
    {
        var verdict = PromotionRule.Decide(candidate, new ServedModel(1, HasMeasurement: true, AccuracyOnSameHoldout: served, SawHoldout: false));

        Assert.Equal((promoted, TrainingDecision.Compared), (verdict.Promoted, verdict.Decision));
        Assert.Contains(candidate.ToString("0.0", MiniMarket.Core.Domain.ArsFormat.EsAr) + " %", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains(served.ToString("0.0", MiniMarket.Core.Domain.ArsFormat.EsAr) + " %", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ModelInServiceTrainedOnTheHoldoutWeeks_ItsOwnOldFigureIsNotUsed()
    {
        // The run: v1 claimed 100 % on its own (empty) holdout; v2 measured 89.8 % on real weeks that v1 had seen.
        var verdict = PromotionRule.Decide(89.8, new ServedModel(1, HasMeasurement: true, AccuracyOnSameHoldout: null, SawHoldout: true));

        Assert.Equal((true, TrainingDecision.CurrentNotMeasurable), (verdict.Promoted, verdict.Decision));
        Assert.Contains("89,8 %", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("v1 se entrenó con esas semanas", verdict.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("100", verdict.Reason, StringComparison.Ordinal);
    }
}
