using Microsoft.ML;

namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>
/// A trained demand model with the recent sales of every product it knows, ready to forecast. Immutable; safe to share
/// between threads. <see cref="WithHistory"/> gives the same trees fresher sales, so the service can forecast from today's
/// data without retraining every day.
/// </summary>
public sealed class TrainedDemandModel
{
    /// <summary>How far past the training date a forecast may start: the model reads the sales up to its date, and the
    /// distance to the target day is one of its features, trained up to 30 days.</summary>
    public const int MaxDaysAfterAsOf = 30;

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _schema;
    private readonly DemandModelMetadata _metadata;
    private readonly Dictionary<int, ProductSeries> _series;
    private readonly DemandScorer _scorer;

    internal TrainedDemandModel(MLContext ml, ITransformer model, DataViewSchema schema, DemandModelMetadata metadata,
        Dictionary<int, ProductSeries> series)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
        _metadata = metadata;
        _series = series;
        _scorer = new DemandScorer(ml, model, metadata.Epoch, metadata.InflationFeaturePercent, metadata.Evaluation.ModelWeight);
    }

    /// <summary>The date the forecasts start from by default: the model knows the sales of the days before it.</summary>
    public DateOnly AsOf => _metadata.AsOf;

    public DateTimeOffset TrainedAt => _metadata.TrainedAt;

    /// <summary>Wall-clock training time, holdout model and refit included (a figure to log, not a promise).</summary>
    public TimeSpan TrainingDuration => TimeSpan.FromSeconds(_metadata.TrainingSeconds);

    public DemandEvaluation Evaluation => _metadata.Evaluation;

    public int TrainingRows => _metadata.Evaluation.TrainingRows;

    /// <summary>Daily sales rows (product, day) the model was trained on.</summary>
    public int SalesRows => _metadata.Evaluation.SalesRows;

    public IReadOnlyCollection<int> ProductIds => _series.Keys;

    /// <summary>The training distribution of the Mean7Ratio feature (last 7 days' mean / level), for <see cref="DemandDrift"/>.</summary>
    public IReadOnlyList<double> ReferenceMean7Ratios => _metadata.ReferenceMean7Ratios;

    /// <summary>Holdout actual / forecast ratios of 7-day totals, for <see cref="DemandDrift"/>.</summary>
    public IReadOnlyList<double> ReferenceResidualRatios => _metadata.ReferenceResidualRatios;

    public ProductForecastStatus StatusOf(int productId) =>
        !_series.TryGetValue(productId, out var series) ? ProductForecastStatus.UnknownProduct
        : AsOf.DayNumber - series.FirstDay.DayNumber < _metadata.MinHistoryDays ? ProductForecastStatus.InsufficientHistory
        : ProductForecastStatus.Ready;

    /// <summary>
    /// Expected total units of <paramref name="productId"/> over <paramref name="horizonDays"/> days from
    /// <paramref name="from"/>, with its p10–p90 band and the daily split. <paramref name="from"/> is normally
    /// <see cref="AsOf"/>; a later day (up to <see cref="MaxDaysAfterAsOf"/>) is forecast from the sales known at AsOf, and an
    /// earlier one (a backtest, within the kept window) from the sales before it. The band was calibrated on forecasts
    /// starting at the day after the known sales; one starting later is more uncertain than its band says.
    /// </summary>
    /// <exception cref="ForecastUnavailableException">Unknown product, or less history than the minimum at the origin.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Horizon outside 1..30, or <paramref name="from"/> outside the range above.</exception>
    public DemandForecast Forecast(int productId, DateOnly from, int horizonDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizonDays, DemandTrainingOptions.MaxHorizonDays);
        if (!_series.TryGetValue(productId, out var series))
        {
            throw new ForecastUnavailableException(productId, ForecastUnavailableReason.UnknownProduct);
        }

        var origin = from < AsOf ? from : AsOf;
        if (from.DayNumber - AsOf.DayNumber > MaxDaysAfterAsOf || origin < series.WindowStart.AddDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(from), from,
                $"A forecast can start between {series.WindowStart.AddDays(1):yyyy-MM-dd} and {AsOf.AddDays(MaxDaysAfterAsOf):yyyy-MM-dd}");
        }

        var historyDays = origin.DayNumber - series.FirstDay.DayNumber;
        if (historyDays < _metadata.MinHistoryDays)
        {
            throw new ForecastUnavailableException(productId, ForecastUnavailableReason.InsufficientHistory, Math.Max(0, historyDays), _metadata.MinHistoryDays);
        }

        var daily = _scorer.Daily(series.StateAt(origin, _metadata.LevelWindowDays), origin, from, horizonDays);
        var days = new List<DailyPoint>(daily.Length);
        var total = 0.0;
        for (var k = 0; k < daily.Length; k++)
        {
            total += daily[k];
            var ratios = Band(k + 1);
            days.Add(new DailyPoint(from.AddDays(k), daily[k], total, total * ratios[0], total * ratios[1]));
        }
        var last = days[^1];
        return new DemandForecast(productId, from, horizonDays, last.CumulativeExpected, last.CumulativeP10, last.CumulativeP90, days);
    }

    /// <summary>The {p10, p90} ratios of a forecast over <paramref name="days"/> days; longer than the holdout measured: its longest.</summary>
    private double[] Band(int days) => _metadata.BandRatios[Math.Min(days, _metadata.BandRatios.Length) - 1];

    /// <summary>The same model reading newer sales: forecasts then start from <paramref name="asOf"/>. Products the history lacks are unknown.</summary>
    public TrainedDemandModel WithHistory(IReadOnlyList<DailySales> history, DateOnly asOf)
    {
        var series = ProductSeries.Build(history, asOf)
            .ToDictionary(p => p.Key, p => DemandModelTrainer.Keep(p.Value, _metadata.LevelWindowDays));
        return new TrainedDemandModel(_ml, _model, _schema, _metadata with { AsOf = asOf }, series);
    }

    /// <summary>
    /// This model (the one in service) scored on <paramref name="candidate"/>'s holdout weeks exactly as the candidate was,
    /// from <paramref name="sales"/>, the history the candidate was trained on; see <see cref="DemandHoldout.Measure"/>.
    /// </summary>
    public ServedModelMeasurement MeasureOnHoldoutOf(TrainedDemandModel candidate, IReadOnlyList<DailySales> sales) =>
        DemandHoldout.Measure(this, candidate, sales);

    /// <summary>The forecaster the service uses: the trees blended with the seasonal naive by the model's weight.</summary>
    internal DemandScorer Scorer => _scorer;

    internal int MinHistoryDays => _metadata.MinHistoryDays;

    internal int LevelWindowDays => _metadata.LevelWindowDays;

    /// <summary>Writes the model (trees, metadata and the products' recent sales) to <paramref name="stream"/>, which stays open.</summary>
    public void Save(Stream stream)
    {
        var metadata = _metadata with
        {
            Products = _series.Values.Select(s => new ProductSeriesDto(s.ProductId, s.FirstDay, s.WindowStart, s.Units)).ToList(),
        };
        DemandModelFile.Save(stream, _ml, _model, _schema, metadata);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; the stream stays open.</summary>
    /// <exception cref="InvalidDataException">Not a demand model file, or one of another format version.</exception>
    public static TrainedDemandModel Load(Stream stream)
    {
        var ml = new MLContext();
        var (metadata, model, schema) = DemandModelFile.Load(stream, ml);
        var series = metadata.Products.ToDictionary(p => p.ProductId, p => new ProductSeries(p.ProductId, p.FirstDay, p.WindowStart, p.Units));
        return new TrainedDemandModel(ml, model, schema, metadata, series);
    }
}
