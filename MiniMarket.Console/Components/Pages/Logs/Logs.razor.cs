using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Components.Pages.Logs;

/// <summary>
/// Logs: a Loki explorer — services, level, text, correlation id and time range in the address (a link reproduces the
/// view; the alert pages link here), newest first, "cargar anteriores" past Loki's cap, live tail by polling with a pause
/// that freezes what is on screen, and a click on a correlation id shows that request across every service.
/// </summary>
public sealed partial class Logs
{
    public const string DefaultRange = "1h";

    /// <summary>How often the live tail polls Loki.</summary>
    public static readonly TimeSpan TailInterval = TimeSpan.FromSeconds(2);

    private IReadOnlyCollection<string> _services = [];
    private List<string> _knownServices = [];
    private string? _store;
    private string? _rangeError;
    private bool _loaded;
    private bool _busy;
    private bool _live;
    private LiveRefresh? _tail;
    private readonly CancellationTokenSource _closed = new();

    [Inject] public required LogsViewModel Model { get; init; }
    [Inject] public required ILogSource Loki { get; init; }
    [Inject] public required IOptions<ObservabilityOptions> Options { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required CircuitPresence Presence { get; init; }

    [SupplyParameterFromQuery] public string? Servicio { get; set; }
    [SupplyParameterFromQuery] public string? Nivel { get; set; }

    /// <summary>The store (the lines' store label: a chain's Loki holds every store's); an id that cannot be one is ignored and said.</summary>
    [SupplyParameterFromQuery] public string? Sucursal { get; set; }
    [SupplyParameterFromQuery] public string? Q { get; set; }
    [SupplyParameterFromQuery] public string? Cid { get; set; }
    [SupplyParameterFromQuery] public string? Rango { get; set; }
    [SupplyParameterFromQuery] public string? Desde { get; set; }
    [SupplyParameterFromQuery] public string? Hasta { get; set; }
    [SupplyParameterFromQuery(Name = "logql")] public string? LogQlText { get; set; }

    private LogFilter Filter { get; set; } = new([], null, null, null);

    /// <summary>Which source answers and, for the console's own store, how much it holds and since when.</summary>
    private string SourceText
    {
        get
        {
            if (Model.EmbeddedStore?.Status is not { } status) return L.Format("Logs.Source", Model.SourceName);
            var since = status.OldestUnixNanos is { } nanos ? BuenosAires.Format(DateTimeOffset.UnixEpoch.AddTicks(nanos / 100)) : "—";
            return L.Format("Logs.SourceEmbedded", Model.SourceName, status.Lines.ToString("N0", BuenosAires.Culture),
                (status.Bytes / 1048576.0).ToString("N1", BuenosAires.Culture), since);
        }
    }

    private string UpdatedText => Model.CheckedAt is { } at
        ? L.Format(_tail?.Paused == true ? "Health.Paused" : "Health.UpdatedAt", BuenosAires.FormatTime(at)) : "";

    protected override async Task OnParametersSetAsync()
    {
        if (!Model.Configured) return;
        var services = (Servicio ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        _services = services;
        var level = LogQl.Levels.Contains(Nivel ?? "", StringComparer.Ordinal) ? Nivel : null;
        var (range, error) = TimeRange.Parse(Rango, Desde, Hasta, Time.GetUtcNow(), DefaultRange);
        var store = StoreOptions.IsValidId(Sucursal?.Trim()) ? Sucursal!.Trim() : null;
        _rangeError = error ?? (Nivel is { Length: > 0 } && level is null ? $"Nivel desconocido '{Nivel}': se muestran todos." : null)
            ?? (Sucursal is { Length: > 0 } && store is null ? "Sucursal desconocida: se muestran todas." : null);
        _store = store;
        if (range.IsCustom && _live) await StopLiveAsync();
        _busy = true;
        try
        {
            var labels = _knownServices.Count == 0 ? Loki.LabelValuesAsync("service_name", range.Start, range.End, _closed.Token) : null;
            Filter = new LogFilter(services, level, Q, Cid, store);
            if (!string.IsNullOrWhiteSpace(LogQlText)) await Model.LoadAsync(LogQlText, range, _closed.Token);
            else await Model.LoadAsync(Filter, range, _closed.Token);
            if (labels is not null)
            {
                var known = await labels;
                _knownServices = (known.Ok ? known.Value! : []).Concat(Options.Value.Jobs).Concat(services)
                    .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            }
        }
        finally
        {
            _busy = false;
            _loaded = true;
        }
    }

    private void ServicesChanged(IReadOnlyCollection<string>? services) =>
        Navigation.SetQuery(("servicio", string.Join(",", services ?? [])));

    /// <summary>One request across every service: its correlation id, every service, any level, no text, around its time.</summary>
    private string CorrelationLink(string cid)
    {
        var range = Model.Range;
        var from = range?.Start ?? Time.GetUtcNow().AddHours(-1);
        return "logs?cid=" + Uri.EscapeDataString(cid) + "&desde=" + Uri.EscapeDataString(TimeRange.ToQuery(from))
            + (range is { IsCustom: true } ? "&hasta=" + Uri.EscapeDataString(TimeRange.ToQuery(range.End)) : "");
    }

    private async Task LoadOlderAsync()
    {
        _busy = true;
        try
        {
            await Model.LoadOlderAsync(_closed.Token);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ToggleLiveAsync(bool on)
    {
        if (!on)
        {
            await StopLiveAsync();
            return;
        }
        _live = true;
        _tail = new LiveRefresh(TailInterval, ct => Model.TailAsync(ct), () => InvokeAsync(StateHasChanged), Presence);
        _tail.Start();
    }

    private async Task StopLiveAsync()
    {
        _live = false;
        if (_tail is not null) await _tail.DisposeAsync();
        _tail = null;
    }

    private void TogglePause()
    {
        if (_tail is not null) _tail.Paused = !_tail.Paused;
    }

    private static string FormatTime(DateTimeOffset time) =>
        BuenosAiresTime.ToLocal(time).ToString("dd/MM HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string LevelColor(string? level) => level switch
    {
        "error" or "critical" or "fatal" => "var(--mud-palette-error-darken)",
        "warn" => "var(--mud-palette-warning-darken)",
        _ => "inherit",
    };

    public async ValueTask DisposeAsync()
    {
        await StopLiveAsync();
        await _closed.CancelAsync();
        _closed.Dispose();
    }
}
