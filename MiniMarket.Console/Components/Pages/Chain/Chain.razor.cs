using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Components.Pages.Chain;

/// <summary>
/// Sucursales: the chain overview — per store, ok / problema / sin visibilidad (a store whose data stopped arriving is
/// said as such), today's sales against the projection, critical stock, pending orders and invoices, firing alerts;
/// sortable; the chain's totals; today's sales per store over time. Refreshed live on the clock's ticks.
/// </summary>
public sealed partial class Chain
{
    private ChainSnapshot? _snapshot;
    private LiveRefresh? _live;

    [Inject] public required ChainViewModel Model { get; init; }
    [Inject] public required IOptions<ObservabilityOptions> Options { get; init; }
    [Inject] public required CircuitPresence Presence { get; init; }
    [Inject] public required StoreSelection Stores { get; init; }
    [Inject] public required IOptions<ChainOptions> ChainSettings { get; init; }
    [CascadingParameter] public Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? Authentication { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // An encargado sees the stores their account names (admin and guardia, Chain:AllStoresRoles, every store).
        var user = Authentication is null ? null : (await Authentication).User;
        IReadOnlySet<string>? only = user is null || ChainSettings.Value.AllStoresRoles.Any(user.IsInRole) ? null
            : Stores.AllowedFor(user).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        _live = new LiveRefresh(Options.Value.RefreshInterval, async ct => _snapshot = await Model.LoadAsync(_live?.Tick, only, ct), () => InvokeAsync(StateHasChanged), Presence);
        _snapshot = await Model.LoadAsync(null, only, _live.Token);
        _live.Start();
    }

    private static int StatusRank(SystemStatus status) => status switch { SystemStatus.NoVisibility => 2, SystemStatus.Problem => 1, _ => 0 };

    private static string StateName(SystemStatus status) => status switch { SystemStatus.Ok => "up", SystemStatus.Problem => "down", _ => "unknown" };

    private static Severity SeverityOf(SystemStatus status) => status switch
    {
        SystemStatus.Ok => Severity.Success,
        SystemStatus.Problem => Severity.Error,
        _ => Severity.Warning,
    };

    private static Color ColorOf(SystemStatus status) => status switch
    {
        SystemStatus.Ok => Color.Success,
        SystemStatus.Problem => Color.Error,
        _ => Color.Warning,
    };

    private string StatusText(SystemStatus status) => status switch
    {
        SystemStatus.Ok => L["Chain.Status.Ok"],
        SystemStatus.Problem => L["Chain.Status.Problem"],
        _ => L["Chain.Status.NoVisibility"],
    };

    private string Ars(double? value) => value is { } v ? KpiFormat.Format(KpiUnit.Ars, v) : L["Home.NoData"];

    private string Count(double? value) => value is { } v ? KpiFormat.Format(KpiUnit.Count, v) : L["Home.NoData"];

    private string AlertsText(StoreRow row) => row.FiringAlerts == 0 ? "0" : L.Format("Chain.AlertsBySeverity", row.CriticalAlerts, row.HighAlerts, row.OtherAlerts);

    public async ValueTask DisposeAsync()
    {
        if (_live is not null) await _live.DisposeAsync();
    }
}
