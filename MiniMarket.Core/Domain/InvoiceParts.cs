namespace MiniMarket.Core.Domain;

/// <summary>
/// One line of an invoice as printed: quantity (may be fractional: 1,5 kg), unit price, amount (≈ quantity × unit price)
/// and the IVA rate that applies to it. On a factura A amounts are net of IVA; on B and C they include it.
/// Not validated on construction (an OCR'd invoice must be representable with its mistakes): see <see cref="AfipInvoice.Validate"/>.
/// </summary>
public sealed record InvoiceLine(string Code, string Description, decimal Quantity, Ars UnitPrice, Ars Amount, IvaRate IvaRate);

/// <summary>Issuer or receiver of an invoice. Unknown values are null; <see cref="AfipInvoice.Validate"/> says which are required.</summary>
public sealed record InvoiceParty(string Name, Cuit? Cuit, IvaCondition? IvaCondition, string? Address = null);

/// <summary>The IVA discriminated for one rate ("IVA 21 %: $ 2.100,00").</summary>
public sealed record IvaAmount(IvaRate Rate, Ars Amount);

/// <summary>
/// Something on an invoice that needs a person's review. <see cref="Field"/> is the JSON path of the value at fault
/// ("total", "lines[2].amount", "receiver.ivaCondition"); <see cref="Message"/> explains it in Spanish.
/// </summary>
public sealed record InvoiceProblem(string Field, string Message);
