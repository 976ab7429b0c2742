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
/// What a stored version's <c>evaluation_json</c> holds besides the evaluation itself: the decision, the model in service it
/// was compared with and that model's accuracy on the same holdout, and the history rows behind it (null in older rows).
/// </summary>
public sealed record VersionVerdict(double? CurrentAccuracyPercent, int? CurrentVersion, string? Decision, string Reason, int? HistoryRows);

/// <summary>
/// Trains both models from deposito's history, stores every version (file + row) and decides with <see cref="PromotionRule"/>
/// whether it goes into service, from measurements on the same data only: the demand model in service is scored on the new
/// model's holdout weeks exactly as the new one was (<see cref="TrainedDemandModel.MeasureOnHoldoutOf"/>), the price method
/// in service on the new purchase history's holdout. The rows reported are the ones the stored model was trained on.
/// </summary>
public sealed partial class ModelTrainer(
    DepositoHistoryClient deposito, ModelRegistry registry, MlObservations observations, IServiceScopeFactory scopes, IOptions<MlOptions> options,
    TimeProvider time, ILogger<ModelTrainer> logger) : IDisposable
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
            return await TrainLockedAsync(trigger, cancellationToken);
        }
        finally
        {
            _running.Release();
            // A training reads the whole history and builds ML.NET's columns: a few hundred MB, once, then garbage. The
            // GC would keep that memory as heap for a long while; one compacting collection returns it to the machine
            // (the history lives in TrainLockedAsync's finished state machine, unreachable here).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    private async Task<TrainingReportDto> TrainLockedAsync(string trigger, CancellationToken cancellationToken)
    {
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
        var current = registry.CurrentDemand;
        var served = current is null ? null : await Task.Run(() => Served(current, model, sales), cancellationToken);
        var accuracy = model.Evaluation.AccuracyPercent;
        return await RecordAsync(ModelRegistry.Demand, accuracy, served, model.TrainingRows, model.SalesRows, model.TrainedAt, model.Evaluation,
            (_, path) => ModelRegistry.WriteDemandAsync(path, model),
            version =>
            {
                registry.Promote(new ModelRegistry.DemandState(version, model), accuracy);
                // Drift of the new model at once, from the same sales: the page never shows the previous model's drift beside it.
                observations.RecordDemandDrift(new DemandDriftReading(DemandDrift.FeatureDrift(model, sales, today), time.GetUtcNow(), version));
            }, clock, cancellationToken);
    }

    private static ServedModel Served(ModelRegistry.DemandState current, TrainedDemandModel candidate, IReadOnlyList<DailySales> sales)
    {
        var measured = current.Model.MeasureOnHoldoutOf(candidate, sales);
        return new ServedModel(current.Version, current.Model.Evaluation.AccuracyPercent is not null, measured.AccuracyPercent, measured.SawHoldout);
    }

    private async Task<TrainingOutcomeDto> TrainPriceAsync(IReadOnlyList<PurchasePrice> purchases, MlOptions settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var fallback = settings.BaselineMonthlyInflationPercent;
        var evaluation = new PricePredictor(new PricePredictorOptions { MonthlyInflationPercent = fallback }).Evaluate(purchases);
        // The price model in service is a method and its settings: measured on the new purchases' holdout (each product's last
        // purchase from the ones before), like the new one. It has no trained parameters that saw those purchases.
        ServedModel? served = registry.CurrentPrice is { } current
            ? new ServedModel(current.Version, current.Evaluation.AccuracyPercent is not null,
                new PricePredictor(new PricePredictorOptions { MonthlyInflationPercent = current.FallbackMonthlyInflationPercent }).Evaluate(purchases).AccuracyPercent,
                SawHoldout: false)
            : null;
        PriceModel Model(int version) => new(version, purchases, fallback, evaluation);
        return await RecordAsync(ModelRegistry.Price, evaluation.AccuracyPercent, served, purchases.Count, purchases.Count, time.GetUtcNow(), evaluation,
            (version, path) => ModelRegistry.WritePriceAsync(path, Model(version), cancellationToken),
            version => registry.Promote(Model(version)), clock, cancellationToken);
    }

    /// <summary>Stores a trained version (file, then its row with the evaluation and the verdict), promotes it if the verdict says so, counts and logs.</summary>
    private async Task<TrainingOutcomeDto> RecordAsync(string kind, double? accuracy, ServedModel? served, int trainingRows, int historyRows,
        DateTimeOffset trainedAt, object evaluation, Func<int, string, Task> write, Action<int> promote, Stopwatch clock, CancellationToken cancellationToken)
    {
        var verdict = PromotionRule.Decide(accuracy, served);
        var current = served?.AccuracyOnSameHoldout;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MlDbContext>();
        var version = await ModelRegistry.NextVersionAsync(db, kind, cancellationToken);
        var path = registry.FileFor(kind, version);
        await write(version, path);
        db.ModelVersions.Add(new ModelVersionRow
        {
            Kind = kind, Version = version, TrainedAt = trainedAt, PromotedAt = verdict.Promoted ? time.GetUtcNow() : null, Path = path,
            TrainingRows = trainingRows, AccuracyPercent = accuracy is { } a ? (decimal)Math.Round(a, 3) : null,
            EvaluationJson = JsonSerializer.Serialize(new
            {
                Evaluation = evaluation,
                Verdict = new VersionVerdict(current, served?.Version, verdict.Decision, verdict.Reason, historyRows),
            }, Json),
        });
        await db.SaveChangesAsync(cancellationToken);
        if (verdict.Promoted) promote(version);
        Count(kind, verdict.Promoted ? "promoted" : "kept_current");
        LogTrained(logger, kind, version, accuracy, current, served?.Version, verdict.Promoted, verdict.Reason, trainingRows, historyRows);
        return new TrainingOutcomeDto(kind, version, Round(accuracy), Round(current), served?.Version, verdict.Promoted, verdict.Decision, verdict.Reason,
            trainingRows, historyRows, clock.Elapsed.TotalSeconds);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private void Count(string model, string outcome)
    {
        MlMetrics.Trainings.WithLabels(model, outcome).Inc();
        MlMetrics.LastTraining.WithLabels(model).Set(time.GetUtcNow().ToUnixTimeSeconds());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Entrenamiento ({Trigger}): {SalesRows} filas de ventas, {PurchaseRows} de compras")]
    private static partial void LogTraining(ILogger logger, string trigger, int salesRows, int purchaseRows);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Modelo {Kind} v{Version}: exactitud {Accuracy} % (vigente v{CurrentVersion} en el mismo holdout: {CurrentAccuracy} %); promovido: {Promoted} ({Reason}); {TrainingRows} filas de entrenamiento de {HistoryRows} filas de historia")]
    private static partial void LogTrained(ILogger logger, string kind, int version, double? accuracy, double? currentAccuracy, int? currentVersion,
        bool promoted, string reason, int trainingRows, int historyRows);
}
