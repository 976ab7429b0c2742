namespace MiniMarket.Core.Contracts;

/// <summary>
/// Expected units on one day, and the expected total from the forecast's first day through this one with its p10–p90
/// band (calibrated for a forecast of that many days, so it widens day by day; the last day's equals the forecast's).
/// </summary>
public sealed record DailyDemandDto(DateOnly Day, double Expected, double CumulativeExpected, double CumulativeP10, double CumulativeP90);

/// <summary>
/// Expected total units of a product over <see cref="HorizonDays"/> days from <see cref="From"/>, with the p10-p90
/// band (8 times out of 10 the real total falls inside it, as measured on the model's holdout).
/// </summary>
public sealed record DemandForecastDto(int ProductId, DateOnly From, int HorizonDays, double Expected, double P10, double P90,
    IReadOnlyList<DailyDemandDto> Days, int ModelVersion);

/// <summary>A product the model cannot forecast, and why (unknown product, too little history).</summary>
public sealed record ForecastGapDto(int ProductId, string Reason, string Message);

/// <summary>Forecasts of every product the model knows, e.g. for today's projected revenue.</summary>
public sealed record DemandForecastListDto(DateOnly From, int HorizonDays, int ModelVersion, IReadOnlyList<DemandForecastDto> Forecasts, IReadOnlyList<ForecastGapDto> Unavailable);

/// <summary>
/// Expected purchase unit cost of a product on <see cref="Date"/>: from its own recent price trend (<c>tendencia</c>) or,
/// with too few purchases, its last price grown by the monthly inflation (<c>inflacion</c>).
/// </summary>
public sealed record PriceForecastDto(int ProductId, DateOnly Date, decimal ExpectedUnitCost, string Method, double MonthlyTrendPercent,
    int PurchasesUsed, DateOnly LastPurchaseDay, decimal LastUnitCost, int DaysSinceLastPurchase, int ModelVersion);

/// <summary>One calendar month of the store's chained price index (base 100 at its first month).</summary>
public sealed record InflationMonthDto(string Month, string Status, double? IndexLevel, double? MonthlyChangePercent, int MatchedProducts, int ProductsBought, bool IsPartial);

/// <summary>
/// The store's own inflation measured from its purchase prices, beside the configured official baseline.
/// <see cref="MeasuredMonthlyPercent"/> is the last 30 days against the 30 before (null when too few products were
/// bought in both windows); <see cref="Months"/> is the monthly chained index.
/// </summary>
public sealed record InflationDto(double? MeasuredMonthlyPercent, decimal BaselineMonthlyPercent, int MatchedProducts,
    DateOnly From, DateOnly To, IReadOnlyList<InflationMonthDto> Months, string Method);

/// <summary>Why a trained version was or was not put in service: a closed set, worded by the console.</summary>
public static class TrainingDecision
{
    /// <summary>Nothing was in service: the new version is put in service, measured or not.</summary>
    public const string FirstModel = "primer_modelo";

    /// <summary>Both were measured on the new version's holdout weeks: it is put in service unless the one in service did better.</summary>
    public const string Compared = "comparado";

    /// <summary>The new version could not be measured: it is kept, and does not replace a measured model in service.</summary>
    public const string NotMeasured = "sin_medir";

    /// <summary>
    /// The model in service could not be measured fairly on the new version's holdout weeks (it was trained on them, or it
    /// has no measurement at all): the new version, measured on weeks it never saw, replaces it.
    /// </summary>
    public const string CurrentNotMeasurable = "vigente_no_medible";
}

/// <summary>A trained model version and how it did on its time-based holdout.</summary>
/// <param name="AccuracyPercent">100 − MAPE on its holdout; null when the holdout had too little to measure ("sin medir").</param>
/// <param name="TrainingRows">Rows the stored model was fitted on (demand: product × origin × day examples; price: purchase rows).</param>
/// <param name="Note">ml's own words for the decision (for API readers; the console words <see cref="Decision"/> itself).</param>
/// <param name="ComparedAccuracyPercent">The model that was in service, measured on this version's holdout weeks; null when it could not be.</param>
/// <param name="ComparedVersion">That model's version; null when none was in service.</param>
/// <param name="Decision">A <see cref="TrainingDecision"/>; null for versions trained before decisions were recorded.</param>
/// <param name="HistoryRows">Rows of deposito's history it was trained on (demand: daily sales of a product; price: daily purchases).</param>
public sealed record ModelVersionDto(string Model, int Version, DateTimeOffset TrainedAt, DateTimeOffset? PromotedAt, bool Current,
    double? AccuracyPercent, int TrainingRows, string? Note, double? ComparedAccuracyPercent = null, int? ComparedVersion = null,
    string? Decision = null, int? HistoryRows = null);

/// <param name="DemandDriftScore">PSI of the recent sales against the demand model in service; null when not measured (no model, too few products).</param>
/// <param name="DriftModelVersion">The demand version the drift was measured against.</param>
public sealed record ModelsDto(IReadOnlyList<ModelVersionDto> Versions, double? DemandDriftScore, DateTimeOffset? DriftMeasuredAt, int? DriftModelVersion = null);

/// <summary>
/// What one training did: the new version's accuracy and the accuracy of the model in service measured on the same holdout
/// weeks (never its own old figure), whether it was promoted and why, and the rows it was trained on.
/// </summary>
/// <param name="AccuracyPercent">The new version's holdout accuracy; null when not measured.</param>
/// <param name="CurrentAccuracyPercent">The model in service on the new version's holdout; null when none, or not measurable fairly.</param>
/// <param name="CurrentVersion">The version that was in service; null when none.</param>
/// <param name="Decision">A <see cref="TrainingDecision"/>.</param>
/// <param name="Reason">ml's words for the decision, figures included.</param>
/// <param name="TrainingRows">Rows the stored model was fitted on.</param>
/// <param name="HistoryRows">Rows of deposito's history behind them.</param>
public sealed record TrainingOutcomeDto(string Model, int Version, double? AccuracyPercent, double? CurrentAccuracyPercent, int? CurrentVersion,
    bool Promoted, string Decision, string Reason, int TrainingRows, int HistoryRows, double Seconds);

public sealed record TrainingReportDto(IReadOnlyList<TrainingOutcomeDto> Models);
