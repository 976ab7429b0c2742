using Microsoft.AspNetCore.Components;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Models;

/// <summary>
/// A product's demand forecast (ml) from today over a chosen horizon, with its band, and the purchase cost ml expects at
/// its end. The product comes from the page's address (<see cref="ProductId"/>) or is picked here (<see cref="ProductChanged"/>
/// tells the page, which puts it in the address).
/// </summary>
public sealed partial class ForecastPanel
{
    private ProductDto? _product;
    private string? _productProblem;
    private int _horizon = 14;
    private DateOnly _forecastFrom;
    private DemandForecastDto? _forecast;
    private string? _forecastProblem;
    private PriceForecastDto? _priceForecast;
    private string? _priceForecastProblem;
    private bool _forecasting;
    // A slower answer for a product or horizon chosen earlier is dropped.
    private int _forecastLoad;

    [Inject] public required IMlClient Ml { get; init; }
    [Inject] public required IDepositoClient Deposito { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    /// <summary>The product the address names (<c>?producto=12</c>), if any.</summary>
    [Parameter] public int? ProductId { get; set; }

    /// <summary>The person picked another product here (or cleared it).</summary>
    [Parameter] public EventCallback<ProductDto?> ProductChanged { get; set; }

    private static IReadOnlyList<int> Horizons => Models.Horizons;

    protected override async Task OnParametersSetAsync()
    {
        if (ProductId is not { } id || id == _product?.Id) return;
        var product = await Deposito.GetProductAsync(id);
        if (!product.Ok)
        {
            _productProblem = L.Problem(product.Problem!, "deposito");
            return;
        }
        _productProblem = null;
        _product = product.Value;
        await ShowForecastAsync();
    }

    /// <summary>Asks ml again for the product shown (a retrained model changes the forecast).</summary>
    public async Task RefreshAsync()
    {
        if (_product is null) return;
        await ShowForecastAsync();
        StateHasChanged();
    }

    private async Task ProductChangedAsync(ProductDto? product)
    {
        if (product?.Id == _product?.Id) return;
        _product = product;
        _productProblem = null;
        await ProductChanged.InvokeAsync(product);
        if (product is null)
        {
            ++_forecastLoad;
            ClearForecast();
            _forecasting = false;
            return;
        }
        await ShowForecastAsync();
    }

    private async Task HorizonChangedAsync(int days)
    {
        if (days == _horizon) return;
        _horizon = days;
        await ShowForecastAsync();
    }

    /// <summary>The demand forecast from today over the horizon, and the expected purchase cost at its end.</summary>
    private async Task ShowForecastAsync()
    {
        if (_product is not { } product) return;
        var load = ++_forecastLoad;
        _forecasting = true;
        ClearForecast();
        _forecastFrom = BuenosAiresTime.Today(Time);
        var demandTask = Ml.GetDemandForecastAsync(product.Id, _horizon);
        var priceTask = Ml.GetPriceForecastAsync(product.Id, _forecastFrom.AddDays(_horizon));
        await Task.WhenAll(demandTask, priceTask);
        if (load != _forecastLoad) return;
        var demand = await demandTask;
        _forecast = demand.Ok ? demand.Value : null;
        _forecastProblem = demand.Ok ? null : L.Problem(demand.Problem!, "ml");
        var price = await priceTask;
        _priceForecast = price.Ok ? price.Value : null;
        _priceForecastProblem = price.Ok ? null : L.Problem(price.Problem!, "ml");
        _forecasting = false;
    }

    private void ClearForecast()
    {
        _forecast = null;
        _forecastProblem = null;
        _priceForecast = null;
        _priceForecastProblem = null;
    }

    private string PriceForecastText(PriceForecastDto forecast) => L.Format("Models.PriceForecast",
        BuenosAiresTime.FormatDate(forecast.Date), new Ars(forecast.ExpectedUnitCost),
        forecast.Method == "tendencia" ? L.Format("Models.Method.Trend", KpiFormat.Format(KpiUnit.Percent, forecast.MonthlyTrendPercent), forecast.PurchasesUsed)
            : L["Models.Method.Inflation"].Value,
        new Ars(forecast.LastUnitCost), BuenosAiresTime.FormatDate(forecast.LastPurchaseDay), forecast.ModelVersion);
}
