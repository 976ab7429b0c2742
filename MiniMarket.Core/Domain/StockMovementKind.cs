using System.Diagnostics.CodeAnalysis;

namespace MiniMarket.Core.Domain;

/// <summary>What a stock movement is. Wire names (JSON, database, metrics labels): "entrada", "salida", "ajuste", "transferencia".</summary>
public enum StockMovementKind
{
    /// <summary>Goods in (purchase received). Quantity &gt; 0.</summary>
    Entrada,

    /// <summary>Goods out (sale, waste). Quantity &lt; 0.</summary>
    Salida,

    /// <summary>Count correction. Quantity of either sign, never 0.</summary>
    Ajuste,

    /// <summary>To (negative) or from (positive) another branch, named in the reference.</summary>
    Transferencia,
}

/// <summary>Wire names of <see cref="StockMovementKind"/>: lower-case Spanish words.</summary>
public static class StockMovementKindWire
{
    public static string ToWireName(this StockMovementKind kind) => kind switch
    {
        StockMovementKind.Entrada => "entrada",
        StockMovementKind.Salida => "salida",
        StockMovementKind.Ajuste => "ajuste",
        StockMovementKind.Transferencia => "transferencia",
        _ => throw new DomainException("kind", $"Tipo de movimiento desconocido ({(int)kind})"),
    };

    /// <summary>Case-insensitive, trimmed; numbers and unknown words are rejected.</summary>
    public static StockMovementKind Parse(string? text, string field = "kind") =>
        TryParse(text, out var kind) ? kind : throw new DomainException(field,
            $"Tipo de movimiento {DomainText.Quote(text ?? string.Empty)} desconocido: use entrada, salida, ajuste o transferencia");

    public static bool TryParse([NotNullWhen(true)] string? text, out StockMovementKind kind)
    {
        kind = default;
        switch (text?.Trim().ToUpperInvariant())
        {
            case "ENTRADA": kind = StockMovementKind.Entrada; return true;
            case "SALIDA": kind = StockMovementKind.Salida; return true;
            case "AJUSTE": kind = StockMovementKind.Ajuste; return true;
            case "TRANSFERENCIA": kind = StockMovementKind.Transferencia; return true;
            default: return false;
        }
    }
}
