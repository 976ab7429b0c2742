using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Orders;

/// <summary>
/// One purchase order: header (number, supplier and how to reach it, state, origin, times in Buenos Aires, total), its
/// lines, and what its state allows — a draft: edit quantities (0 removes a line), send, cancel; a sent order (also
/// one received in part): receive everything pending or part of it, cancel. negocio decides; a refusal is shown in its
/// words, next to the line it names when it names one. One call at a time: the buttons wait for the answer.
/// </summary>
public sealed partial class OrderPage
{
    private enum PendingAction
    {
        None,
        Cancel,
        ReceiveAll,
    }

    private readonly DialogOptions _confirmOptions = new() { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true };
    private PurchaseOrderDto? _order;
    private SupplierDto? _supplier;
    private string? _problem;
    private string? _actionProblem;
    private readonly DraftOrderLines _draft = new();
    private List<BreadcrumbItem> _breadcrumbs = [];
    private PendingAction _confirm;
    private bool _busy, _receiving;
    private string _receiveAllKey = NewKey();

    [Parameter] public Guid Id { get; set; }
    [Inject] public required INegocioClient Negocio { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    private bool IsDraft => _order?.State == OrderStates.Draft;

    private bool IsSent => _order?.State == OrderStates.Sent;

    /// <summary>A draft's quantities differ from what negocio has.</summary>
    private bool Dirty => _draft.Dirty;

    private decimal DraftTotal => _draft.Total;

    private string UnitsSummary => L.Format("Orders.UnitsSummary",
        _order?.Lines.Sum(l => l.ReceivedQuantity) ?? 0, _order?.Lines.Sum(l => l.Quantity) ?? 0);

    private string SupplierOrdersHref => $"ordenes?proveedor={_order?.SupplierId}";

    protected override async Task OnParametersSetAsync()
    {
        // Another order (or the first): nothing of the previous one carries over, including the delivery key.
        (_actionProblem, _confirm, _receiving, _receiveAllKey) = (null, PendingAction.None, false, NewKey());
        var result = await Negocio.GetOrderAsync(Id);
        if (result.Ok)
        {
            Show(result.Value!);
            _problem = null;
            var supplier = await Negocio.GetSupplierAsync(result.Value!.SupplierId);
            _supplier = supplier.Ok ? supplier.Value : null;
        }
        else
        {
            _order = null;
            _supplier = null;
            _problem = Describe(result.Problem!);
        }
        _breadcrumbs = [new(L["Nav.Orders"], "ordenes"), new(_order?.DisplayNumber ?? Id.ToString(), null, disabled: true)];
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private string Describe(AgentProblem problem) => L.Problem(problem, "negocio");

    /// <summary>The order as negocio answered it; a draft's quantity fields start from it.</summary>
    private void Show(PurchaseOrderDto order)
    {
        _order = order;
        _draft.Reset(order);
    }

    private static string MailTo(string email) => "mailto:" + email;

    /// <summary>A time in Buenos Aires, or a dash when it has not happened.</summary>
    private static string TimeText(DateTimeOffset? time) => time is { } t ? BuenosAires.Format(t) : "—";

    private static string ProductHref(PurchaseOrderLineDto line) => "inventario/" + line.ProductId.ToString(CultureInfo.InvariantCulture);

    private static string LineField(PurchaseOrderLineDto line) => "quantity-" + line.ProductId.ToString(CultureInfo.InvariantCulture);

    private string QuantityLabel(PurchaseOrderLineDto line) => L.Format("Orders.QuantityOf", line.ProductName);

    private int? QuantityOf(PurchaseOrderLineDto line) => _draft.QuantityOf(line);

    private void SetQuantity(int productId, int? quantity) => _draft.Set(productId, quantity);

    private bool HasLineError(PurchaseOrderLineDto line) => _draft.ErrorOf(line) is not null;

    private string? LineError(PurchaseOrderLineDto line) => _draft.ErrorOf(line);

    private string? LineHint(PurchaseOrderLineDto line) => QuantityOf(line) == 0 ? L["Orders.WillRemove"].Value : null;

    private Ars LineSubtotal(PurchaseOrderLineDto line) => IsDraft ? new Ars((QuantityOf(line) ?? 0) * line.UnitPrice) : new Ars(line.Subtotal);

    private void ClearActionProblem() => _actionProblem = null;

    private void DiscardChanges()
    {
        if (_order is not null) Show(_order);
    }

    private async Task SaveLinesAsync()
    {
        if (_busy || _order is null || !IsDraft) return;
        var changes = _draft.Changes();
        if (changes.Count == 0 || !_draft.CheckFilled(changes, L["Orders.QuantityRequired"].Value)) return;
        _busy = true;
        try
        {
            _actionProblem = null;
            var result = await Negocio.EditOrderLinesAsync(Id, changes);
            if (result.Ok)
            {
                Show(result.Value!);
                Snackbar.Add(L["Orders.LinesSaved"], Severity.Success);
                return;
            }
            await RefuseAsync(result.Problem!, changes);
        }
        finally
        {
            _busy = false;
        }
    }

    private Task SendAsync() => RunAsync(() => Negocio.SendOrderAsync(Id), L["Orders.SentDone"]);

    private Task CancelAsync() => RunAsync(() => Negocio.CancelOrderAsync(Id), L["Orders.CancelledDone"]);

    /// <summary>A state change (send, cancel): one call at a time; the answer is the order as it now is.</summary>
    private async Task RunAsync(Func<Task<AgentResult<PurchaseOrderDto>>> call, string done)
    {
        if (_busy || _order is null) return;
        _busy = true;
        try
        {
            _actionProblem = null;
            var result = await call();
            if (result.Ok)
            {
                Show(result.Value!);
                Snackbar.Add(done, Severity.Success);
                return;
            }
            await RefuseAsync(result.Problem!, null);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>
    /// Everything still pending, in one delivery. The key stays while negocio could not be reached (a retry of a
    /// delivery that perhaps went through is answered, not applied twice); any answer ends it.
    /// </summary>
    private async Task ReceiveAllAsync()
    {
        if (_busy || _order is null) return;
        _busy = true;
        try
        {
            _actionProblem = null;
            var before = _order;
            var result = await Negocio.ReceiveOrderAsync(Id, _receiveAllKey);
            if (!result.Ok && result.Problem!.Unavailable)
            {
                _actionProblem = Describe(result.Problem);
                return;
            }
            _receiveAllKey = NewKey();
            if (result.Ok) ShowReceived(before, result);
            else await RefuseAsync(result.Problem!, null);
        }
        finally
        {
            _busy = false;
        }
    }

    private void OpenReceive()
    {
        if (_busy || !IsSent) return;
        _actionProblem = null;
        _receiving = true;
    }

    /// <summary>The partial-receipt dialog recorded a delivery.</summary>
    private void OnReceived(AgentResult<PurchaseOrderDto> result)
    {
        if (_order is not null) ShowReceived(_order, result);
    }

    private void ShowReceived(PurchaseOrderDto before, AgentResult<PurchaseOrderDto> result)
    {
        var after = result.Value!;
        Show(after);
        var units = after.Lines.Sum(l => l.ReceivedQuantity) - before.Lines.Sum(l => l.ReceivedQuantity);
        if (result.Replayed) Snackbar.Add(L["Orders.Receive.Replayed"], Severity.Info);
        else Snackbar.Add(L.Format("Orders.Receive.Done", units), Severity.Success);
    }

    /// <summary>
    /// negocio said no. Errors naming a sent line (<c>lines[2].quantity</c>) sit next to that line; the rest, or the
    /// agent down, above. A conflict (the order changed state meanwhile) reloads the order so the page shows what is.
    /// </summary>
    private async Task RefuseAsync(AgentProblem problem, IReadOnlyList<OrderLineQuantityRequest>? sent)
    {
        var general = _draft.PlaceErrors(problem.Errors, sent);
        _actionProblem = problem.Errors.Count == 0 ? Describe(problem) : general.Count > 0 ? string.Join(" ", general) : null;
        if (problem.Status is 404 or 409)
        {
            var fresh = await Negocio.GetOrderAsync(Id);
            if (fresh.Ok) Show(fresh.Value!);
        }
    }

    private void AskCancel()
    {
        if (!_busy) _confirm = PendingAction.Cancel;
    }

    private void AskReceiveAll()
    {
        if (!_busy) _confirm = PendingAction.ReceiveAll;
    }

    private void CloseConfirm() => _confirm = PendingAction.None;

    private void ConfirmVisibleChanged(bool visible)
    {
        if (!visible) _confirm = PendingAction.None;
    }

    private async Task ConfirmAsync()
    {
        var action = _confirm;
        _confirm = PendingAction.None;
        if (action == PendingAction.Cancel) await CancelAsync();
        else if (action == PendingAction.ReceiveAll) await ReceiveAllAsync();
    }

    private string ConfirmTitle => _confirm == PendingAction.ReceiveAll
        ? L.Format("Orders.ReceiveAll.Title", _order?.DisplayNumber ?? "")
        : L.Format("Orders.Cancel.Title", _order?.DisplayNumber ?? "");

    private string ConfirmText => _confirm == PendingAction.ReceiveAll
        ? L.Format("Orders.ReceiveAll.Text", _order?.Lines.Sum(l => OrderStates.Pending(l)) ?? 0, _order?.Lines.Count(l => OrderStates.Pending(l) > 0) ?? 0)
        : L["Orders.Cancel.Text"];

    private string ConfirmButton => _confirm == PendingAction.ReceiveAll ? L["Orders.ReceiveAll"] : L["Orders.Cancel"];

    private Color ConfirmColor => _confirm == PendingAction.ReceiveAll ? Color.Primary : Color.Error;
}
