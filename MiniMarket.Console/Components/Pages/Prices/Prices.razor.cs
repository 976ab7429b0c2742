using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Components.Pages.Prices;

/// <summary>
/// Precios e inflación: a product's price picture (negocio) today and at a chosen date — last purchase cost, inflation used,
/// replacement cost, markup, suggested sale price, margin — with its purchase-price history; the markup per category
/// (negocio decides who may change it, and says so when it refuses), exportable; and the store's measured monthly
/// inflation against the official baseline (ml). Each part says on its own when its agent cannot answer. The product and
/// the date live in the address (<c>?producto=12&amp;fecha=2026-12-31</c>).
/// </summary>
public sealed partial class Prices
{
    /// <summary>The most purchase prices read for the history chart.</summary>
    public const int HistoryLimit = 200;
    private const int LastPurchasesShown = 5;

    private ProductDto? _product;
    private string? _productProblem;
    private PriceDto? _today;
    private string? _todayProblem;
    private DateOnly? _date;
    private PriceDto? _atDate;
    private string? _atDateProblem;
    private List<PurchasePriceDto> _history = [];
    private string? _historyProblem;
    private List<(DateTimeOffset Time, double Value)> _historyPoints = [];
    private DateTimeOffset _historyStart, _historyEnd;
    private TimeSpan _historyStep = TimeSpan.FromDays(1);
    private bool _loadingPrice;
    // A slower answer for a product (or a date) chosen earlier is dropped rather than shown over the current one.
    private int _productLoad, _dateLoad;
    private bool _started;

    private List<CategoryMarkupDto>? _markups;
    private string? _markupsProblem;
    private bool _canEditMarkups;
    private string? _editing;
    private decimal? _editValue;
    private string? _editError;
    private bool _savingMarkup;

    private InflationDto? _inflation;
    private string? _inflationProblem;
    private List<(DateOnly Month, InflationMonthDto Data)> _months = [];
    private List<ChartLine> _inflationLines = [];
    private DateTimeOffset _inflationStart, _inflationEnd;

    [CascadingParameter] public Task<AuthenticationState>? Authentication { get; set; }
    [Inject] public required IDepositoClient Deposito { get; init; }
    [Inject] public required INegocioClient Negocio { get; init; }
    [Inject] public required IPricesClient NegocioPrices { get; init; }
    [Inject] public required IMlClient Ml { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    [SupplyParameterFromQuery] public string? Producto { get; set; }
    [SupplyParameterFromQuery] public string? Fecha { get; set; }

    private readonly AddressFilters _filters = new();

    /// <summary>A month's step on the inflation chart (months are 28 to 31 days apart: never a gap between two).</summary>
    private static TimeSpan InflationStep => TimeSpan.FromDays(31);

    private DateOnly Today => BuenosAiresTime.Today(Time);

    private DateTime? DateValue => _date?.ToDateTime(TimeOnly.MinValue);

    // negocio prices dates from ten years back to a year ahead.
    private DateTime MinDate => Today.AddDays(1 - InflationAdjustedCost.MaxDays).ToDateTime(TimeOnly.MinValue);

    private DateTime MaxDate => Today.AddDays(366).ToDateTime(TimeOnly.MinValue);

    private string ProductLink => _product is null ? "inventario" : "inventario/" + _product.Id.ToString(CultureInfo.InvariantCulture);

    protected override async Task OnParametersSetAsync()
    {
        var parts = new List<Task> { FollowAddressAsync() };
        if (!_started)
        {
            // The markups and the inflation do not depend on the product: loaded once, beside it.
            _started = true;
            parts.Add(ReadPermissionsAsync());
            parts.Add(LoadMarkupsAsync());
            parts.Add(LoadInflationAsync());
        }
        await Task.WhenAll(parts);
    }

    private async Task ReadPermissionsAsync()
    {
        // The same roles negocio's write policy names; negocio still decides, and its refusal is shown.
        ClaimsPrincipal? user = Authentication is null ? null : (await Authentication).User;
        _canEditMarkups = user is not null && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Encargado));
    }

    /// <summary>Shows the product and the date the address names (a link, the back button, or this page's own update).</summary>
    private async Task FollowAddressAsync()
    {
        _filters.Reset();
        var date = _filters.Date(Fecha, "fecha", Today);
        var dateChanged = date != _date;
        _date = date;
        if (_filters.PositiveInt(Producto, "producto") is { } id && id != _product?.Id)
        {
            var product = await Deposito.GetProductAsync(id);
            if (!product.Ok)
            {
                _productProblem = Describe(product.Problem!, "deposito");
                return;
            }
            await ShowProductAsync(product.Value!);
        }
        else if (dateChanged)
        {
            await LoadDatePriceAsync();
        }
    }

    private async Task ProductChangedAsync(ProductDto? product)
    {
        if (product?.Id == _product?.Id) return;
        _productProblem = null;
        if (product is null)
        {
            ++_productLoad;
            ++_dateLoad;
            _product = null;
            ClearPrices();
            _loadingPrice = false;
            UpdateAddress();
            return;
        }
        // The page shows the product before the address says so: the address then names what is already shown.
        var shown = ShowProductAsync(product);
        UpdateAddress();
        await shown;
    }

    private async Task DateChangedAsync(DateTime? value)
    {
        var date = value is { } v ? DateOnly.FromDateTime(v) : (DateOnly?)null;
        if (date == _date) return;
        _date = date;
        UpdateAddress();
        await LoadDatePriceAsync();
    }

    private void UpdateAddress() => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["producto"] = _product?.Id,
        ["fecha"] = _date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    }), replace: true);

    /// <summary>The product's price today, at the chosen date, and its purchase history, asked to negocio at once.</summary>
    private async Task ShowProductAsync(ProductDto product)
    {
        _product = product;
        var load = ++_productLoad;
        var dateLoad = ++_dateLoad;
        ClearPrices();
        _loadingPrice = true;
        var todayTask = Negocio.GetPriceAsync(product.Id);
        var dateTask = _date is { } date ? Negocio.GetPriceAsync(product.Id, date) : null;
        var historyTask = NegocioPrices.GetHistoryAsync(product.Id, HistoryLimit);
        await Task.WhenAll(todayTask, historyTask, dateTask ?? Task.CompletedTask);
        if (load != _productLoad) return;

        var today = await todayTask;
        _today = today.Ok ? today.Value : null;
        _todayProblem = today.Ok ? null : Describe(today.Problem!, "negocio");
        if (dateTask is not null && dateLoad == _dateLoad) ShowDatePrice(await dateTask);
        var history = await historyTask;
        _history = history.Ok ? history.Value! : [];
        _historyProblem = history.Ok ? null : Describe(history.Problem!, "negocio");
        BuildHistoryChart();
        _loadingPrice = false;
    }

    private async Task LoadDatePriceAsync()
    {
        var load = ++_dateLoad;
        _atDate = null;
        _atDateProblem = null;
        if (_product is null || _date is not { } date) return;
        var result = await Negocio.GetPriceAsync(_product.Id, date);
        if (load == _dateLoad) ShowDatePrice(result);
    }

    private void ShowDatePrice(AgentResult<PriceDto> result)
    {
        _atDate = result.Ok ? result.Value : null;
        _atDateProblem = result.Ok ? null : Describe(result.Problem!, "negocio");
    }

    private void ClearPrices()
    {
        _today = null;
        _todayProblem = null;
        _atDate = null;
        _atDateProblem = null;
        _history = [];
        _historyPoints = [];
        _historyProblem = null;
    }

    /// <summary>One point per day with purchases (their average cost), oldest first, up to today.</summary>
    private void BuildHistoryChart()
    {
        _historyPoints = _history.GroupBy(p => p.Date).OrderBy(g => g.Key)
            .Select(g => (BuenosAires.Noon(g.Key), (double)g.Average(p => p.UnitCost))).ToList();
        if (_historyPoints.Count == 0) return;
        _historyStart = _historyPoints[0].Time.AddDays(-1);
        _historyEnd = BuenosAires.Noon(Today) > _historyPoints[^1].Time ? BuenosAires.Noon(Today).AddDays(1) : _historyPoints[^1].Time.AddDays(1);
        // Purchases are days or weeks apart: the line joins them all (a step shorter than the widest gap would break it).
        var widest = TimeSpan.FromDays(1);
        for (var i = 1; i < _historyPoints.Count; i++)
        {
            var gap = _historyPoints[i].Time - _historyPoints[i - 1].Time;
            if (gap > widest) widest = gap;
        }
        _historyStep = widest;
    }

    private List<ChartLine> HistoryLines()
    {
        var lines = new List<ChartLine> { new(L["Prices.HistoryLine"], _historyPoints, "") };
        if (_today is not null) lines.Add(new ChartLine(L["Prices.ReplacementLine"], [(BuenosAires.Noon(_today.Date), (double)_today.ReplacementCost)], ""));
        return lines;
    }

    private List<PurchasePriceDto> LastPurchases() => _history.OrderByDescending(p => p.Date).Take(LastPurchasesShown).ToList();

    private string DaysAgo(int days) => days switch
    {
        <= 0 => L["Prices.PurchasedToday"],
        1 => L["Prices.OneDayAgo"],
        _ => L.Format("Prices.DaysAgo", days),
    };

    /// <summary>negocio's code for where the inflation came from, in words ("configuracion" is the configured figure).</summary>
    private string InflationSourceText(string source) => source switch
    {
        "configuracion" => L["Prices.InflationSource.Configured"],
        "ml" => L["Prices.InflationSource.Ml"],
        _ => source,
    };

    /// <summary>The rows of the price table: what each figure is, and how it reads for one date.</summary>
    private List<(string Id, string Label, Func<PriceDto, string> Value)> PriceRows() =>
    [
        ("lastPurchase", L["Prices.Row.LastPurchase"].Value, (PriceDto p) => new Ars(p.LastPurchaseCost).ToString()),
        ("lastPurchaseDate", L["Prices.Row.LastPurchaseDate"].Value, (PriceDto p) => L.Format("Prices.PurchaseDateText",
            p.LastPurchaseDate is { } d ? BuenosAiresTime.FormatDate(d) : "—", p.LastPurchaseSource, DaysAgo(p.DaysSincePurchase))),
        ("inflation", L["Prices.Row.Inflation"].Value, (PriceDto p) => L.Format("Prices.InflationText", Pct(p.MonthlyInflationPercent), InflationSourceText(p.InflationSource))),
        ("replacement", L["Prices.Row.Replacement"].Value, (PriceDto p) => new Ars(p.ReplacementCost).ToString()),
        ("markup", L["Prices.Row.Markup"].Value, (PriceDto p) => Pct(p.MarkupPercent)),
        ("suggested", L["Prices.Row.Suggested"].Value, (PriceDto p) => new Ars(p.SuggestedSalePrice).ToString()),
        ("sale", L["Prices.Row.Sale"].Value, (PriceDto p) => new Ars(p.CurrentSalePrice).ToString()),
        ("margin", L["Prices.Row.Margin"].Value, (PriceDto p) => Pct(p.MarginPercent)),
    ];

    private static string Cell(Func<PriceDto, string> value, PriceDto? price) => price is null ? "—" : value(price);

    private static string Pct(decimal percent) => percent.ToString("0.##", ArsFormat.EsAr) + " %";

    private static string Pct(double percent) => percent.ToString("0.##", ArsFormat.EsAr) + " %";


    // negocio lets encargado and admin read prices; anyone else gets its 403 (which has no body) in words.
    private string Describe(AgentProblem problem, string agent) =>
        problem.Unavailable ? L.Format("Agent.Down", agent, problem.Message)
        : problem.Status == 403 ? L.Format("Prices.ReadForbidden", agent, problem.Message)
        : problem.Message;

    // --- Markups ---

    private async Task LoadMarkupsAsync()
    {
        var result = await NegocioPrices.ListMarkupsAsync();
        _markups = result.Ok ? result.Value!.OrderBy(m => m.Category, StringComparer.CurrentCulture).ToList() : null;
        _markupsProblem = result.Ok ? null : Describe(result.Problem!, "negocio");
    }

    private bool IsEditing(CategoryMarkupDto markup) => string.Equals(_editing, markup.Category, StringComparison.Ordinal);

    private string EditLabel(CategoryMarkupDto markup) => L.Format("Prices.EditMarkup", markup.Category);

    private void EditMarkup(CategoryMarkupDto markup)
    {
        _editing = markup.Category;
        _editValue = markup.MarkupPercent;
        _editError = null;
    }

    private void CancelEdit()
    {
        _editing = null;
        _editError = null;
    }

    /// <summary>Sends the new markup; negocio validates it and decides whether this person may change it.</summary>
    private async Task SaveMarkupAsync()
    {
        if (_editing is not { } category || _savingMarkup) return;
        _savingMarkup = true;
        try
        {
            var result = await NegocioPrices.SetMarkupAsync(category, _editValue);
            if (!result.Ok)
            {
                var problem = result.Problem!;
                _editError = problem.Unavailable ? L.Format("Agent.Down", "negocio", problem.Message)
                    : problem.Status == 403 ? L.Format("Prices.MarkupForbidden", problem.Message)
                    : problem.Message;
                return;
            }
            var saved = result.Value!;
            CancelEdit();
            Snackbar.Add(L.Format("Prices.MarkupSaved", saved.Category, Pct(saved.MarkupPercent)), Severity.Success);
            await LoadMarkupsAsync();
            // The suggested price of the product shown depends on its category's markup.
            if (_product is not null && string.Equals(_product.Category, saved.Category, StringComparison.OrdinalIgnoreCase)) await ShowProductAsync(_product);
        }
        finally
        {
            _savingMarkup = false;
        }
    }

    private Task<AgentResult<byte[]>> MarkupsFileAsync() => CsvExport.Ready(MarkupsCsv(_markups ?? []));

    public static byte[] MarkupsCsv(IEnumerable<CategoryMarkupDto> markups) => CsvExport.Build(
        ["Categoría", "Recargo (%)", "Por defecto"],
        markups.Select(m => (IReadOnlyList<object?>)[m.Category, m.MarkupPercent, m.IsDefault]));

    // --- Inflation ---

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
}
