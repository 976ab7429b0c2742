using System.Globalization;
using Microsoft.AspNetCore.Components;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Prices;

/// <summary>The store's measured monthly inflation (ml) against the official baseline: figures, chart and months; a month without enough products is a gap, never 0.</summary>
public sealed partial class InflationPanel
{
    private InflationDto? _inflation;
    private string? _inflationProblem;
    private List<(DateOnly Month, InflationMonthDto Data)> _months = [];
    private List<ChartLine> _inflationLines = [];
    private DateTimeOffset _inflationStart, _inflationEnd;

    [Inject] public required IMlClient Ml { get; init; }

    /// <summary>A month's step on the inflation chart (months are 28 to 31 days apart: never a gap between two).</summary>
    private static TimeSpan InflationStep => TimeSpan.FromDays(31);

    protected override Task OnInitializedAsync() => LoadInflationAsync();

    private async Task LoadInflationAsync()
    {
        var result = await Ml.GetInflationAsync();
        _inflation = result.Ok ? result.Value : null;
        _inflationProblem = result.Ok ? null : Describe(result.Problem!, "ml");
        if (_inflation is not null) BuildInflationChart(_inflation);
    }

    /// <summary>The measured monthly change of each month beside the baseline; a month without enough products is a gap, never 0.</summary>
    private void BuildInflationChart(InflationDto inflation)
    {
        _months = inflation.Months
            .Select(m => (Month: ParseMonth(m.Month), Data: m))
            .Where(m => m.Month is not null)
            .Select(m => (Month: m.Month!.Value, m.Data))
            .OrderBy(m => m.Month)
            .ToList();
        _inflationLines = [];
        if (!_months.Any(m => m.Data.MonthlyChangePercent is not null)) return;
        _inflationStart = BuenosAires.Noon(_months[0].Month);
        _inflationEnd = BuenosAires.Noon(_months[^1].Month.AddMonths(1));
        var measured = _months.Select(m => (BuenosAires.Noon(m.Month.AddDays(14)), m.Data.MonthlyChangePercent ?? double.NaN)).ToList();
        var baseline = _months.Select(m => (BuenosAires.Noon(m.Month.AddDays(14)), (double)inflation.BaselineMonthlyPercent)).ToList();
        _inflationLines = [new ChartLine(L["Prices.InflationMeasuredLine"], measured, ""), new ChartLine(L["Prices.InflationBaselineLine"], baseline, "")];
    }

    private static DateOnly? ParseMonth(string month) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string MonthText(DateOnly month) => month.ToString("MM/yyyy", CultureInfo.InvariantCulture);

    private string MeasuredText => _inflation?.MeasuredMonthlyPercent is { } measured ? Pct(measured) : L["Prices.NotMeasured"];

    private string MonthStatus(InflationMonthDto month)
    {
        var status = month.Status switch
        {
            "Base" => L["Prices.MonthStatus.Base"].Value,
            "Measured" => L["Prices.MonthStatus.Measured"].Value,
            "Insufficient" => L["Prices.MonthStatus.Insufficient"].Value,
            _ => month.Status,
        };
        return month.IsPartial ? status + " · " + L["Prices.MonthPartial"].Value : status;
    }

    private static string IndexText(double? level) => level is { } l ? l.ToString("0.##", ArsFormat.EsAr) : "—";

    private static string ChangeText(double? change) => change is { } c ? Pct(c) : "—";

    private static string Pct(decimal percent) => PriceText.Pct(percent);

    private static string Pct(double percent) => PriceText.Pct(percent);

    private string Describe(AgentProblem problem, string agent) => PriceText.Describe(L, problem, agent);
}
