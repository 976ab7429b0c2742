using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Ml.Forecasting;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Training;

/// <summary>A training is already running; this one was not started.</summary>
public sealed class TrainingBusyException() : Exception("Ya hay un entrenamiento en curso.");

/// <summary>
/// Trains both models from deposito's history, stores every version (file + row) and promotes a version only when it
/// is not worse than the one in service measured on the same recent data: the current demand model is scored on the
/// new model's holdout weeks (when it had not seen them), the current price model on the new purchase history.
/// </summary>
public sealed partial class ModelTrainer(
    DepositoHistoryClient deposito, ModelRegistry registry, IServiceScopeFactory scopes, IOptions<MlOptions> options, TimeProvider time, ILogger<ModelTrainer> logger) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _running = new(1, 1);

    public bool IsRunning => _running.CurrentCount == 0;

    public void Dispose() => _running.Dispose();

    public async Task<TrainingReportDto> TrainAsync(string trigger, CancellationToken cancellationToken)
    {
        if (!await _running.WaitAsync(0, cancellationToken)) throw new TrainingBusyException();
        try
        {
            var settings = options.Value;
            var today = BuenosAiresTime.Today(time);
            var from = today.AddDays(-settings.HistoryDays);
            var sales = await deposito.GetSalesAsync(from, today.AddDays(-1), cancellationToken);
            var purchases = await deposito.GetPurchasesAsync(from, today, cancellationToken);
            LogTraining(logger, trigger, sales.Count, purchases.Count);
            var outcomes = new List<TrainingOutcomeDto>
            {
                await TrainDemandAsync(sales, today, cancellationToken),
                await TrainPriceAsync(purchases, settings, cancellationToken),
            };
            return new TrainingReportDto(outcomes);
        }
        catch (HistoryUnavailableException)
        {
            MlMetrics.Errors.WithLabels("history").Inc();
            throw;
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<TrainingOutcomeDto> TrainDemandAsync(IReadOnlyList<DailySales> sales, DateOnly today, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        TrainedDemandModel model;
        try
        {
            model = await Task.Run(() => new DemandModelTrainer(time).Train(sales, today), cancellationToken);
        }
        catch (InsufficientSalesHistoryException)
        {
            Count(ModelRegistry.Demand, "insufficient_data");
            throw;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            Count(ModelRegistry.Demand, "failed");
            MlMetrics.Errors.WithLabels("train").Inc();
            throw;
        }
        var accuracy = model.Evaluation.AccuracyPercent;
        var current = registry.CurrentDemand;
        var currentAccuracy = current is null ? (double?)null : CurrentDemandAccuracy(current.Model, sales, model.Evaluation.HoldoutFrom, today);
        return await RecordAsync(ModelRegistry.Demand, accuracy, currentAccuracy, model.TrainingRows, model.TrainedAt, model.Evaluation,
            (_, path) => ModelRegistry.WriteDemandAsync(path, model),
            version => registry.Promote(new ModelRegistry.DemandState(version, model), accuracy), clock, cancellationToken);
    }

    /// <summary>
    /// The model in service, scored like a new one (100 - MAPE of 7-day totals, windows with sales only) on the weeks
    /// the new one held out. If the model in service was trained on those weeks it has seen them: its own holdout figure stands.
    /// </summary>
    private static double CurrentDemandAccuracy(TrainedDemandModel current, IReadOnlyList<DailySales> sales, DateOnly holdoutFrom, DateOnly today)
    {
        if (current.AsOf > holdoutFrom) return current.Evaluation.AccuracyPercent;
        var ratios = DemandDrift.RealizedRatios(current, sales, holdoutFrom, today).Where(r => r > 0).ToList();
        if (ratios.Count == 0) return current.Evaluation.AccuracyPercent;
        var mape = ratios.Average(r => Math.Abs(1 - 1 / r)) * 100;
        return Math.Max(0, 100 - mape);
    }

    private async Task<TrainingOutcomeDto> TrainPriceAsync(IReadOnlyList<PurchasePrice> purchases, MlOptions settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var fallback = settings.BaselineMonthlyInflationPercent;
        var evaluation = new PricePredictor(new PricePredictorOptions { MonthlyInflationPercent = fallback }).Evaluate(purchases);
        var current = registry.CurrentPrice;
        // The current price model's method on the new data: same predictor, its own settings, the same holdout purchases.
        double? currentAccuracy = current is null ? null
            : new PricePredictor(new PricePredictorOptions { MonthlyInflationPercent = current.FallbackMonthlyInflationPercent }).Evaluate(purchases).AccuracyPercent;
        PriceModel Model(int version) => new(version, purchases, fallback, evaluation);
        return await RecordAsync(ModelRegistry.Price, evaluation.AccuracyPercent, currentAccuracy, purchases.Count, time.GetUtcNow(), evaluation,
            (version, path) => ModelRegistry.WritePriceAsync(path, Model(version), cancellationToken),
            version => registry.Promote(Model(version)), clock, cancellationToken);
    }

    /// <summary>
    /// Stores a trained version (file, then its row with the evaluation) and puts it in service when it is not worse than
    /// the current one on the same data (or there is none); counts and logs the outcome.
    /// </summary>
    private async Task<TrainingOutcomeDto> RecordAsync(string kind, double accuracy, double? currentAccuracy, int rows, DateTimeOffset trainedAt,
        object evaluation, Func<int, string, Task> write, Action<int> promote, Stopwatch clock, CancellationToken cancellationToken)
    {
        var promoted = currentAccuracy is null || accuracy >= currentAccuracy.Value;
        var reason = currentAccuracy is null ? "primer modelo" : promoted ? "no es peor que el vigente" : "el vigente es mejor en los mismos datos";
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MlDbContext>();
        var version = await ModelRegistry.NextVersionAsync(db, kind, cancellationToken);
        var path = registry.FileFor(kind, version);
        await write(version, path);
        db.ModelVersions.Add(new ModelVersionRow
        {
            Kind = kind, Version = version, TrainedAt = trainedAt, PromotedAt = promoted ? time.GetUtcNow() : null, Path = path,
            TrainingRows = rows, AccuracyPercent = (decimal)Math.Round(accuracy, 3),
            EvaluationJson = JsonSerializer.Serialize(new { Evaluation = evaluation, CurrentAccuracyPercent = currentAccuracy, Reason = reason }, Json),
        });
        await db.SaveChangesAsync(cancellationToken);
        if (promoted) promote(version);
        Count(kind, promoted ? "promoted" : "kept_current");
        LogTrained(logger, kind, version, accuracy, currentAccuracy, promoted);
        return new TrainingOutcomeDto(kind, version, Math.Round(accuracy, 2), currentAccuracy is { } c ? Math.Round(c, 2) : null, promoted, reason, clock.Elapsed.TotalSeconds);
    }

    private void Count(string model, string outcome)
    {
        MlMetrics.Trainings.WithLabels(model, outcome).Inc();
        MlMetrics.LastTraining.WithLabels(model).Set(time.GetUtcNow().ToUnixTimeSeconds());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Entrenamiento ({Trigger}): {SalesRows} filas de ventas, {PurchaseRows} de compras")]
    private static partial void LogTraining(ILogger logger, string trigger, int salesRows, int purchaseRows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Modelo {Kind} v{Version}: exactitud {Accuracy:0.0} % (vigente {CurrentAccuracy}); promovido: {Promoted}")]
    private static partial void LogTrained(ILogger logger, string kind, int version, double accuracy, double? currentAccuracy, bool promoted);
}
