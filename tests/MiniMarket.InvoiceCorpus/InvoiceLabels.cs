using MiniMarket.Core.Domain;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// The exact label strings the renderer prints, as AFIP's "comprobante en línea" does. A label is followed by one space
/// and its value ("CUIT: 30-71234567-1"); money values read "$ 12.345,67" (es-AR), dates "dd/MM/yyyy".
/// </summary>
public static class InvoiceLabels
{
    public const string Original = "ORIGINAL";
    public const string Factura = "FACTURA";

    /// <summary>"COD. 01", "COD. 06", "COD. 11": printed under the letter.</summary>
    public static string Code(InvoiceType type) => $"COD. {type.Code():D2}";

    // Header, left half (issuer).
    public const string IssuerName = "Razón Social:";
    public const string IssuerAddress = "Domicilio Comercial:";
    public const string IvaCondition = "Condición frente al IVA:";

    // Header, right half (voucher and issuer tax data).
    public const string PointOfSale = "Punto de Venta:";
    public const string VoucherNumber = "Comp. Nro:";
    public const string IssueDate = "Fecha de Emisión:";
    public const string Cuit = "CUIT:";
    public const string GrossIncome = "Ingresos Brutos:";
    public const string ActivityStart = "Fecha de Inicio de Actividades:";

    // Receiver box ("CUIT:" and "Condición frente al IVA:" again, for the receiver).
    public const string ReceiverName = "Apellido y Nombre / Razón Social:";
    public const string ReceiverAddress = "Domicilio:";
    public const string SaleCondition = "Condición de venta:";

    // Lines table header.
    public const string ColumnCode = "Código";
    public const string ColumnProduct = "Producto / Servicio";
    public const string ColumnQuantity = "Cantidad";
    public const string ColumnUnit = "U. Medida";
    public const string ColumnUnitPrice = "Precio Unit.";
    public const string ColumnDiscount = "% Bonif";
    public const string ColumnSubtotal = "Subtotal";
    public const string ColumnIvaRate = "Alícuota IVA";
    public const string ColumnSubtotalWithIva = "Subtotal c/IVA";

    // Totals (bottom right). Factura A: net, one row per IVA rate (all six, zero when unused), other taxes, total.
    public const string NetTaxed = "Importe Neto Gravado:";
    public const string Subtotal = "Subtotal:";
    public const string OtherTaxes = "Importe Otros Tributos:";
    public const string Total = "Importe Total:";

    /// <summary>The IVA rows of a factura A, top to bottom, with the rate each one is for.</summary>
    public static IReadOnlyList<(string Label, decimal Percent)> IvaRows { get; } =
    [
        ("IVA 27%:", 27m), ("IVA 21%:", 21m), ("IVA 10,5%:", 10.5m), ("IVA 5%:", 5m), ("IVA 2,5%:", 2.5m), ("IVA 0%:", 0m),
    ];

    // "Otros tributos" box (bottom left, only when there are any): one row per tax, then OtherTaxes again.
    public const string OtherTaxesTitle = "Otros tributos";
    public const string TaxDescription = "Descripción";
    public const string TaxRate = "Alíc. %";
    public const string TaxAmount = "Importe";

    // Factura B only (bottom left): Ley 27.743, informative.
    public const string TransparencyTitle = "Régimen de Transparencia Fiscal al Consumidor (Ley 27.743)";
    public const string IvaContained = "IVA Contenido:";
    public const string OtherIndirectTaxes = "Otros Impuestos Nacionales Indirectos:";

    // Footer.
    public const string Page = "Pág. 1/1";
    public const string Cae = "CAE N°:";
    public const string CaeDueDate = "Fecha de Vto. de CAE:";
    public const string Authorized = "Comprobante Autorizado";
}
