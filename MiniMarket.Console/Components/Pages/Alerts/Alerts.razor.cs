using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Components.Pages.Alerts;

/// <summary>
/// Alertas: every alert from Alertmanager (or Prometheus, with a banner), grouped by severity and service, filtered by
/// state, severity, service and text — filters kept in the address so a link reproduces the view —, refreshed live.
/// </summary>
public sealed partial class Alerts
{
    private readonly TableGroupDefinition<AlertRow> _grouping = new() { GroupName = "", Indentation = false, Expandable = false, Selector = r => $"{r.Severity} · {r.Service}" };
    private AlertsSnapshot? _snapshot;
    private LiveRefresh? _live;

    [Inject] public required AlertsViewModel Model { get; init; }
    [Inject] public required IOptions<ObservabilityOptions> Options { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required CircuitPresence Presence { get; init; }

    [SupplyParameterFromQuery] public string? Estado { get; set; }
    [SupplyParameterFromQuery] public string? Severidad { get; set; }
    [SupplyParameterFromQuery] public string? Servicio { get; set; }
    [SupplyParameterFromQuery] public string? Q { get; set; }

    /// <summary>The store (the alerts' store label: a chain's Alertmanager holds every store's); Slack's links carry it.</summary>
    [SupplyParameterFromQuery] public string? Sucursal { get; set; }

    private List<AlertRow> Filtered => _snapshot is null ? [] : _snapshot.Rows.Where(new AlertFilter(Estado, Severidad, Servicio, Q, Sucursal).Matches).ToList();

    /// <summary>The stores the alerts name (none for a store alone, whose alerts carry no store label: then no filter is shown).</summary>
    private IEnumerable<string> Stores => (_snapshot?.Rows ?? []).Select(r => r.Store).Where(s => s.Length > 0).Append(Sucursal ?? "").Where(s => s.Length > 0)
        .Distinct().Order(StringComparer.Ordinal);

    private IEnumerable<string> Services => (_snapshot?.Rows ?? []).Select(r => r.Service).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal);

    private bool Paused => _live?.Paused == true;

    private string UpdatedText => _snapshot is null ? "" : L.Format(Paused ? "Health.Paused" : "Health.UpdatedAt", BuenosAires.FormatTime(_snapshot.CheckedAt));

    protected override async Task OnInitializedAsync()
    {
        _live = new LiveRefresh(Options.Value.RefreshInterval, async ct => _snapshot = await Model.LoadAsync(ct), () => InvokeAsync(StateHasChanged), Presence);
        _snapshot = await Model.LoadAsync(_live.Token);
        _live.Start();
    }

    private void TogglePause()
    {
        if (_live is not null) _live.Paused = !_live.Paused;
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
        if (_live is not null) await _live.DisposeAsync();
    }
}
