using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Components.Pages;

/// <summary>Salud del sistema: every scrape target as Prometheus sees it, refreshed live (pausable).</summary>
public sealed partial class Health
{
    private HealthSnapshot? _snapshot;
    private SloSnapshot? _slos;
    private LiveRefresh? _live;

    [Inject] public required HealthViewModel Model { get; init; }
    [Inject] public required SloViewModel Slos { get; init; }
    [Inject] public required IOptions<ObservabilityOptions> Options { get; init; }
    [Inject] public required CircuitPresence Presence { get; init; }

    private static readonly System.Globalization.CultureInfo EsAr = System.Globalization.CultureInfo.GetCultureInfo("es-AR");

    /// <summary>A figure, or "sin datos" when the source gave none (never 0).</summary>
    private string Figure(double? value, Func<double, string> format) => value is { } v ? format(v) : L["Home.NoData"];

    private string UpdatedText => _snapshot is null ? "" :
        L.Format(Paused ? "Health.Paused" : "Health.UpdatedAt", BuenosAires.FormatTime(_snapshot.CheckedAt));

    protected override async Task OnInitializedAsync()
    {
        // A refresh on the clock takes its SLO figures at the tick (shared with the other tabs); the first and a manual one now.
        _live = new LiveRefresh(Options.Value.RefreshInterval, ct => RefreshAsync(_live?.Tick, ct), () => InvokeAsync(StateHasChanged), Presence);
        await RefreshAsync(null, _live.Token);
        _live.Start();
    }

    private bool Paused => _live?.Paused == true;

    private void TogglePause()
    {
        if (_live is not null) _live.Paused = !_live.Paused;
    }

    private async Task RefreshAsync(DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var slos = Slos.LoadAsync(chart: false, at, cancellationToken);
        _snapshot = await Model.RefreshAsync(cancellationToken);
        _slos = await slos;
    }

    private Task RefreshNowAsync() => RefreshAsync(null, _live?.Token ?? CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_live is not null) await _live.DisposeAsync();
    }
}
