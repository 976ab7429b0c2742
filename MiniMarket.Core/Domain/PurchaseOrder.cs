namespace MiniMarket.Core.Domain;

/// <summary>One product on a purchase order: ordered quantity, agreed unit price and how much has arrived so far.</summary>
public sealed record PurchaseOrderLine(ProductCode ProductCode, int Quantity, Ars UnitPrice, int ReceivedQuantity = 0)
{
    public int PendingQuantity => Quantity - ReceivedQuantity;

    public bool IsFullyReceived => ReceivedQuantity >= Quantity;

    public Ars Subtotal => UnitPrice * Quantity;
}

/// <summary>
/// A purchase order to one supplier, immutable: every operation returns a new order or throws <see cref="DomainException"/>.
/// borrador → <see cref="Send"/> → enviada → <see cref="Receive()"/> (all, or partially line by line) → recibida;
/// <see cref="Cancel"/> from borrador or enviada (also after a partial receipt: what arrived stays in stock).
/// </summary>
public sealed record PurchaseOrder
{
    private PurchaseOrder(Guid supplierId, IReadOnlyList<PurchaseOrderLine> lines, PurchaseOrderState state)
    {
        SupplierId = supplierId;
        Lines = lines;
        State = state;
    }

    public Guid SupplierId { get; }

    public IReadOnlyList<PurchaseOrderLine> Lines { get; }

    public PurchaseOrderState State { get; }

    public Ars Total => Ars.Sum(Lines.Select(l => l.Subtotal));

    public bool IsFullyReceived => Lines.All(l => l.IsFullyReceived);

    /// <summary>
    /// A new order in borrador. Rules: a supplier, at least one line, each product once, quantity &gt; 0, unit price &gt; 0.
    /// Received quantities of the given lines are ignored (a new order has received nothing).
    /// </summary>
    public static PurchaseOrder Create(Guid supplierId, IEnumerable<PurchaseOrderLine> lines)
    {
        if (supplierId == Guid.Empty)
        {
            throw new DomainException("supplierId", "La orden de compra debe tener un proveedor");
        }

        var list = lines.ToList();
        if (list.Count == 0)
        {
            throw new DomainException("lines", "La orden de compra no tiene líneas");
        }

        var seen = new HashSet<ProductCode>();
        for (var i = 0; i < list.Count; i++)
        {
            var line = list[i];
            if (line.ProductCode.Value.Length == 0)
            {
                throw new DomainException($"lines[{i}].productCode", $"Falta el producto en la línea {i + 1}");
            }

            if (!seen.Add(line.ProductCode))
            {
                throw new DomainException($"lines[{i}].productCode", $"El producto {line.ProductCode} aparece más de una vez en la orden");
            }

            if (line.Quantity <= 0)
            {
                throw new DomainException($"lines[{i}].quantity", $"La cantidad de {line.ProductCode} debe ser mayor que cero (se recibió {line.Quantity})");
            }

            if (!line.UnitPrice.IsPositive)
            {
                throw new DomainException($"lines[{i}].unitPrice", $"El precio unitario de {line.ProductCode} debe ser mayor que cero (se recibió {line.UnitPrice})");
            }

            list[i] = line with { ReceivedQuantity = 0 };
        }

        return new PurchaseOrder(supplierId, list.AsReadOnly(), PurchaseOrderState.Borrador);
    }

    /// <summary>borrador → enviada.</summary>
    public PurchaseOrder Send() => MoveTo(PurchaseOrderState.Enviada, Lines);

    /// <summary>borrador | enviada → cancelada.</summary>
    public PurchaseOrder Cancel() => MoveTo(PurchaseOrderState.Cancelada, Lines);

    /// <summary>Receives everything still pending: enviada → recibida.</summary>
    public PurchaseOrder Receive()
    {
        PurchaseOrderStateMachine.EnsureCanTransition(State, PurchaseOrderState.Recibida);
        return MoveTo(PurchaseOrderState.Recibida, Lines.Select(l => l with { ReceivedQuantity = l.Quantity }).ToList());
    }

    /// <summary>
    /// Receives part of one line (only while enviada). Receiving more than is pending is refused. When every line is
    /// complete the order becomes recibida; otherwise it stays enviada.
    /// </summary>
    public PurchaseOrder Receive(ProductCode productCode, int quantity) =>
        Receive(new Dictionary<ProductCode, int> { [productCode] = quantity });

    /// <summary>Receives several lines at once (all or nothing): product code → units arrived now.</summary>
    public PurchaseOrder Receive(IReadOnlyDictionary<ProductCode, int> quantities)
    {
        if (State != PurchaseOrderState.Enviada)
        {
            throw new DomainException("state", $"Solo se puede recibir mercadería de una orden enviada (esta está {State.ToWireName()})");
        }

        if (quantities.Count == 0)
        {
            throw new DomainException("lines", "No se indicó ninguna cantidad recibida");
        }

        var updated = Lines.ToList();
        foreach (var (code, quantity) in quantities)
        {
            var index = updated.FindIndex(l => l.ProductCode == code);
            if (index < 0)
            {
                throw new DomainException("productCode", $"El producto {code} no está en la orden");
            }

            var line = updated[index];
            if (quantity <= 0)
            {
                throw new DomainException($"lines[{index}].quantity", $"La cantidad recibida de {code} debe ser mayor que cero (se recibió {quantity})");
            }

            if (quantity > line.PendingQuantity)
            {
                throw new DomainException($"lines[{index}].quantity", $"No se pueden recibir {quantity} de {code}: quedan {line.PendingQuantity} pendientes de {line.Quantity} pedidos");
            }

            updated[index] = line with { ReceivedQuantity = line.ReceivedQuantity + quantity };
        }

        var complete = updated.All(l => l.IsFullyReceived);
        return complete ? MoveTo(PurchaseOrderState.Recibida, updated) : new PurchaseOrder(SupplierId, updated.AsReadOnly(), State);
    }

    private PurchaseOrder MoveTo(PurchaseOrderState target, IReadOnlyList<PurchaseOrderLine> lines)
    {
        PurchaseOrderStateMachine.EnsureCanTransition(State, target);
        return new PurchaseOrder(SupplierId, lines is List<PurchaseOrderLine> l ? l.AsReadOnly() : lines, target);
    }
}
