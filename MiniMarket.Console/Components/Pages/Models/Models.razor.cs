using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Models;

/// <summary>
/// Pronósticos y modelos: ml's model versions (accuracy on their holdout, which one is in service, the demand drift),
/// exportable, with the accuracy of each version over time; a product's demand forecast with its p10–p90 band and the
/// price model's expected purchase cost; and, for an admin, retraining on demand with its report. ml decides who may
/// retrain: its refusal is shown as it comes.
/// </summary>
public sealed partial class Models
{
    /// <summary>The forecast horizons offered, in days (ml accepts 1 to 30).</summary>
    public static IReadOnlyList<int> Horizons { get; } = [7, 14, 30];

    /// <summary>The MLModelDrift alert's threshold (alerts.rules.yml: ml_model_drift_score > 0.15): above it the chip says "reentrenar".</summary>
    public const double DriftRetrain = 0.15;
    private const double DriftModerate = 0.1;

    private ModelsDto? _models;
    private string? _modelsProblem;
    private List<ChartLine> _accuracyLines = [];
    private List<ChartLine> _driftLines = [];
    private string? _driftProblem;
    private DateTimeOffset _driftStart, _driftEnd;
    private TimeSpan _driftStep;
    private DateTimeOffset _accuracyStart, _accuracyEnd;
    private TimeSpan _accuracyStep = TimeSpan.FromDays(1);
    private bool _started;

    private bool _training;
    private TrainingReportDto? _report;
    private string? _trainingProblem;

    private int? _productId;
    private ForecastPanel? _forecastPanel;

    [Inject] public required IMlClient Ml { get; init; }
    [Inject] public required IPrometheusClient Prometheus { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery] public string? Producto { get; set; }

    private readonly AddressFilters _filters = new();

    protected override async Task OnParametersSetAsync()
    {
        // The product of the forecast lives in the address (?producto=12); the panel follows it.
        _filters.Reset();
        _productId = _filters.PositiveInt(Producto, "producto");
        if (!_started)
        {
            _started = true;
            await Task.WhenAll(LoadModelsAsync(), LoadDriftAsync());
        }
    }

    /// <summary>The person picked another product in the forecast panel: the address names it.</summary>
    private void ProductChanged(ProductDto? product)
    {
        _productId = product?.Id;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("producto", product?.Id), replace: true);
    }

    // --- Versions ---

    /// <summary>Versions listed per model until the person asks for all: the newest ones and the one in service.</summary>
    public const int RecentVersions = 5;

    private bool _showAllVersions;

    /// <summary>Every version, or per model the <see cref="RecentVersions"/> newest plus the one in service, in ml's order.</summary>
    private IReadOnlyList<ModelVersionDto> VisibleVersions
    {
        get
        {
            if (_models is null) return [];
            if (_showAllVersions) return _models.Versions;
            var recent = _models.Versions.GroupBy(v => v.Model)
                .SelectMany(g => g.OrderByDescending(v => v.Version).Take(RecentVersions).Append(g.FirstOrDefault(v => v.Current)))
                .OfType<ModelVersionDto>().ToHashSet();
            return _models.Versions.Where(recent.Contains).ToList();
        }
    }

    private int HiddenVersions => _models is null || _showAllVersions ? 0 : _models.Versions.Count - VisibleVersions.Count;

    private async Task LoadModelsAsync()
    {
        var result = await Ml.ListModelsAsync();
        _models = result.Ok ? result.Value : null;
        _modelsProblem = result.Ok ? null : L.Problem(result.Problem!, "ml");
        BuildAccuracyChart();
    }

    /// <summary>The PromQL of the drift chart: ml's PSI per model, as Prometheus kept it.</summary>
    public const string DriftQuery = "max by (model) (ml_model_drift_score)";

    /// <summary>The last 30 days of drift (PSI) per model, from Prometheus: what the chip shows now, over time.</summary>
    private async Task LoadDriftAsync()
    {
        (_driftEnd, _driftStart) = (Time.GetUtcNow(), Time.GetUtcNow().AddDays(-30));
        _driftStep = PromQl.Step(_driftEnd - _driftStart, TimeRange.ScrapeInterval, TimeRange.ChartPoints);
        var result = await Prometheus.QueryRangeAsync(DriftQuery, _driftStart, _driftEnd, _driftStep);
        _driftLines = result.Ok
            ? result.Value!.Select(series => new ChartLine(series.Metric.GetValueOrDefault("model", "?"), series.Points, DriftQuery)).ToList()
            : [];
        _driftProblem = result.Ok ? L["Chart.NoData"] : result.Error!.Message;
    }

    /// <summary>One line per model: each version's holdout accuracy at the time it was trained.</summary>
    private void BuildAccuracyChart()
    {
        _accuracyLines = [];
        if (_models is not { Versions.Count: > 0 }) return;
        var versions = _models.Versions.OrderBy(v => v.TrainedAt).ToList();
        _accuracyStart = versions[0].TrainedAt;
        _accuracyEnd = versions[^1].TrainedAt;
        if (_accuracyEnd - _accuracyStart < TimeSpan.FromDays(1))
        {
            _accuracyStart -= TimeSpan.FromHours(12);
            _accuracyEnd += TimeSpan.FromHours(12);
        }
        // Trainings are hours or weeks apart: a step as wide as the chart never breaks the line between two versions.
        _accuracyStep = _accuracyEnd - _accuracyStart;
        _accuracyLines = versions.GroupBy(v => v.Model, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ChartLine(ModelName(g.Key), g.Select(v => (v.TrainedAt, v.AccuracyPercent ?? double.NaN)).ToList(), ""))
            .ToList();
    }

    private Task<AgentResult<byte[]>> VersionsFileAsync() => CsvExport.Ready(VersionsCsv(_models?.Versions ?? []));

    public static byte[] VersionsCsv(IEnumerable<ModelVersionDto> versions) => CsvExport.Build(
        ["Modelo", "Versión", "Entrenado", "Precisión (%)", "Filas de entrenamiento", "Filas de historia", "En servicio", "Promovido",
            "Comparado con", "Precisión del comparado en las mismas semanas (%)", "Nota"],
        versions.Select(v => (IReadOnlyList<object?>)[v.Model, v.Version, v.TrainedAt, v.AccuracyPercent, v.TrainingRows, v.HistoryRows, v.Current, v.PromotedAt,
            v.ComparedVersion, v.ComparedAccuracyPercent, v.Note]));

    // --- Retraining ---

    /// <summary>Trains both models now (ml takes seconds to a minute); one at a time, and the report when it ends.</summary>
    private async Task RetrainAsync()
    {
        if (_training) return;
        _training = true;
        _trainingProblem = null;
        _report = null;
        try
        {
            var result = await Ml.RetrainAsync();
            if (!result.Ok)
            {
                var problem = result.Problem!;
                _trainingProblem = problem.Unavailable ? L.Format("Agent.Down", "ml", problem.Message)
                    : problem.Status == 403 ? L.Format("Models.RetrainForbidden", problem.Message)
                    : problem.Message;
                return;
            }
            _report = result.Value;
            // A promoted version changes the list, and the forecasts.
            await LoadModelsAsync();
            if (_forecastPanel is not null) await _forecastPanel.RefreshAsync();
        }
        finally
        {
            _training = false;
        }
    }
}
