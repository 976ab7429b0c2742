using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Inventory;

/// <summary>
/// One product: stock against its minimum and maximum, prices and margin, its purchase-price history (deposito), its
/// demand forecast with the band (ml), its movements (paged, exportable), and the movement and edit dialogs. Each part
/// loads in parallel and says so on its own when its agent cannot answer.
/// </summary>
public sealed partial class ProductPage
{
    public const int ForecastDays = 14;
    public const int HistoryDays = 180;

    private ProductDto? _product;
    private List<CategoryDto> _categories = [];
    private string? _problem;
    private List<(DateTimeOffset Time, double Value)> _purchases = [];
    private string? _purchasesProblem;
    private DemandForecastDto? _forecast;
    private string? _forecastProblem;
    private DateTimeOffset _historyStart, _historyEnd;
    private MudTable<StockMovementDto>? _movementsTable;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private bool _moving, _editing;

    [Parameter] public int Id { get; set; }
    [Inject] public required IDepositoClient Deposito { get; init; }
    [Inject] public required IMlClient Ml { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        var today = BuenosAiresTime.Today(Time);
        var productTask = Deposito.GetProductAsync(Id);
        var categoriesTask = Deposito.ListCategoriesAsync();
        var purchasesTask = Deposito.GetPurchaseHistoryAsync(today.AddDays(-HistoryDays), today);
        var forecastTask = Ml.GetDemandForecastAsync(Id, ForecastDays);
        _forecastProblem = L["Inventory.ForecastLoading"];
        _purchasesProblem = L["Common.Loading"];

        // The product shows as soon as deposito answers; the history and ml's forecast fill in when they come.
        var product = await productTask;
        _product = product.Ok ? product.Value : null;
        _problem = product.Ok ? null : L.Problem(product.Problem!, "deposito");
        _breadcrumbs = [new(L["Nav.Inventory"], "inventario"), new(_product?.Code ?? Id.ToString(CultureInfo.InvariantCulture), null, disabled: true)];
        var categories = await categoriesTask;
        _categories = categories.Ok ? categories.Value! : [];
        StateHasChanged();

        (_historyStart, _historyEnd) = (BuenosAires.Noon(today.AddDays(-HistoryDays)), BuenosAires.Noon(today));
        var purchases = await purchasesTask;
        _purchases = purchases.Ok
            ? purchases.Value!.Days.Where(d => d.ProductId == Id).OrderBy(d => d.Day).Select(d => (BuenosAires.Noon(d.Day), (double)d.UnitPrice)).ToList()
            : [];
        _purchasesProblem = purchases.Ok ? null : L.Problem(purchases.Problem!, "deposito");

        var forecast = await forecastTask;
        _forecast = forecast.Ok ? forecast.Value : null;
        _forecastProblem = forecast.Ok ? null : L.Problem(forecast.Problem!, "ml");
    }

    private IReadOnlyList<ChartLine> PurchaseLines => [new ChartLine(L["Inventory.Col.Purchase"], _purchases, "")];



    private async Task<TableData<StockMovementDto>> LoadMovementsAsync(TableState state, CancellationToken cancellationToken)
    {
        var result = await Deposito.ListProductMovementsAsync(Id, state.Page + 1, state.PageSize, cancellationToken);
        return AgentTables.Rows(result);
    }

    private async Task OnMovedAsync(StockMovementDto movement)
    {
        Snackbar.Add(L.Format("Movement.Saved", movement.Kind, movement.StockBefore, movement.StockAfter), Severity.Success);
        var product = await Deposito.GetProductAsync(Id);
        if (product.Ok) _product = product.Value;
        if (_movementsTable is not null) await _movementsTable.ReloadServerData();
    }

    private async Task OnSavedAsync(ProductDto product)
    {
        _product = product;
        Snackbar.Add(L["Inventory.Saved"], Severity.Success);
        await Task.CompletedTask;
    }

    /// <summary>The product's whole movement history, newest first, as CSV.</summary>
    private Task<AgentResult<byte[]>> MovementsFileAsync() => CsvExport.BuildAllAsync<StockMovementDto>(
        (page, size) => Deposito.ListProductMovementsAsync(Id, page, size),
        rows => CsvExport.Build(["Fecha", "Tipo", "Cantidad", "Stock antes", "Stock después", "Motivo", "Referencia", "Precio unitario", "Usuario"],
            rows.Select(m => (IReadOnlyList<object?>)[m.CreatedAt, m.Kind, m.Quantity, m.StockBefore, m.StockAfter, m.Reason, m.Reference, m.UnitPrice, m.User])));
}
