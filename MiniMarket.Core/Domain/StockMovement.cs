namespace MiniMarket.Core.Domain;

/// <summary>
/// A stock movement already applied to a stock level: <see cref="StockAfter"/> = <see cref="StockBefore"/> + <see cref="Quantity"/>.
/// Built only by <see cref="Apply"/>, which checks every rule and refuses a movement that would leave negative stock,
/// so whoever persists it can write it as is. Quantities are signed: entrada &gt; 0, salida &lt; 0, ajuste and transferencia
/// either sign (transferencia: negative leaves for another branch, positive arrives from one), never 0.
/// </summary>
public sealed record StockMovement
{
    public const int MaxReferenceLength = 100;
    public const int MaxReasonLength = 200;
    public const int MaxUserLength = 100;
    public const int MaxOriginAgentLength = 50;
    public const int MaxIdempotencyKeyLength = 100;

    /// <summary>The most units one movement moves, either way.</summary>
    public const int MaxQuantity = 100_000;

    private StockMovement()
    {
    }

    public ProductCode ProductCode { get; private init; }

    public StockMovementKind Kind { get; private init; }

    /// <summary>Signed units: positive adds stock, negative removes it.</summary>
    public int Quantity { get; private init; }

    public int StockBefore { get; private init; }

    public int StockAfter { get; private init; }

    /// <summary>Why (sale, waste, count...); null when not given.</summary>
    public string? Reason { get; private init; }

    /// <summary>Invoice number, order id or, for a transferencia, the other branch; null when not given.</summary>
    public string? Reference { get; private init; }

    /// <summary>Unit price, &gt; 0 when present.</summary>
    public Ars? UnitPrice { get; private init; }

    public string? User { get; private init; }

    /// <summary>The agent that asked for it ("deposito", "negocio", ...); null when not given.</summary>
    public string? OriginAgent { get; private init; }

    /// <summary>Client-chosen key: the same key twice applies once and returns the first result.</summary>
    public string IdempotencyKey { get; private init; } = string.Empty;

    /// <summary>
    /// Checks the movement against the stock on hand and returns it with before/after. Throws <see cref="DomainException"/>
    /// (field "quantity") with "No hay stock suficiente: quedan 3, se piden 5" when the result would be negative.
    /// Text fields are trimmed; blank optional ones become null.
    /// </summary>
    public static StockMovement Apply(
        int stockBefore,
        ProductCode productCode,
        StockMovementKind kind,
        int quantity,
        string? idempotencyKey,
        string? reason = null,
        string? reference = null,
        Ars? unitPrice = null,
        string? user = null,
        string? originAgent = null)
    {
        if (productCode.Value.Length == 0)
        {
            throw new DomainException("productCode", "El código de producto es obligatorio");
        }

        var (trimmedReason, trimmedReference) = CheckOwnRules(kind, quantity, reason, reference, unitPrice);
        var key = TextInput.RequiredName(idempotencyKey, "idempotencyKey", MaxIdempotencyKeyLength, "La clave de idempotencia es obligatoria");
        var trimmedUser = DomainText.TrimToNull(user);
        CheckLength("user", "El usuario", trimmedUser, MaxUserLength);
        var trimmedAgent = DomainText.TrimToNull(originAgent);
        CheckLength("originAgent", "El agente de origen", trimmedAgent, MaxOriginAgentLength);

        if (stockBefore < 0)
        {
            throw new DomainException("stockBefore", $"El stock previo no puede ser negativo ({stockBefore})");
        }

        var after = (long)stockBefore + quantity;
        if (after < 0)
        {
            throw new DomainException("quantity", $"No hay stock suficiente: quedan {stockBefore}, se piden {-(long)quantity}");
        }

        if (after > int.MaxValue)
        {
            throw new DomainException("quantity", $"El stock resultante ({after}) es demasiado grande");
        }

        return new StockMovement
        {
            ProductCode = productCode,
            Kind = kind,
            Quantity = quantity,
            StockBefore = stockBefore,
            StockAfter = (int)after,
            Reason = trimmedReason,
            Reference = trimmedReference,
            UnitPrice = unitPrice,
            User = trimmedUser,
            OriginAgent = trimmedAgent,
            IdempotencyKey = key,
        };
    }

    /// <summary>
    /// A movement's own rules, which need no stock: a known kind, a quantity within <see cref="MaxQuantity"/> with the
    /// kind's sign, one-line reason and reference, a transferencia's reference, a positive price. What a request is checked
    /// against before any lock; <see cref="Apply"/> checks them too. Throws <see cref="DomainException"/> naming the field.
    /// </summary>
    public static void Check(StockMovementKind kind, int quantity, string? reason = null, string? reference = null, Ars? unitPrice = null) =>
        CheckOwnRules(kind, quantity, reason, reference, unitPrice);

    private static (string? Reason, string? Reference) CheckOwnRules(StockMovementKind kind, int quantity, string? reason, string? reference, Ars? unitPrice)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("kind", $"Tipo de movimiento desconocido ({(int)kind})");
        }

        if (Math.Abs((long)quantity) > MaxQuantity)
        {
            throw new DomainException("quantity", $"Cantidad fuera de rango: {quantity} (máximo {MaxQuantity} unidades por movimiento).");
        }

        // One line each, no control or format characters: they are shown in lists and exported to CSV.
        var trimmedReference = TextInput.Name(reference, "reference", MaxReferenceLength);
        var trimmedReason = TextInput.Name(reason, "reason", MaxReasonLength);
        CheckSign(kind, quantity);
        if (kind == StockMovementKind.Transferencia && trimmedReference is null)
        {
            throw new DomainException("reference", "Una transferencia debe indicar en la referencia la sucursal de origen o destino");
        }

        if (unitPrice is { } price && price.Amount <= 0m)
        {
            throw new DomainException("unitPrice", $"El precio unitario debe ser mayor que cero (se recibió {price})");
        }

        return (trimmedReason, trimmedReference);
    }

    private static void CheckSign(StockMovementKind kind, int quantity)
    {
        if (quantity == 0)
        {
            throw new DomainException("quantity", "La cantidad no puede ser cero");
        }

        if (kind == StockMovementKind.Entrada && quantity < 0)
        {
            throw new DomainException("quantity", $"En una entrada la cantidad debe ser positiva (se recibió {quantity})");
        }

        if (kind == StockMovementKind.Salida && quantity > 0)
        {
            throw new DomainException("quantity", $"En una salida la cantidad debe ser negativa (se recibió {quantity})");
        }
    }

    private static void CheckLength(string field, string what, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            throw new DomainException(field, $"{what} tiene {value.Length} caracteres; el máximo es {max}");
        }
    }
}
