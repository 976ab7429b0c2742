using System.Globalization;
using MiniMarket.Core.Domain;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// The label wording of one rendered invoice: AFIP's fixed strings for <see cref="InvoiceLayouts.Afip"/>, drawn from
/// the seed among the variants Argentine ERPs print for the other layouts. Every IVA condition text printed here is one
/// <see cref="IvaConditions.TryParse"/> understands ("IVA Responsable Inscripto", "Resp. Inscripto", "Responsable
/// Monotributo", "IVA Sujeto Exento", ...). Money is "$ 12.345,67" and dates dd/MM/yyyy whatever the wording.
/// </summary>
internal sealed record LayoutWording(
    string Copy,
    string Cuit,
    string NumberLabel,
    string IssueDate,
    string GrossIncome,
    string ActivityStart,
    string IssuerIva,
    string ReceiverName,
    string ReceiverAddress,
    string ReceiverIva,
    string SaleCondition,
    string Net,
    string Subtotal,
    string Total,
    string Cae,
    string CaeDueDate,
    string PageFormat,
    string CodeFormat,
    bool CarryTotal,
    int IvaRowStyle,
    int TaxStyle,
    int ConditionStyle)
{
    public const string Transport = "Transporte";
    public const string Continues = "Continúa en la página siguiente";

    public static string[] Copies { get; } = ["ORIGINAL", "DUPLICADO", "TRIPLICADO"];

    /// <summary>AFIP's "comprobante en línea" (the copy is drawn: ORIGINAL mostly, else DUPLICADO or TRIPLICADO).</summary>
    public static LayoutWording Afip(Random random) => new(
        Copy: Weighted(random, (Copies[0], 60), (Copies[1], 30), (Copies[2], 10)),
        InvoiceLabels.Cuit, InvoiceLabels.VoucherNumber, InvoiceLabels.IssueDate, InvoiceLabels.GrossIncome,
        InvoiceLabels.ActivityStart, InvoiceLabels.IvaCondition, InvoiceLabels.ReceiverName, InvoiceLabels.ReceiverAddress,
        InvoiceLabels.IvaCondition, InvoiceLabels.SaleCondition, InvoiceLabels.NetTaxed, InvoiceLabels.Subtotal,
        InvoiceLabels.Total, InvoiceLabels.Cae, InvoiceLabels.CaeDueDate, "Pág. {0}/{1}", "COD. {0:D2}",
        CarryTotal: random.Next(2) == 0, IvaRowStyle: 0, TaxStyle: 0, ConditionStyle: 0);

    /// <summary>An ERP's wording, drawn from <paramref name="random"/>.</summary>
    public static LayoutWording Erp(Random random) => new(
        Copy: Weighted(random, (Copies[0], 70), (Copies[1], 25), (Copies[2], 5)),
        Cuit: Pick(random, "CUIT:", "C.U.I.T.:", "CUIT N°:"),
        NumberLabel: Pick(random, "N°", "Nº", "Nro.", "Número:"),
        IssueDate: Pick(random, "Fecha:", "Fecha de Emisión:", "Fecha Emisión:"),
        GrossIncome: Pick(random, "Ingresos Brutos:", "IIBB:", "Ing. Brutos:"),
        ActivityStart: Pick(random, "Inicio de Actividades:", "Fecha de Inicio de Actividades:", "Inicio Act.:"),
        IssuerIva: Pick(random, "Condición frente al IVA:", "Cond. IVA:", "IVA:"),
        ReceiverName: Pick(random, "Señor(es):", "Cliente:", "Razón Social:", "Apellido y Nombre / Razón Social:"),
        ReceiverAddress: Pick(random, "Domicilio:", "Dirección:"),
        ReceiverIva: Pick(random, "Condición frente al IVA:", "Cond. IVA:", "IVA:"),
        SaleCondition: Pick(random, "Condición de venta:", "Cond. de Venta:", "Forma de pago:"),
        Net: Pick(random, "Importe Neto Gravado:", "Neto Gravado:", "Subtotal:", "Importe Neto:"),
        Subtotal: Pick(random, "Subtotal:", "Sub Total:"),
        Total: Pick(random, "Importe Total:", "TOTAL:", "Total:", "IMPORTE TOTAL:"),
        Cae: Pick(random, "CAE N°:", "C.A.E.:", "CAE:"),
        CaeDueDate: Pick(random, "Fecha de Vto. de CAE:", "Vto. CAE:", "Vencimiento CAE:"),
        PageFormat: Pick(random, "Hoja {0} de {1}", "Página {0} de {1}", "Pág. {0}/{1}"),
        CodeFormat: Pick(random, "COD. {0:D2}", "Cód. {0:D2}", "Código N° {0:D2}"),
        CarryTotal: random.Next(2) == 0,
        IvaRowStyle: random.Next(3),
        TaxStyle: random.Next(3),
        ConditionStyle: random.Next(4));

    /// <summary>"Hoja 2 de 2".</summary>
    public string Page(int number, int count) => string.Format(CultureInfo.InvariantCulture, PageFormat, number, count);

    /// <summary>"Cód. 01" under the letter.</summary>
    public string Code(InvoiceType type) => string.Format(CultureInfo.InvariantCulture, CodeFormat, type.Code());

    /// <summary>"00003-00012345" with the style's point-of-sale digits.</summary>
    public static string FullNumber(InvoiceTruth truth, RenderStyle style) =>
        truth.PointOfSale.ToString(style.PointOfSaleDigits == 5 ? "D5" : "D4", CultureInfo.InvariantCulture) + "-" +
        truth.Number.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>
    /// An IVA condition as printed: (label, value), or (null, value) when the value stands alone ("IVA Responsable
    /// Inscripto" is printed without a label on many invoices).
    /// </summary>
    public (string? Label, string Value) Condition(IvaCondition condition, string label)
    {
        string[] variants = condition switch
        {
            IvaCondition.ResponsableInscripto => ["Responsable Inscripto", "IVA Responsable Inscripto", "IVA Resp. Inscripto", "Resp. Inscripto"],
            IvaCondition.Monotributista => ["Monotributista", "Responsable Monotributo", "Monotributo", "Responsable Monotributo"],
            IvaCondition.Exento => ["Exento", "IVA Sujeto Exento", "IVA Exento", "Exento"],
            _ => ["Consumidor Final", "Consumidor Final", "IVA Consumidor Final", "Consumidor Final"],
        };
        var value = variants[ConditionStyle];
        return value.StartsWith("IVA ", StringComparison.Ordinal) ? (null, value) : (label, value);
    }

    /// <summary>"IVA 21%:", "IVA 21,00%:" or "I.V.A. 10,5%:".</summary>
    public string IvaRow(IvaRate rate) => IvaRowStyle switch
    {
        0 => $"IVA {InvoiceRenderer.Percent(rate.Percent)}:",
        1 => $"IVA {rate.Percent.ToString("0.00", ArsFormat.NumberFormat)}%:",
        _ => $"I.V.A. {InvoiceRenderer.Percent(rate.Percent)}:",
    };

    /// <summary>One other tax with its rate: "Percepción IIBB 3,5%:", "Perc. IVA 3%:", "Imp. Internos 8%:".</summary>
    public string Tax(TaxTruth tax)
    {
        var name = (tax.Kind, tax.Description.Contains("IVA", StringComparison.Ordinal)) switch
        {
            (TaxKind.InternalTax, _) => TaxStyle == 1 ? "Imp. Internos" : "Impuestos Internos",
            (_, true) => TaxStyle == 1 ? "Perc. IVA" : "Percepción IVA",
            _ => TaxStyle switch { 0 => "Percepción IIBB", 1 => "Perc. IIBB", _ => "Percepción Ingresos Brutos" },
        };
        return $"{name} {InvoiceRenderer.Percent(tax.RatePercent)}:";
    }

    /// <summary>The totals as rows: net (A) or subtotal, IVA per rate used (A), each other tax, total (bold).</summary>
    public List<(string Label, decimal Amount, bool Bold)> TotalRows(InvoiceTruth truth)
    {
        var rows = new List<(string, decimal, bool)> { (truth.Type == InvoiceType.A ? Net : Subtotal, truth.Subtotal, false) };
        rows.AddRange(truth.Iva.Select(i => (IvaRow(i.Rate), i.Amount, false)));
        rows.AddRange(truth.Taxes.Select(t => (Tax(t), t.Amount, false)));
        rows.Add((Total, truth.Total, true));
        return rows;
    }

    private static T Pick<T>(Random random, params T[] items) => items[random.Next(items.Length)];

    private static T Weighted<T>(Random random, params (T Item, int Weight)[] items)
    {
        var roll = random.Next(items.Sum(i => i.Weight));
        foreach (var (item, weight) in items)
        {
            if (roll < weight)
            {
                return item;
            }

            roll -= weight;
        }

        return items[^1].Item;
    }
}
