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

/// <summary>A trained model version and how it did on its time-based holdout.</summary>
public sealed record ModelVersionDto(string Model, int Version, DateTimeOffset TrainedAt, DateTimeOffset? PromotedAt, bool Current,
    double? AccuracyPercent, int TrainingRows, string? Note);

public sealed record ModelsDto(IReadOnlyList<ModelVersionDto> Versions, double? DemandDriftScore, DateTimeOffset? DriftMeasuredAt);

/// <summary>What one training did: the new version's accuracy, the current one's on the same data, and whether it was promoted.</summary>
public sealed record TrainingOutcomeDto(string Model, int Version, double AccuracyPercent, double? CurrentAccuracyPercent, bool Promoted, string Reason, double Seconds);

public sealed record TrainingReportDto(IReadOnlyList<TrainingOutcomeDto> Models);
