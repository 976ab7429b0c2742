using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// <see cref="InvoiceLayouts.TresColumnas"/>, the layout a tester brought and the extractor did not parse: the header in
/// three columns that share the same text rows — the issuer (name largest and bold at the top left, on two lines when
/// long, then address, IVA condition, CUIT), the type square, the voucher ("FACTURA", number, date, gross income,
/// activity start); the receiver in a box; lines "Código | Producto / Servicio | Cantidad | Precio Unit. | Subtotal"
/// between rules; totals "Importe Neto Gravado: $ 191.102,29" with only the IVA rates used and each other tax on its row.
/// </summary>
internal sealed class TresColumnasLayout : LayoutRenderer
{
    private readonly float _nameScale;
    private readonly float _issuerShare;
    private readonly float _square;
    private readonly bool _headerBox;
    private readonly bool _totalsBox;
    private readonly bool _totalsUnderTable;
    private readonly float _qrSize;
    private readonly string _product;
    private readonly string _unitPrice;
    private readonly string _amount;

    public TresColumnasLayout(InvoiceTruth truth, int seed)
        : this(truth, seed, RandomFor(seed, 2))
    {
    }

    private TresColumnasLayout(InvoiceTruth truth, int seed, Random random)
        : base(truth, seed, StyleFor(seed, 2), LayoutWording.Erp(random))
    {
        _nameScale = 1.7f + 0.6f * (float)random.NextDouble();
        _issuerShare = 0.40f + 0.06f * (float)random.NextDouble();
        _square = random.Next(110, 141);
        _headerBox = random.Next(2) == 0;
        _totalsBox = random.Next(2) == 0;
        _totalsUnderTable = random.Next(2) == 0;
        _qrSize = random.Next(140, 171);
        _product = random.Next(4) == 0 ? "Descripción" : "Producto / Servicio";
        _unitPrice = random.Next(4) == 0 ? "P. Unitario" : "Precio Unit.";
        _amount = random.Next(4) == 0 ? "Importe" : "Subtotal";
    }

    public override TableLook Look => TableLook.Rules;

    public override bool BottomOnFooter => !_totalsUnderTable;

    public override IReadOnlyList<TableColumn> Columns() =>
    [
        new("Código", false, l => l.Code),
        new(_product, false, l => l.Description, ColumnRole.Description),
        new("Cantidad", true, l => ArsFormat.Number(l.Quantity)),
        new(_unitPrice, true, l => ArsFormat.Number(l.UnitPrice)),
        new(_amount, true, l => ArsFormat.Number(l.Amount), ColumnRole.Amount),
    ];

    public override float DrawFirstHeader(PageCanvas page)
    {
        var pad = page.FontPx * 0.6f;
        var small = page.FontPx * 0.85f;
        page.Text(Wording.Copy, Right, Top, bold: true, small, SKTextAlign.Right);
        var top = Top + page.LineHeight(small);
        var issuerRight = Left + (Right - Left) * _issuerShare;
        var squareX = issuerRight + pad * 1.5f;
        var voucherX = squareX + _square + pad * 2.5f;
        var voucherRight = Right - pad;

        // The issuer: the name as big as the style says, shrunk only if it would take more than two lines.
        var x = Left + pad;
        var nameSize = page.FontPx * _nameScale;
        var name = page.Wrap(Truth.Issuer.Name, issuerRight - x, bold: true, nameSize);
        while (name.Count > 2 && nameSize > page.FontPx * 1.2f)
        {
            nameSize -= 2f;
            name = page.Wrap(Truth.Issuer.Name, issuerRight - x, bold: true, nameSize);
        }

        var y = top + pad;
        foreach (var line in name)
        {
            page.Text(line, x, y, bold: true, nameSize);
            y += page.LineHeight(nameSize) * 0.9f;
        }

        y = page.Paragraph(Truth.Issuer.Address, x, y + pad * 0.5f, issuerRight - x);
        y = Condition(page, Truth.Issuer.IvaCondition, Wording.IssuerIva, x, y, issuerRight);
        y = page.LabelValue(Wording.Cuit, Cuit(Truth.Issuer.Cuit), x, y, issuerRight);

        var squareBottom = LetterSquare(page, squareX, top + pad, _square);

        var titleSize = page.FontPx * 1.7f;
        var v = top + pad;
        page.Text(InvoiceLabels.Factura, voucherX, v, bold: true, titleSize);
        v += page.LineHeight(titleSize);
        v = page.LabelValue(Wording.NumberLabel, LayoutWording.FullNumber(Truth, Style), voucherX, v, voucherRight, boldValue: true);
        v = page.LabelValue(Wording.IssueDate, Date(Truth.IssueDate), voucherX, v, voucherRight, boldValue: true);
        v = page.LabelValue(Wording.GrossIncome, Truth.Issuer.GrossIncomeNumber, voucherX, v, voucherRight);
        v = page.LabelValue(Wording.ActivityStart, Date(Truth.Issuer.ActivityStart), voucherX, v, voucherRight);

        var bottom = Math.Max(Math.Max(y, v), squareBottom) + pad;
        if (_headerBox)
        {
            page.Box(new SKRect(Left, top, Right, bottom));
        }
        else
        {
            page.Line(Left, bottom, Right, bottom, 2f);
        }

        return DrawReceiver(page, bottom + page.LineHeight() * 0.6f);
    }

    public override float BottomHeight(PageCanvas page)
    {
        var (_, _, _, height) = MeasureTotals(page);
        return Math.Max(height, TransparencyLines(page).Count * page.LineHeight());
    }

    public override void DrawBottom(PageCanvas page, float top)
    {
        var pad = page.FontPx * 0.6f;
        var (rows, labelWidth, width, height) = MeasureTotals(page);
        var boxLeft = Right - width;
        if (_totalsBox)
        {
            page.Box(new SKRect(boxLeft, top, Right, top + height), 2f);
        }

        var y = top + pad;
        foreach (var (label, amount, bold) in rows)
        {
            page.Text(label, boxLeft + pad + labelWidth, y, bold: true, align: SKTextAlign.Right);
            page.Text(Money(amount), Right - pad, y, bold, align: SKTextAlign.Right);
            y += page.LineHeight();
        }

        // The title in bold, the amount under it in regular.
        var transparency = TransparencyLines(page);
        for (var i = 0; i < transparency.Count; i++)
        {
            page.Text(transparency[i], Left, top + i * page.LineHeight(), bold: i < transparency.Count - 1);
        }
    }

    public override float FooterHeight(PageCanvas page, bool last) => QrFooterHeight(page, last, _qrSize);

    public override void DrawFooter(PageCanvas page, float top, int pageNumber, int pageCount, bool last) =>
        QrCaeFooter(page, top, Wording.Page(pageNumber, pageCount), last, _qrSize);

    private float DrawReceiver(PageCanvas page, float top)
    {
        var pad = page.FontPx * 0.6f;
        var x = Left + pad;
        var inner = Right - pad;
        var half = Left + (Right - Left) * 0.5f;
        var y = page.LabelValue(Wording.ReceiverName, Truth.Receiver.Name, x, top + pad, inner);
        var a = page.LabelValue(Wording.Cuit, Cuit(Truth.Receiver.Cuit), x, y, half - pad);
        var b = Condition(page, Truth.Receiver.IvaCondition, Wording.ReceiverIva, half, y, inner);
        y = page.LabelValue(Wording.ReceiverAddress, Truth.Receiver.Address, x, Math.Max(a, b), inner);
        y = page.LabelValue(Wording.SaleCondition, Truth.SaleCondition, x, y, inner);
        var bottom = y + pad * 0.5f;
        page.Box(new SKRect(Left, top, Right, bottom));
        return bottom;
    }

    private (List<(string Label, decimal Amount, bool Bold)> Rows, float LabelWidth, float Width, float Height) MeasureTotals(PageCanvas page)
    {
        var pad = page.FontPx * 0.6f;
        var rows = Wording.TotalRows(Truth);
        var labelWidth = rows.Max(r => page.Width(r.Label, bold: true));
        var amountWidth = rows.Max(r => page.Width(Money(r.Amount), bold: true));
        return (rows, labelWidth, labelWidth + amountWidth + pad * 3, rows.Count * page.LineHeight() + 2 * pad);
    }

    // Factura B (Ley 27.743): the IVA the prices contain, at the bottom left, beside the totals.
    private List<string> TransparencyLines(PageCanvas page)
    {
        if (Truth.Type != InvoiceType.B)
        {
            return [];
        }

        var width = (Right - Left) - MeasureTotals(page).Width - page.FontPx * 2;
        var lines = page.Wrap(InvoiceLabels.TransparencyTitle, width, bold: true);
        lines.Add($"{InvoiceLabels.IvaContained} {Money(Truth.IvaContained)}");
        return lines;
    }
}
