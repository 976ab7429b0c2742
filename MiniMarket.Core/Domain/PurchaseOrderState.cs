using System.Diagnostics.CodeAnalysis;

namespace MiniMarket.Core.Domain;

/// <summary>Purchase order state. Wire names: "borrador", "enviada", "recibida", "cancelada".</summary>
public enum PurchaseOrderState
{
    Borrador,
    Enviada,
    Recibida,
    Cancelada,
}

/// <summary>
/// The allowed transitions, as a table: borrador → enviada | cancelada; enviada → recibida | cancelada.
/// Recibida and cancelada are final; staying in the same state is not a transition.
/// </summary>
public static class PurchaseOrderStateMachine
{
    public static bool CanTransition(PurchaseOrderState from, PurchaseOrderState to) => (from, to) switch
    {
        (PurchaseOrderState.Borrador, PurchaseOrderState.Enviada) => true,
        (PurchaseOrderState.Borrador, PurchaseOrderState.Cancelada) => true,
        (PurchaseOrderState.Enviada, PurchaseOrderState.Recibida) => true,
        (PurchaseOrderState.Enviada, PurchaseOrderState.Cancelada) => true,
        _ => false,
    };

    /// <summary>Throws <see cref="DomainException"/> (field "state") "No se puede pasar de recibida a enviada" when not allowed.</summary>
    public static void EnsureCanTransition(PurchaseOrderState from, PurchaseOrderState to)
    {
        if (!CanTransition(from, to))
        {
            throw new DomainException("state", $"No se puede pasar de {from.ToWireName()} a {to.ToWireName()}");
        }
    }

    public static bool IsFinal(this PurchaseOrderState state) =>
        state is PurchaseOrderState.Recibida or PurchaseOrderState.Cancelada;

    public static string ToWireName(this PurchaseOrderState state) => state switch
    {
        PurchaseOrderState.Borrador => "borrador",
        PurchaseOrderState.Enviada => "enviada",
        PurchaseOrderState.Recibida => "recibida",
        PurchaseOrderState.Cancelada => "cancelada",
        _ => throw new DomainException("state", $"Estado de orden desconocido ({(int)state})"),
    };

    /// <summary>Case-insensitive, trimmed; numbers and unknown words are rejected.</summary>
    public static PurchaseOrderState ParseWireName(string? text, string field = "state") =>
        TryParseWireName(text, out var state) ? state : throw new DomainException(field,
            $"Estado de orden {DomainText.Quote(text ?? string.Empty)} desconocido: use borrador, enviada, recibida o cancelada");

    public static bool TryParseWireName([NotNullWhen(true)] string? text, out PurchaseOrderState state)
    {
        state = default;
        switch (text?.Trim().ToUpperInvariant())
        {
            case "BORRADOR": state = PurchaseOrderState.Borrador; return true;
            case "ENVIADA": state = PurchaseOrderState.Enviada; return true;
            case "RECIBIDA": state = PurchaseOrderState.Recibida; return true;
            case "CANCELADA": state = PurchaseOrderState.Cancelada; return true;
            default: return false;
        }
    }
}
