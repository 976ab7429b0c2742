using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Console.Components.Pages.Inventory;

/// <summary>
/// Inventario: the products grid — paged, sorted and filtered by deposito (nothing is loaded whole), filters in the
/// address, a row opens the product — with CSV export of what the filters select and "Nuevo producto".
/// </summary>
public sealed partial class Inventory
{

    private MudTable<ProductDto>? _table;
    private List<CategoryDto> _categories = [];
    private string? _error;
    private bool _creating;
    private string? _sort;

    [Inject] public required IDepositoClient Deposito { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery] public string? Q { get; set; }
    [SupplyParameterFromQuery] public string? Categoria { get; set; }
    [SupplyParameterFromQuery] public string? Estado { get; set; }
    [SupplyParameterFromQuery] public string? Criticos { get; set; }

    private readonly AddressFilters _filters = new();
    private string? _search;
    private int? _category;
    private string _state = "activos";
    private bool _criticalOnly;

    protected override async Task OnInitializedAsync()
    {
        var categories = await Deposito.ListCategoriesAsync();
        _categories = categories.Ok ? categories.Value!.OrderBy(c => c.Name, StringComparer.CurrentCulture).ToList() : [];
    }

    protected override async Task OnParametersSetAsync()
    {
        _filters.Reset();
        _search = _filters.Text(Q, "q");
        _category = _filters.PositiveInt(Categoria, "categoria");
        _state = _filters.OneOf(Estado, "estado", "activos", "inactivos", "todos") ?? "activos";
        _criticalOnly = _filters.YesNo(Criticos, "criticos") == true;
        if (_table is not null) await _table.ReloadServerData();
    }

    private ProductQuery Query(string? sort, int page, int pageSize) => new(
        _category, _search, _state switch { "inactivos" => false, "todos" => null, _ => true }, _criticalOnly ? true : null, sort, page, pageSize);

    private async Task<TableData<ProductDto>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        _sort = state.SortLabel is { Length: > 0 } label && state.SortDirection != SortDirection.None
            ? (state.SortDirection == SortDirection.Descending ? "-" : "") + label : null;
        var result = await Deposito.ListProductsAsync(Query(_sort, state.Page + 1, state.PageSize), cancellationToken);
        return AgentTables.Rows(result, L, "deposito", ref _error, StateHasChanged);
    }

    private void CategoryChanged(int? category) => Navigation.SetQuery(("categoria", category?.ToString(CultureInfo.InvariantCulture) ?? ""));

    private void CriticalChanged(bool critical) => Navigation.SetQuery(("criticos", critical ? "true" : ""));

    private void OpenRow(TableRowClickEventArgs<ProductDto> row) => Navigation.NavigateTo($"inventario/{row.Item!.Id}");

    private void OpenProduct(ProductDto product) => Navigation.NavigateTo($"inventario/{product.Id}");

    /// <summary>Every product the filters select (in the grid's order), as CSV.</summary>
    private Task<AgentResult<byte[]>> ProductsFileAsync()
    {
        var sort = _sort;
        return CsvExport.BuildAllAsync<ProductDto>((page, size) => Deposito.ListProductsAsync(Query(sort, page, size)), rows => ProductsCsv(rows));
    }

    public static byte[] ProductsCsv(IEnumerable<ProductDto> products) => CsvExport.Build(
        ["Código", "Nombre", "Categoría", "Código de barras", "Stock", "Mínimo", "Máximo", "Precio de compra", "Precio de venta", "Activo", "Actualizado"],
        products.Select(p => (IReadOnlyList<object?>)[p.Code, p.Name, p.Category, p.Barcode, p.Stock, p.MinStock, p.MaxStock, p.PurchasePrice, p.SalePrice, p.Active, p.UpdatedAt]));
}
