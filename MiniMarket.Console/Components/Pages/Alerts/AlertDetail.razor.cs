using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Components.Pages.Alerts;

/// <summary>
/// One alert, addressed by Alertmanager's fingerprint (the target of Slack's "Abrir en consola"): what it says, its labels,
/// one-click links to the runbook, Grafana and the rule's graph, the LogQL for its logs, and its silences (create with a
/// duration and a comment, author = the signed-in person; expire).
/// </summary>
public sealed partial class AlertDetail
{
    private AlertRow? _alert;
    private AlertingRule? _rule;
    private AlertCharts? _charts;
    private IReadOnlyList<AmSilence> _silences = [];
    private bool _loaded;
    private bool _busy;
    private int _hours = 2;
    private string? _comment;
    private string? _message;
    private bool _messageIsError;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Parameter, EditorRequired] public required string Fingerprint { get; set; }
    [CascadingParameter] public Task<AuthenticationState>? Authentication { get; set; }
    [Inject] public required AlertsViewModel Model { get; init; }
    [Inject] public required IAlertmanagerClient Alertmanager { get; init; }
    [Inject] public required IPrometheusClient Prometheus { get; init; }
    [Inject] public required IOptions<ObservabilityOptions> Options { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required AlertTimeline Timeline { get; init; }

    private string? GrafanaUrl => _alert is null ? null
        : GrafanaLinks.Dashboard(Options, GrafanaLinks.DashboardFor(_alert), (_alert.Since ?? Time.GetUtcNow()).AddHours(-1), Time.GetUtcNow());

    /// <summary>The rule's expression in Prometheus' graph, from an hour before the alert started.</summary>
    private string? GraphUrl => _rule is null || Options.Value.PrometheusUrl is not { Length: > 0 } prometheus ? null
        : $"{prometheus.TrimEnd('/')}/graph?g0.expr={Uri.EscapeDataString(_rule.Query)}&g0.tab=0&g0.range_input=2h"
          + (_alert?.Since is { } since ? $"&g0.end_input={Uri.EscapeDataString(since.AddHours(1).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))}" : "");

    protected override async Task OnParametersSetAsync()
    {
        _breadcrumbs = [new(L["Alerts.Title"], "alertas"), new(Fingerprint, null, disabled: true)];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _alert = await Model.FindAsync(Fingerprint);
        if (_alert is not null)
        {
            var rulesTask = Prometheus.GetAlertingRulesAsync();
            var silencesTask = Alertmanager.GetSilencesAsync();
            await Task.WhenAll(rulesTask, silencesTask);
            var rules = await rulesTask;
            _rule = rules.Ok ? rules.Value!.FirstOrDefault(r => r.Name == _alert.Name) : null;
            var silences = await silencesTask;
            _silences = silences.Ok ? silences.Value!.Where(s => _alert.SilencedBy.Contains(s.Id)).ToList() : [];
            _charts = await Timeline.LoadAsync(_alert, _rule?.Query);
        }
        _loaded = true;
    }

    private async Task SilenceAsync()
    {
        if (_alert is null || string.IsNullOrWhiteSpace(_comment)) return;
        _busy = true;
        try
        {
            var user = Authentication is null ? null : (await Authentication).User.Identity?.Name;
            var now = Time.GetUtcNow();
            var created = await Alertmanager.CreateSilenceAsync(AlertsViewModel.SilenceMatchers(_alert), now, now.AddHours(_hours), user ?? "?", _comment.Trim());
            (_message, _messageIsError) = created.Ok ? (L.Format("Alert.Silenced", created.Value!), false) : (created.Error!.Message, true);
            if (created.Ok)
            {
                _comment = null;
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ExpireAsync(string id)
    {
        _busy = true;
        try
        {
            var expired = await Alertmanager.ExpireSilenceAsync(id);
            (_message, _messageIsError) = expired.Ok ? (L["Alert.Expired"].Value, false) : (expired.Error!.Message, true);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
