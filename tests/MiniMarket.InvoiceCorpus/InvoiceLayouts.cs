namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// The page layouts of the corpus: the ways real Argentine invoices are printed. Every layout prints every field the OCR
/// is expected to read (type letter and code, point of sale and number, issue date, issuer name, CUIT, IVA condition and
/// address, receiver name, CUIT and IVA condition, CAE and its due date, the lines, subtotal or net, IVA by rate on a
/// factura A, other taxes, total) but with its own arrangement and label wording. Fonts, sizes and margins come from the seed.
/// </summary>
public static class InvoiceLayouts
{
    /// <summary>
    /// AFIP's own "comprobante en línea": "ORIGINAL", "DUPLICADO" or "TRIPLICADO" strip, two-half header with the letter
    /// square, receiver box, lines with a grey header band, totals at the bottom right (all six IVA rates on an A), QR
    /// code and CAE in the footer. The labels are <see cref="InvoiceLabels"/>.
    /// </summary>
    public const string Afip = "afip";

    /// <summary>
    /// Header in three columns sharing the same text rows: the issuer (name largest, bold, often on two lines; address,
    /// IVA condition, CUIT), the type box, the voucher (FACTURA, number, date, gross income, activity start). Lines table
    /// "Código | Producto / Servicio | Cantidad | Precio Unit. | Subtotal" between rules; totals like
    /// "Importe Neto Gravado: $ 191.102,29" with only the rates used and each other tax on its own row.
    /// </summary>
    public const string TresColumnas = "tres-columnas";

    /// <summary>
    /// An ERP print: key/value cells with borders, the lines as a full grid with a shaded header row and the quantity
    /// first ("Cant. | Código | Artículo | P. Unitario | % IVA | Importe"), totals in a grid, CAE beside the QR code.
    /// </summary>
    public const string ErpGrilla = "erp-grilla";

    /// <summary>
    /// A pre-printed form: every column header of the lines table on two text lines ("Precio" over "Unitario",
    /// "Importe" over "Neto"), the issuer's tax data on one band under the header, totals as a band of cells with the
    /// label over the amount.
    /// </summary>
    public const string Encabezado2Lineas = "encabezado-2-lineas";

    /// <summary>Every layout, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Afip, TresColumnas, ErpGrilla, Encabezado2Lineas];

    /// <summary>The position of <paramref name="layout"/> in <see cref="All"/>; an <see cref="ArgumentException"/> naming them otherwise.</summary>
    internal static int IndexOf(string layout)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], layout, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown invoice layout '{layout}': use one of {string.Join(", ", All)}", nameof(layout));
    }
}

/// <summary>How an invoice's lines are spread over pages.</summary>
public enum InvoicePaging
{
    /// <summary>
    /// One page when everything fits (the table font may shrink to 8.6 pt), else two; besides, the seed splits some
    /// invoices of 4 lines or more over two pages even when they would fit, as ERPs that print a fixed number of lines do.
    /// </summary>
    FromSeed,

    /// <summary>Always one page: throws <see cref="InvalidOperationException"/> when the invoice does not fit.</summary>
    OnePage,

    /// <summary>Always two pages (the invoice needs at least 2 lines); the seed chooses where the table breaks.</summary>
    TwoPages,
}
