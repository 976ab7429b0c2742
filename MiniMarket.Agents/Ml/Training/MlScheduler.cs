using Microsoft.Extensions.Options;
using MiniMarket.Agents.Ml.Forecasting;
using MiniMarket.Agents.Ml.Inflation;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Training;

/// <summary>A drift reading of the demand model in service: the PSI (null when too little data to measure it), when, of which version.</summary>
public sealed record DemandDriftReading(double? Psi, DateTimeOffset MeasuredAt, int ModelVersion);

/// <summary>What the monitor last measured: the store's inflation and the demand model's drift.</summary>
public sealed class MlObservations
{
    private volatile DemandDriftReading? _demandDrift;

    public InflationDto? Inflation { get; set; }

    /// <summary>The last drift reading; it always belongs to a model that was in service when it was taken.</summary>
    public DemandDriftReading? DemandDrift => _demandDrift;

    /// <summary>
    /// Records a drift reading and exports it; an unmeasured one removes the exported sample instead of leaving the previous
    /// model's figure (or a made-up 0) behind.
    /// </summary>
    public void RecordDemandDrift(DemandDriftReading reading)
    {
        _demandDrift = reading;
        if (reading.Psi is { } psi) MlMetrics.Drift.WithLabels(ModelRegistry.Demand).Set(psi);
        else MlMetrics.Drift.RemoveLabelled(ModelRegistry.Demand);
    }
}

/// <summary>
/// The ML agent's clock: loads the promoted models at start, retrains on <see cref="MlOptions.RetrainInterval"/> (each
/// scheduled training first waits for deposito's sales history to stop changing, <see cref="HistoryQuiet"/>), and every
/// <see cref="MlOptions.MonitorInterval"/> reads recent history from deposito to rebase forecasts on the latest sales,
/// measure drift (PSI of the recent 7-day-mean feature against training) and the store's inflation. A failed round is
/// counted and logged; the next one tries again.
/// </summary>
public sealed partial class MlScheduler(
    ModelRegistry registry, ModelTrainer trainer, DepositoHistoryClient deposito, MlObservations observations,
    IOptions<MlOptions> options, TimeProvider time, ILogger<MlScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        MlMetrics.BaselineInflation.Set((double)settings.BaselineMonthlyInflationPercent);
        try
        {
            await registry.LoadPromotedAsync(stoppingToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            MlMetrics.Errors.WithLabels("load").Inc();
            LogRoundFailed(logger, "cargar modelos", e.Message);
        }
        var nextTraining = time.GetUtcNow() + settings.FirstTrainingDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (settings.RetrainInterval > TimeSpan.Zero && time.GetUtcNow() >= nextTraining)
            {
                await RoundAsync("entrenar", () => ScheduledTrainingAsync(stoppingToken), stoppingToken);
                nextTraining = time.GetUtcNow() + settings.RetrainInterval;
            }
            await RoundAsync("monitorear", () => MonitorAsync(stoppingToken), stoppingToken);
            var wait = settings.RetrainInterval > TimeSpan.Zero && nextTraining - time.GetUtcNow() < settings.MonitorInterval
                ? nextTraining - time.GetUtcNow()
                : settings.MonitorInterval;
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RoundAsync(string what, Func<Task> round, CancellationToken stoppingToken)
    {
        try
        {
            await round();
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is HistoryUnavailableException or InsufficientSalesHistoryException
                                      or TrainingBusyException or Npgsql.NpgsqlException or IOException or InvalidOperationException)
        {
            LogRoundFailed(logger, what, e.Message);
        }
    }

    private async Task ScheduledTrainingAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.HistoryQuietPeriod > TimeSpan.Zero)
        {
            await HistoryQuiet.WaitAsync(ReadSalesFingerprintAsync, settings.HistoryQuietPeriod, settings.HistoryQuietMaxWait, time, logger, stoppingToken);
        }
        await trainer.TrainAsync("programado", stoppingToken);
    }

    /// <summary>The fingerprint of the sales a training would read now; null when deposito does not answer (counts as a change).</summary>
    private async Task<SalesFingerprint?> ReadSalesFingerprintAsync(CancellationToken cancellationToken)
    {
        var today = BuenosAiresTime.Today(time);
        try
        {
            return SalesFingerprint.Of(await deposito.GetSalesAsync(today.AddDays(-options.Value.HistoryDays), today.AddDays(-1), cancellationToken));
        }
        catch (HistoryUnavailableException e)
        {
            LogRoundFailed(logger, "leer la historia de ventas", e.Message);
            return null;
        }
    }

    /// <summary>One monitoring round (also run on demand by the inflation API when nothing was measured yet).</summary>
    public async Task MonitorAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var today = BuenosAiresTime.Today(time);
        var from = today.AddDays(-settings.HistoryDays);
        var purchases = await deposito.GetPurchasesAsync(from, today, cancellationToken);
        observations.Inflation = Inflation(purchases, from, today, settings.BaselineMonthlyInflationPercent);
        if (observations.Inflation.MeasuredMonthlyPercent is { } measured) MlMetrics.MeasuredInflation.Set(measured);

        if (registry.CurrentDemand is not null)
        {
            var sales = await deposito.GetSalesAsync(from, today.AddDays(-1), cancellationToken);
            registry.RefreshDemandHistory(sales, today);
            var current = registry.CurrentDemand!;
            var drift = DemandDrift.FeatureDrift(current.Model, sales, today);
            // A version promoted meanwhile had its own drift measured by the trainer: this reading is of the old one.
            if (registry.CurrentDemand?.Version == current.Version)
                observations.RecordDemandDrift(new DemandDriftReading(drift, time.GetUtcNow(), current.Version));
        }
    }

    public static InflationDto Inflation(IReadOnlyList<PurchasePrice> purchases, DateOnly from, DateOnly today, decimal baseline)
    {
        // Months before the first purchase say nothing: they are left out rather than listed as "insufficient".
        var months = StoreInflationIndex.Compute(purchases, from, today).SkipWhile(m => m.ProductsBought == 0).ToList();
        var current = StoreInflationIndex.CurrentMonthlyRate(purchases, today);
        return new InflationDto(current.MonthlyRatePercent is { } rate ? Math.Round(rate, 2) : null, baseline, current.MatchedProducts, from, today,
            months.Select(m => new InflationMonthDto(m.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), m.Status.ToString(),
                m.IndexLevel is { } level ? Math.Round(level, 2) : null, m.MonthlyChangePercent is { } change ? Math.Round(change, 2) : null,
                m.MatchedProducts, m.ProductsBought, m.IsPartial)).ToList(),
            "Índice encadenado de Jevons (media geométrica de las variaciones de precio de los productos comprados en ambos períodos); tasa actual: últimos 30 días contra los 30 anteriores.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ML: no se pudo {What}: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, string what, string reason);
}
