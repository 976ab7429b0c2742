using Microsoft.Extensions.Options;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml;

/// <summary>The ML agent's settings (section <c>Ml</c>); the OCR's are in <c>Ml:Ocr</c>.</summary>
public sealed class MlOptions
{
    public const string Section = "Ml";

    /// <summary>Where the deposito agent answers: training data (sales, purchase prices) comes from its API.</summary>
    public Uri DepositoUrl { get; set; } = new("http://127.0.0.1:8001");

    /// <summary>Where trained model files are kept (metadata goes to the <c>ml</c> schema). Empty: the user's local data folder.</summary>
    public string ModelDirectory { get; set; } = "";

    /// <summary>How often the models are retrained; 0 turns the schedule off (on-demand retraining still works).</summary>
    public TimeSpan RetrainInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Wait after start-up before the first scheduled training, so the other agents are up.</summary>
    public TimeSpan FirstTrainingDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Before a scheduled training, the sales history must have stayed the same for this long (read again after it): a
    /// history still being loaded is not trained on. 0 turns the wait off. See <see cref="Training.HistoryQuiet"/>.
    /// </summary>
    public TimeSpan HistoryQuietPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a scheduled training waits for a quiet history before it trains on what there is.</summary>
    public TimeSpan HistoryQuietMaxWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How much history is read for training and for measuring inflation.</summary>
    public int HistoryDays { get; set; } = 400;

    /// <summary>Official monthly inflation (percent) that the store's measured one is compared with, and the default for prices.</summary>
    public decimal BaselineMonthlyInflationPercent { get; set; } = MonthlyInflation.DefaultPercent;

    /// <summary>How long a prediction stays in the Redis cache.</summary>
    public TimeSpan PredictionCacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often drift and measured inflation are recomputed from recent history.</summary>
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromMinutes(15);

    public string ResolvedModelDirectory => ModelDirectory is { Length: > 0 } directory
        ? Path.GetFullPath(directory)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "minimarket", "models");
}

public sealed class MlOptionsValidator : IValidateOptions<MlOptions>
{
    public ValidateOptionsResult Validate(string? name, MlOptions options)
    {
        var failures = new List<string>();
        if (!options.DepositoUrl.IsAbsoluteUri || options.DepositoUrl.Scheme is not ("http" or "https"))
            failures.Add($"La configuración 'Ml:DepositoUrl' vale '{options.DepositoUrl}': se esperaba una URL http(s) absoluta.");
        if (options.RetrainInterval < TimeSpan.Zero || (options.RetrainInterval > TimeSpan.Zero && options.RetrainInterval < TimeSpan.FromMinutes(1)))
            failures.Add("La configuración 'Ml:RetrainInterval' debe ser 0 (sin reentrenamiento programado) o de al menos 00:01:00.");
        if (options.FirstTrainingDelay < TimeSpan.Zero) failures.Add("La configuración 'Ml:FirstTrainingDelay' no puede ser negativa.");
        if (options.HistoryQuietPeriod < TimeSpan.Zero || (options.HistoryQuietPeriod > TimeSpan.Zero && options.HistoryQuietPeriod < TimeSpan.FromSeconds(1))
            || options.HistoryQuietPeriod > TimeSpan.FromHours(1))
            failures.Add("La configuración 'Ml:HistoryQuietPeriod' debe ser 0 (sin espera) o estar entre 00:00:01 y 01:00:00.");
        if (options.HistoryQuietMaxWait < options.HistoryQuietPeriod || options.HistoryQuietMaxWait > TimeSpan.FromHours(6))
            failures.Add("La configuración 'Ml:HistoryQuietMaxWait' debe estar entre 'Ml:HistoryQuietPeriod' y 06:00:00.");
        if (options.HistoryDays is < 30 or > 730) failures.Add("La configuración 'Ml:HistoryDays' va de 30 a 730.");
        if (options.BaselineMonthlyInflationPercent is < MonthlyInflation.MinPercent or > MonthlyInflation.MaxPercent)
            failures.Add($"La configuración 'Ml:BaselineMonthlyInflationPercent' vale {options.BaselineMonthlyInflationPercent}: va de 0 a 50.");
        if (options.PredictionCacheTtl < TimeSpan.FromSeconds(1) || options.PredictionCacheTtl > TimeSpan.FromDays(1))
            failures.Add("La configuración 'Ml:PredictionCacheTtl' debe estar entre 00:00:01 y 1.00:00:00.");
        if (options.MonitorInterval < TimeSpan.FromSeconds(1)) failures.Add("La configuración 'Ml:MonitorInterval' debe ser de al menos 00:00:01.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
