using System.Globalization;
using MiniMarket.Console.Model;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Models;

/// <summary>
/// The page's words for ml's figures and decisions. A figure ml did not measure (null) is "sin medir", never a 0 or a 100;
/// a training decision (<see cref="TrainingDecision"/>) is worded here from the figures both models had on the same weeks.
/// </summary>
public sealed partial class Models
{
    private string ModelName(string model) => model switch
    {
        "demand" => L["Models.Kind.Demand"].Value,
        "price" => L["Models.Kind.Price"].Value,
        _ => model,
    };

    private string StateText(ModelVersionDto version) =>
        version.Current ? L["Models.InService"].Value
        : version.PromotedAt is { } promoted ? L.Format("Models.PromotedAt", BuenosAires.Format(promoted))
        : L["Models.NotPromotedState"].Value;

    private string AccuracyText(double? accuracy) => accuracy is { } a ? KpiFormat.Format(KpiUnit.Percent, a) : L["Models.NotMeasured"].Value;

    private static string VersionText(int version) => "v" + version.ToString(CultureInfo.InvariantCulture);

    private static string RowsText(int rows) => rows.ToString("N0", ArsFormat.EsAr);

    private static string HistoryRowsText(int? rows) => rows is { } r ? RowsText(r) : "—";

    /// <summary>Why a version is or is not in service, with both figures; ml's own words for versions trained before decisions were recorded.</summary>
    private string NoteText(ModelVersionDto version) =>
        DecisionText(version.Decision, version.PromotedAt is not null, version.AccuracyPercent, version.ComparedAccuracyPercent, version.ComparedVersion)
        ?? version.Note ?? "";

    private string? DecisionText(string? decision, bool promoted, double? accuracy, double? compared, int? comparedVersion)
    {
        var other = comparedVersion is { } v ? VersionText(v) : "";
        return decision switch
        {
            TrainingDecision.FirstModel => accuracy is null ? L["Models.Decision.FirstNotMeasured"].Value : L["Models.Decision.First"].Value,
            TrainingDecision.Compared => promoted
                ? L.Format("Models.Decision.NotWorse", AccuracyText(accuracy), AccuracyText(compared), other)
                : L.Format("Models.Decision.CurrentBetter", AccuracyText(accuracy), AccuracyText(compared), other),
            TrainingDecision.NotMeasured => promoted
                ? L.Format("Models.Decision.NeitherMeasured", other)
                : L.Format("Models.Decision.NotMeasuredKept", other),
            TrainingDecision.CurrentNotMeasurable => L.Format("Models.Decision.CurrentSawHoldout", AccuracyText(accuracy), other),
            _ => null,
        };
    }

    private string DriftText(double drift) => L.Format("Models.Drift", drift.ToString("0.###", ArsFormat.EsAr),
        drift > DriftRetrain ? L["Models.Drift.High"].Value : drift > DriftModerate ? L["Models.Drift.Moderate"].Value : L["Models.Drift.Stable"].Value);

    private static MudBlazor.Color DriftColor(double drift) =>
        drift > DriftRetrain ? MudBlazor.Color.Error : drift > DriftModerate ? MudBlazor.Color.Warning : MudBlazor.Color.Success;

    private string OutcomeText(TrainingOutcomeDto outcome) => L.Format("Models.Outcome",
        ModelName(outcome.Model), outcome.Version, AccuracyText(outcome.AccuracyPercent),
        outcome.CurrentVersion is { } current
            ? L.Format("Models.Outcome.Current", VersionText(current), AccuracyText(outcome.CurrentAccuracyPercent))
            : L["Models.Outcome.NoCurrent"].Value,
        outcome.Promoted ? L["Models.Promoted"].Value : L["Models.NotPromoted"].Value,
        DecisionText(outcome.Decision, outcome.Promoted, outcome.AccuracyPercent, outcome.CurrentAccuracyPercent, outcome.CurrentVersion) ?? outcome.Reason,
        RowsText(outcome.TrainingRows), RowsText(outcome.HistoryRows), outcome.Seconds.ToString("0.#", ArsFormat.EsAr));
}
