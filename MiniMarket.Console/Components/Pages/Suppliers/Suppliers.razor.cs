using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Suppliers;

/// <summary>
/// Proveedores: paged by negocio, searched by name or CUIT (<c>?q=</c>) and filtered active / inactive / all
/// (<c>?estado=</c>), with CSV export, the create / edit dialog, and deactivate / reactivate on each row.
/// </summary>
public sealed partial class Suppliers
{
    public const string Active = "activos";
    public const string Inactive = "inactivos";
    public const string Everyone = "todos";


    private MudTable<SupplierDto>? _table;
    private string? _error;
    private string? _actionError;
    private bool _formOpen;
    private SupplierDto? _editing;
    private Guid? _busyId;

    [Inject] public required INegocioClient Negocio { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    [SupplyParameterFromQuery] public string? Q { get; set; }
    /// <summary><c>activos</c> (the default), <c>inactivos</c> or <c>todos</c>.</summary>
    [SupplyParameterFromQuery] public string? Estado { get; set; }

    private readonly AddressFilters _filters = new();
    private string? _search;
    private string ActiveFilter { get; set; } = Active;

    private bool? ActiveOnly => ActiveFilter switch
    {
        Inactive => false,
        Everyone => null,
        _ => true,
    };

    protected override async Task OnParametersSetAsync()
    {
        _filters.Reset();
        _search = _filters.Text(Q, "q");
        ActiveFilter = _filters.OneOf(Estado, "estado", Active, Inactive, Everyone) ?? Active;
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task<TableData<SupplierDto>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var result = await Negocio.ListSuppliersAsync(_search, ActiveOnly, state.Page + 1, state.PageSize, cancellationToken);
        return AgentTables.Rows(result, L, "negocio", ref _error, StateHasChanged);
    }

    private string Describe(AgentProblem problem) => L.Problem(problem, "negocio");

    private static string MailTo(string email) => "mailto:" + email;

    private static string OrdersHref(SupplierDto supplier) => $"ordenes?proveedor={supplier.Id}";

    private string EditLabel(SupplierDto supplier) => L.Format("Suppliers.EditOf", supplier.Name);

    private string OrdersLabel(SupplierDto supplier) => L.Format("Suppliers.OrdersOf", supplier.Name);

    private string DeactivateLabel(SupplierDto supplier) => L.Format("Suppliers.Deactivate", supplier.Name);

    private string ReactivateLabel(SupplierDto supplier) => L.Format("Suppliers.Reactivate", supplier.Name);

    private void ClearActionError() => _actionError = null;

    private void OpenNew()
    {
        _editing = null;
        _formOpen = true;
    }

    private void OpenEdit(SupplierDto supplier)
    {
        _editing = supplier;
        _formOpen = true;
    }

    private async Task OnSavedAsync(SupplierDto supplier)
    {
        Snackbar.Add(L.Format("Suppliers.Saved", supplier.Name), Severity.Success);
        if (_table is not null) await _table.ReloadServerData();
    }

    /// <summary>Deactivates an active supplier or reactivates an inactive one; one call at a time.</summary>
    private async Task SetActiveAsync(SupplierDto supplier)
    {
        if (_busyId is not null) return;
        _busyId = supplier.Id;
        try
        {
            _actionError = null;
            var result = supplier.Active ? await Negocio.DeactivateSupplierAsync(supplier.Id) : await Negocio.ReactivateSupplierAsync(supplier.Id);
            if (!result.Ok)
            {
                _actionError = Describe(result.Problem!);
                return;
            }
            if (result.Value!.Active) Snackbar.Add(L.Format("Suppliers.Reactivated", result.Value.Name), Severity.Success);
            else Snackbar.Add(L.Format("Suppliers.Deactivated", result.Value.Name), Severity.Success);
            if (_table is not null) await _table.ReloadServerData();
        }
        finally
        {
            _busyId = null;
        }
    }

    private void SearchChanged(string? q) => Navigation.SetQuery(("q", q ?? ""));

    private void StateChanged(string? estado) => Navigation.SetQuery(("estado", estado == Active ? "" : estado ?? ""));

    /// <summary>Every supplier the filters select (by name), as CSV.</summary>
    private Task<AgentResult<byte[]>> SuppliersFileAsync() =>
        CsvExport.BuildAllAsync<SupplierDto>((page, size) => Negocio.ListSuppliersAsync(_search, ActiveOnly, page, size), rows => SuppliersCsv(rows));

    public static byte[] SuppliersCsv(IEnumerable<SupplierDto> suppliers) => CsvExport.Build(
        ["Razón social", "CUIT", "Condición de IVA", "Contacto", "Correo", "Teléfono", "Provee", "Activo", "Alta", "Actualizado"],
        suppliers.Select(s => (IReadOnlyList<object?>)[s.Name, s.Cuit, s.IvaCondition, s.ContactName, s.Email, s.Phone, string.Join(", ", s.Supplies), s.Active, s.CreatedAt, s.UpdatedAt]));
}
