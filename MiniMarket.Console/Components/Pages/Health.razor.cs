using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Components.Pages;

/// <summary>Salud del sistema: every scrape target as Prometheus sees it, refreshed live (pausable).</summary>
public sealed partial class Health
{
    private readonly CancellationTokenSource _cancellation = new();
    private HealthSnapshot? _snapshot;
    private bool _paused;
    private Task? _loop;

    [Inject] public required HealthViewModel Model { get; init; }
    [Inject] public required IOptions<ObservabilityOptions> Options { get; init; }

    private static readonly System.Globalization.CultureInfo EsAr = System.Globalization.CultureInfo.GetCultureInfo("es-AR");

    /// <summary>A figure, or "sin datos" when the source gave none (never 0).</summary>
    private string Figure(double? value, Func<double, string> format) => value is { } v ? format(v) : L["Home.NoData"];

    private string UpdatedText => _snapshot is null ? "" :
        L.Format(_paused ? "Health.Paused" : "Health.UpdatedAt", BuenosAires.FormatTime(_snapshot.CheckedAt));

    protected override async Task OnInitializedAsync()
    {
        _snapshot = await Model.RefreshAsync(_cancellation.Token);
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
                _snapshot = await Model.RefreshAsync(cancellationToken);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    private void TogglePause() => _paused = !_paused;

    private async Task RefreshNowAsync() => _snapshot = await Model.RefreshAsync(_cancellation.Token);

    public async ValueTask DisposeAsync()
    {
        await _cancellation.CancelAsync();
        if (_loop is not null) await _loop;
        _cancellation.Dispose();
    }
}
