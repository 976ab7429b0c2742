using System.Globalization;
using Microsoft.AspNetCore.Components;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Prices;

/// <summary>
/// Precios e inflación: a product's price picture (negocio) today and at a chosen date — last purchase cost, inflation used,
/// replacement cost, markup, suggested sale price, margin — with its purchase-price history; beside it the markups per
/// category (<see cref="MarkupsPanel"/>) and the measured inflation (<see cref="InflationPanel"/>). Each part says on its own
/// when its agent cannot answer. The product and the date live in the address (<c>?producto=12&amp;fecha=2026-12-31</c>).
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

    [Inject] public required IDepositoClient Deposito { get; init; }
    [Inject] public required INegocioClient Negocio { get; init; }
    [Inject] public required IPricesClient NegocioPrices { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery] public string? Producto { get; set; }
    [SupplyParameterFromQuery] public string? Fecha { get; set; }

    private readonly AddressFilters _filters = new();

    private DateOnly Today => BuenosAiresTime.Today(Time);

    private DateTime? DateValue => _date?.ToDateTime(TimeOnly.MinValue);

    // negocio prices dates from ten years back to a year ahead.
    private DateTime MinDate => Today.AddDays(1 - InflationAdjustedCost.MaxDays).ToDateTime(TimeOnly.MinValue);

    private DateTime MaxDate => Today.AddDays(366).ToDateTime(TimeOnly.MinValue);

    private string ProductLink => _product is null ? "inventario" : "inventario/" + _product.Id.ToString(CultureInfo.InvariantCulture);

    protected override Task OnParametersSetAsync() => FollowAddressAsync();

    /// <summary>The suggested price of the product shown depends on its category's markup: shown again when that markup changes.</summary>
    private async Task MarkupSavedAsync(CategoryMarkupDto saved)
    {
        if (_product is not null && string.Equals(_product.Category, saved.Category, StringComparison.OrdinalIgnoreCase)) await ShowProductAsync(_product);
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

    private static string Pct(decimal percent) => PriceText.Pct(percent);

    private string Describe(AgentProblem problem, string agent) => PriceText.Describe(L, problem, agent);
}
