using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Components.Pages.Alerts;

/// <summary>
/// Alertas: every alert from Alertmanager (or Prometheus, with a banner), grouped by severity and service, filtered by
/// state, severity, service and text — filters kept in the address so a link reproduces the view —, refreshed live.
/// </summary>
public sealed partial class Alerts
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TableGroupDefinition<AlertRow> _grouping = new() { GroupName = "", Indentation = false, Expandable = false, Selector = r => $"{r.Severity} · {r.Service}" };
    private AlertsSnapshot? _snapshot;
    private bool _paused;
    private Task? _loop;

    [Inject] public required AlertsViewModel Model { get; init; }
    [Inject] public required IOptions<ObservabilityOptions> Options { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery] public string? Estado { get; set; }
    [SupplyParameterFromQuery] public string? Severidad { get; set; }
    [SupplyParameterFromQuery] public string? Servicio { get; set; }
    [SupplyParameterFromQuery] public string? Q { get; set; }

    private List<AlertRow> Filtered => _snapshot is null ? [] : _snapshot.Rows.Where(new AlertFilter(Estado, Severidad, Servicio, Q).Matches).ToList();

    private IEnumerable<string> Services => (_snapshot?.Rows ?? []).Select(r => r.Service).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal);

    private string UpdatedText => _snapshot is null ? "" : L.Format(_paused ? "Health.Paused" : "Health.UpdatedAt", BuenosAires.FormatTime(_snapshot.CheckedAt));

    protected override async Task OnInitializedAsync()
    {
        _snapshot = await Model.LoadAsync(_cancellation.Token);
        _loop = RefreshLoopAsync(_cancellation.Token);
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_paused) continue;
                _snapshot = await Model.LoadAsync(cancellationToken);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    /// <summary>Puts the filters in the address (replacing the history entry): the view is a link.</summary>
    private void Filter(string? estado = "\0", string? severidad = "\0", string? servicio = "\0", string? q = "\0")
    {
        static string? Pick(string? changed, string? current) => changed == "\0" ? current : string.IsNullOrWhiteSpace(changed) ? null : changed;
        var uri = Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["estado"] = Pick(estado, Estado),
            ["severidad"] = Pick(severidad, Severidad),
            ["servicio"] = Pick(servicio, Servicio),
            ["q"] = Pick(q, Q),
        });
        Navigation.NavigateTo(uri, replace: true);
    }

    private static Color StateColor(string state) => state switch
    {
        "disparada" => Color.Error,
        "pendiente" => Color.Warning,
        "silenciada" or "inhibida" => Color.Default,
        _ => Color.Info,
    };

    public async ValueTask DisposeAsync()
    {
        await _cancellation.CancelAsync();
        if (_loop is not null) await _loop;
        _cancellation.Dispose();
    }
}
