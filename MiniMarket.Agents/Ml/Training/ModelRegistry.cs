using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Ml.Forecasting;

namespace MiniMarket.Agents.Ml.Training;

/// <summary>The promoted price model: the purchase history it predicts from, frozen when it was trained.</summary>
public sealed record PriceModel(int Version, IReadOnlyList<PurchasePrice> History, decimal FallbackMonthlyInflationPercent, PriceEvaluation Evaluation)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public PricePredictor Predictor { get; } = new(new PricePredictorOptions { MonthlyInflationPercent = FallbackMonthlyInflationPercent });
}

/// <summary>
/// The promoted model of each kind, in memory, and their files and rows: each trained version is a file under
/// <see cref="MlOptions.ModelDirectory"/> (<c>demand-v3.zip</c>, <c>price-v3.json</c>) plus a row in <c>ml.model_versions</c>
/// with its holdout evaluation; <c>promoted_at</c> marks the versions that were put in service, the latest of them is current.
/// </summary>
public sealed partial class ModelRegistry(IServiceScopeFactory scopes, IOptions<MlOptions> options, ILogger<ModelRegistry> logger)
{
    public const string Demand = "demand";
    public const string Price = "price";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private volatile DemandState? _demand;
    private volatile PriceModel? _price;

    /// <summary>The demand model in service and its version; its sales are refreshed by the monitor without retraining.</summary>
    public sealed record DemandState(int Version, TrainedDemandModel Model);

    public DemandState? CurrentDemand => _demand;

    public PriceModel? CurrentPrice => _price;

    /// <summary>Rebases the demand model on fresher sales (same trees, same version).</summary>
    public void RefreshDemandHistory(IReadOnlyList<DailySales> sales, DateOnly today)
    {
        if (_demand is { } current) _demand = current with { Model = current.Model.WithHistory(sales, today) };
    }

    /// <summary>At start-up: loads the latest promoted version of each kind, if its file is still there.</summary>
    public async Task LoadPromotedAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MlDbContext>();
        foreach (var row in await db.ModelVersions.AsNoTracking().Where(m => m.PromotedAt != null)
                     .GroupBy(m => m.Kind).Select(g => g.OrderByDescending(m => m.PromotedAt).First()).ToListAsync(cancellationToken))
        {
            try
            {
                await using var file = File.OpenRead(row.Path);
                if (row.Kind == Demand) _demand = new DemandState(row.Version, TrainedDemandModel.Load(file));
                else _price = (await JsonSerializer.DeserializeAsync<PriceModel>(file, Json, cancellationToken))! with { Version = row.Version };
                SetVersionMetrics(row.Kind, row.Version, (double?)row.AccuracyPercent);
                LogLoaded(logger, row.Kind, row.Version);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
            {
                MlMetrics.Errors.WithLabels("load").Inc();
                LogLoadFailed(logger, row.Kind, row.Version, row.Path, e.Message);
            }
        }
    }

    /// <summary>The next version number of a kind (versions are never reused, promoted or not).</summary>
    public static async Task<int> NextVersionAsync(MlDbContext db, string kind, CancellationToken cancellationToken) =>
        (await db.ModelVersions.Where(m => m.Kind == kind).MaxAsync(m => (int?)m.Version, cancellationToken) ?? 0) + 1;

    public string FileFor(string kind, int version) =>
        Path.Combine(options.Value.ResolvedModelDirectory, kind == Demand ? $"demand-v{version}.zip" : $"price-v{version}.json");

    public static async Task WriteDemandAsync(string path, TrainedDemandModel model)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await using (var file = File.Create(temporary)) model.Save(file);
        File.Move(temporary, path, overwrite: true);
    }

    public static async Task WritePriceAsync(string path, PriceModel model, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await using (var file = File.Create(temporary)) await JsonSerializer.SerializeAsync(file, model, Json, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public void Promote(DemandState demand, double? accuracy)
    {
        _demand = demand;
        SetVersionMetrics(Demand, demand.Version, accuracy);
    }

    public void Promote(PriceModel price)
    {
        _price = price;
        SetVersionMetrics(Price, price.Version, price.Evaluation.AccuracyPercent);
    }

    private static void SetVersionMetrics(string kind, int version, double? accuracy)
    {
        foreach (var labels in MlMetrics.ModelVersion.GetAllLabelValues().Where(l => l[0] == kind).ToList())
        {
            MlMetrics.ModelVersion.RemoveLabelled(labels);
        }
        MlMetrics.ModelVersion.WithLabels(kind, version.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(1);
        // A version without a measurement exports no sample: neither a made-up figure nor the previous version's.
        if (accuracy is { } value) MlMetrics.Accuracy.WithLabels(kind).Set(value);
        else MlMetrics.Accuracy.RemoveLabelled(kind);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Modelo {Kind} v{Version} cargado")]
    private static partial void LogLoaded(ILogger logger, string kind, int version);

    [LoggerMessage(Level = LogLevel.Error, Message = "No se pudo cargar el modelo {Kind} v{Version} de {Path}: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string kind, int version, string path, string reason);
}
