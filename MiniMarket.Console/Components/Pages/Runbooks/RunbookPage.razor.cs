using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Components.Pages.Runbooks;

/// <summary>
/// A runbook rendered (Markdig, raw HTML disabled), with a live box for an alert's: the rule as Prometheus runs it now
/// (state, expression, for, severity), the current value of its expression, and a warning when the runbook's own rule
/// line no longer says what the loaded rule does.
/// </summary>
public sealed partial class RunbookPage
{
    private Runbook? _runbook;
    private LiveRule? _live;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Parameter] public string? Name { get; set; }
    [Parameter] public string? Guide { get; set; }
    [Inject] public required RunbookLibrary Library { get; init; }
    [Inject] public required IPrometheusClient Prometheus { get; init; }

    /// <summary>What the live box shows.</summary>
    public sealed record LiveRule(AlertingRule? Rule, string? Error, string ValueText, string? Mismatch);

    protected override async Task OnParametersSetAsync()
    {
        _runbook = Guide is { } guide ? Library.Find(guide, guide: true) : Library.Find(Name ?? "");
        _breadcrumbs = [new(L["Runbooks.Title"], "runbooks"), new(_runbook?.Title ?? Name ?? Guide ?? "", null, disabled: true)];
        _live = null;
        if (_runbook is { IsGuide: false }) _live = await LoadLiveAsync(_runbook);
    }

    private async Task<LiveRule> LoadLiveAsync(Runbook runbook)
    {
        var rules = await Prometheus.GetAlertingRulesAsync();
        if (!rules.Ok) return new LiveRule(null, rules.Error!.Message, "", null);
        var rule = rules.Value!.FirstOrDefault(r => r.Name == runbook.Name);
        if (rule is null) return new LiveRule(null, null, "", null);

        var value = await Prometheus.QueryAsync(rule.Query);
        var valueText = !value.Ok ? L.Format("Runbook.ValueUnknown", value.Error!.Message)
            : value.Value!.Count == 0 ? L["Runbook.ValueNone"].Value
            : L.Format("Runbook.Value", string.Join("; ", value.Value!.Take(5).Select(s =>
                $"{Describe(s.Metric)} = {Number(s.Value)}")));
        string? mismatch = null;
        if (runbook.RuleExpr is not null && (Normalize(runbook.RuleExpr) != Normalize(rule.Query) || runbook.RuleFor != Prometheus2For(rule.For)))
            mismatch = L.Format("Runbook.Mismatch", runbook.RuleExpr, runbook.RuleFor ?? "");
        return new LiveRule(rule, null, valueText, mismatch);
    }

    private static string Describe(IReadOnlyDictionary<string, string> metric) =>
        string.Join(", ", metric.Where(l => l.Key is "service" or "instance" or "model" or "mountpoint" or "job").Select(l => $"{l.Key}={l.Value}")) is { Length: > 0 } text ? text : "—";

    private static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "+Inf" : "-Inf") : value.ToString("0.####", CultureInfo.GetCultureInfo("es-AR"));

    /// <summary>Prometheus writes the expression back in its own spacing: compare without whitespace.</summary>
    private static string Normalize(string expr) => string.Concat(expr.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>Prometheus' duration in the rule file's form: 2m, 1h, 0m, 90s.</summary>
    public static string Prometheus2For(TimeSpan span) =>
        span == TimeSpan.Zero ? "0m"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0}h"
        : span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{span.TotalMinutes:0}m"
        : $"{span.TotalSeconds:0}s";
}
