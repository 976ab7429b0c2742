using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Training;

/// <summary>
/// The model in service when a new version is trained: its version, whether it was ever measured (its own holdout), and how
/// it did on the new version's holdout weeks — null when it could not be measured there fairly; <see cref="SawHoldout"/> says
/// it was trained on those weeks.
/// </summary>
public sealed record ServedModel(int Version, bool HasMeasurement, double? AccuracyOnSameHoldout, bool SawHoldout);

/// <summary>Whether a new version goes into service, the <see cref="TrainingDecision"/>, and ml's words for it.</summary>
public sealed record PromotionVerdict(bool Promoted, string Decision, string Reason);

/// <summary>
/// When a newly trained version replaces the one in service. Only measurements taken on the same holdout weeks are
/// compared; a model's own old figure, measured on other weeks, never is.
/// <list type="number">
/// <item>Nothing in service: the new version goes in, measured or not (a forecast with "sin medir" beside it is better than
/// none, and the first measured version will replace it).</item>
/// <item>The new version is not measured (its holdout sold too little): it is stored but does not replace a model that has a
/// measurement. If the one in service has none either, the new one goes in: neither can be judged, and the new one knows
/// the latest sales.</item>
/// <item>Both measured on the new version's holdout weeks: the new one goes in unless the one in service did better.</item>
/// <item>The one in service cannot be measured fairly there — it was trained on those weeks, so its score would be
/// in-sample and flattering (with daily retraining it always was): the new version, measured on weeks it never saw and
/// trained with the same method on newer data, replaces it. The reason says so.</item>
/// </list>
/// </summary>
public static class PromotionRule
{
    public static PromotionVerdict Decide(double? candidate, ServedModel? served)
    {
        if (served is null)
        {
            return new PromotionVerdict(true, TrainingDecision.FirstModel, candidate is { } first
                ? $"primer modelo: {Percent(first)} en su holdout"
                : "primer modelo, sin medir: su holdout vendió demasiado poco para medirlo; queda en servicio hasta que haya uno medido");
        }

        var current = $"v{served.Version}";
        if (candidate is not { } accuracy)
        {
            return served.HasMeasurement
                ? new PromotionVerdict(false, TrainingDecision.NotMeasured,
                    $"sin medir: su holdout vendió demasiado poco para medirlo; sigue en servicio {current}, que tiene precisión medida")
                : new PromotionVerdict(true, TrainingDecision.NotMeasured,
                    $"sin medir, como {current}: ninguno se puede juzgar y el nuevo conoce las ventas más recientes");
        }

        if (served.AccuracyOnSameHoldout is { } measured)
        {
            var promoted = accuracy >= measured;
            return new PromotionVerdict(promoted, TrainingDecision.Compared,
                $"{Percent(accuracy)} contra {Percent(measured)} de {current} en las mismas semanas: " +
                (promoted ? "no es peor, entra en servicio" : $"{current} es mejor, sigue en servicio"));
        }

        return new PromotionVerdict(true, TrainingDecision.CurrentNotMeasurable, served.SawHoldout
            ? $"{Percent(accuracy)} en semanas que no vio; {current} se entrenó con esas semanas y medirlo ahí no sería justo: lo reemplaza"
            : $"{Percent(accuracy)} en su holdout; {current} no se pudo medir en esas semanas: lo reemplaza");
    }

    private static string Percent(double value) => value.ToString("0.0", ArsFormat.EsAr) + " %";
}
