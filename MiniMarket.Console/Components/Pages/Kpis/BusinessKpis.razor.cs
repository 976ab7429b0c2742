using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Kpis;

/// <summary>
/// KPIs de negocio: the business dashboard, native. The range (a preset relative to now, or a custom window) is kept in
/// the address, so a link reproduces the view and "Abrir en Grafana" opens the same range. A relative range refreshes
/// itself; a custom one is a fixed window and does not.
/// </summary>
public sealed partial class BusinessKpis
{
    /// <summary>Range queries cost more than instant ones: the page refreshes no more often than this.</summary>
    public static readonly TimeSpan MinRefresh = TimeSpan.FromSeconds(30);

    private BusinessKpisSnapshot? _snapshot;
    private LiveRefresh? _live;
    private TimeRange _range = TimeRange.Last(TimeRange.DefaultPreset, DateTimeOffset.UtcNow);
    private string? _rangeError;
    private bool _customOpen;
    private string? _customFrom;
    private string? _customTo;

    [Inject] public required BusinessKpisViewModel Model { get; init; }
    [Inject] public required IOptions<ObservabilityOptions> Options { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required CircuitPresence Presence { get; init; }

    [SupplyParameterFromQuery] public string? Rango { get; set; }
    [SupplyParameterFromQuery] public string? Desde { get; set; }
    [SupplyParameterFromQuery] public string? Hasta { get; set; }

    private string UpdatedText => _snapshot is null ? "" : L.Format("Health.UpdatedAt", BuenosAires.FormatTime(_snapshot.CheckedAt));

    protected override async Task OnParametersSetAsync()
    {
        (_range, _rangeError) = TimeRange.Parse(Rango, Desde, Hasta, Time.GetUtcNow());
        _customFrom ??= LocalInput(_range.Start);
        _customTo ??= LocalInput(_range.End);
        if (_live is null)
        {
            var interval = Options.Value.RefreshInterval > MinRefresh ? Options.Value.RefreshInterval : MinRefresh;
            _live = new LiveRefresh(interval, RefreshRelativeAsync, () => InvokeAsync(StateHasChanged), Presence);
            await LoadAsync(_live.Token);
            _live.Start();
        }
        else
        {
            await LoadAsync(_live.Token);
        }
    }

    /// <summary>A relative range moves with the clock at every refresh; a custom one is a fixed window and stays.</summary>
    private Task RefreshRelativeAsync(CancellationToken cancellationToken)
    {
        if (_range.IsCustom) return Task.CompletedTask;
        // The tick's instant, not this session's: the tabs refreshing on one tick ask the same range (shared).
        _range = TimeRange.Last(_range.Preset!, _live?.Tick ?? Time.GetUtcNow());
        return LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        _snapshot = await Model.LoadAsync(_range, key => L[key], cancellationToken);

    private async Task RefreshNowAsync()
    {
        if (_live is null) return;
        if (!_range.IsCustom) _range = TimeRange.Last(_range.Preset!, Time.GetUtcNow());
        await LoadAsync(_live.Token);
    }

    private void SelectPreset(string key) => Navigate(key, null, null);

    private void ApplyCustom()
    {
        if (!TryParseLocal(_customFrom, out var from) || !TryParseLocal(_customTo, out var to))
        {
            _rangeError = L["Kpis.CustomInvalid"];
            return;
        }
        Navigate(null, TimeRange.ToQuery(from), TimeRange.ToQuery(to));
    }

    private void Navigate(string? preset, string? from, string? to)
    {
        _customOpen = preset is null && _customOpen;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["rango"] = preset,
            ["desde"] = from,
            ["hasta"] = to,
        }));
    }

    /// <summary>A datetime-local input's value in Buenos Aires time ("2026-11-29T10:30").</summary>
    private static string LocalInput(DateTimeOffset time) =>
        BuenosAiresTime.ToLocal(time).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static bool TryParseLocal(string? text, out DateTimeOffset time)
    {
        time = default;
        if (!DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return false;
        time = new DateTimeOffset(local, BuenosAiresTime.Zone.GetUtcOffset(local));
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_live is not null) await _live.DisposeAsync();
    }
}
