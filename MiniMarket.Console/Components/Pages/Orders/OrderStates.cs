using Microsoft.Extensions.Localization;
using MudBlazor;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Console.Components.Pages.Orders;

/// <summary>
/// A purchase order's state and origin in words and colors. negocio's states: <c>borrador</c> → <c>enviada</c> →
/// <c>recibida</c> / <c>cancelada</c>; an order received in part stays <c>enviada</c> until the rest arrives (the
/// console says "recibida en parte"). The keys are written out so the resource test sees each one.
/// </summary>
public static class OrderStates
{
    public const string Draft = "borrador";
    public const string Sent = "enviada";
    public const string Received = "recibida";
    public const string Cancelled = "cancelada";

    /// <summary>The wire names, in the order an order goes through them.</summary>
    public static IReadOnlyList<string> All { get; } = [Draft, Sent, Received, Cancelled];

    public static string Label(IStringLocalizer L, string state) => state switch
    {
        Draft => L["Orders.State.borrador"],
        Sent => L["Orders.State.enviada"],
        Received => L["Orders.State.recibida"],
        Cancelled => L["Orders.State.cancelada"],
        _ => state,
    };

    /// <summary>The state as the person reads it: a sent order with something received is "recibida en parte".</summary>
    public static string Label(IStringLocalizer L, PurchaseOrderDto order) =>
        IsPartlyReceived(order) ? L["Orders.State.partial"] : Label(L, order.State);

    public static Color ColorOf(PurchaseOrderDto order) => IsPartlyReceived(order) ? Color.Warning : order.State switch
    {
        Draft => Color.Default,
        Sent => Color.Info,
        Received => Color.Success,
        _ => Color.Dark,
    };

    public static string Origin(IStringLocalizer L, string origin) => origin switch
    {
        "automatica" => L["Orders.Origin.automatica"],
        "manual" => L["Orders.Origin.manual"],
        _ => origin,
    };

    public static bool IsPartlyReceived(PurchaseOrderDto order) =>
        order.State == Sent && order.Lines.Any(l => l.ReceivedQuantity > 0);

    /// <summary>Units still to arrive on a line (never negative).</summary>
    public static int Pending(PurchaseOrderLineDto line) => Math.Max(0, line.Quantity - line.ReceivedQuantity);
}
