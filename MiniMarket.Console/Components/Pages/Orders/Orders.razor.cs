using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Orders;

/// <summary>
/// Órdenes de compra: paged by negocio (newest first), filtered by state and supplier with the filters in the address
/// (<c>?estado=enviada&amp;proveedor=…</c>), a row opens the order; CSV export of what the filters select.
/// </summary>
public sealed partial class Orders
{

    private MudTable<PurchaseOrderDto>? _table;
    private List<SupplierDto> _suppliers = [];
    private string? _error;

    [Inject] public required INegocioClient Negocio { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>negocio's state name (borrador, enviada, recibida, cancelada); none: every state.</summary>
    [SupplyParameterFromQuery] public string? Estado { get; set; }
    [SupplyParameterFromQuery] public string? Proveedor { get; set; }

    private readonly AddressFilters _filters = new();
    private string? _state;
    private Guid? _supplier;

    protected override async Task OnInitializedAsync()
    {
        // For the supplier filter: few suppliers (tens), one page holds them all.
        var suppliers = await Negocio.ListSuppliersAsync(null, null, 1, 200);
        _suppliers = suppliers.Ok ? suppliers.Value!.Items.OrderBy(s => s.Name, StringComparer.CurrentCulture).ToList() : [];
    }

    protected override async Task OnParametersSetAsync()
    {
        _filters.Reset();
        _state = _filters.OneOf(Estado, "estado", [.. OrderStates.All]);
        _supplier = _filters.Id(Proveedor, "proveedor");
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task<TableData<PurchaseOrderDto>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var result = await Negocio.ListOrdersAsync(_state, _supplier, state.Page + 1, state.PageSize, cancellationToken);
        return AgentTables.Rows(result, L, "negocio", ref _error, StateHasChanged);
    }

    private string SupplierName(Guid? id) => id is not { } supplier ? ""
        : _suppliers.FirstOrDefault(s => s.Id == supplier)?.Name ?? supplier.ToString();

    private static string OrderHref(PurchaseOrderDto order) => $"ordenes/{order.Id}";

    private void OpenRow(TableRowClickEventArgs<PurchaseOrderDto> row) => Navigation.NavigateTo(OrderHref(row.Item!));

    private void StateChanged(string? state) => Navigation.SetQuery(("estado", state ?? ""));

    private void SupplierChanged(Guid? supplier) => Navigation.SetQuery(("proveedor", supplier?.ToString() ?? ""));

    /// <summary>Every order the filters select (newest first), as CSV.</summary>
    private Task<AgentResult<byte[]>> OrdersFileAsync() => CsvExport.BuildAllAsync<PurchaseOrderDto>(
        (page, size) => Negocio.ListOrdersAsync(_state, _supplier, page, size), rows => OrdersCsv(rows, o => OrderStates.Label(L, o), o => OrderStates.Origin(L, o)));

    /// <summary>One row per order; <paramref name="state"/> and <paramref name="origin"/> say them in words.</summary>
    public static byte[] OrdersCsv(IEnumerable<PurchaseOrderDto> orders, Func<PurchaseOrderDto, string> state, Func<string, string> origin) => CsvExport.Build(
        ["Número", "Proveedor", "Estado", "Origen", "Creada por", "Creada", "Enviada", "Cerrada", "Líneas", "Unidades", "Unidades recibidas", "Total", "Recibido"],
        orders.Select(o => (IReadOnlyList<object?>)[o.DisplayNumber, o.SupplierName, state(o), origin(o.Origin), o.CreatedBy, o.CreatedAt, o.SentAt, o.ClosedAt,
            o.Lines.Count, o.Lines.Sum(l => l.Quantity), o.Lines.Sum(l => l.ReceivedQuantity), o.Total, o.ReceivedValue]));
}
