using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// <see cref="InvoiceLayouts.Encabezado2Lineas"/>: a pre-printed form. The header box has the issuer at the left, the
/// type square on its top edge and "FACTURA", number and date at the right, and under them one band with the issuer's
/// CUIT, gross income and activity start; the receiver in a box; the lines table with its column headers on two text
/// lines ("Cód." over "Artículo", "Precio" over "Unitario", "Importe" over "Neto"); the totals as a band of cells, each
/// label over its amount, at the bottom right.
/// </summary>
internal sealed class EncabezadoDosLineasLayout : LayoutRenderer
{
    private readonly float _nameScale;
    private readonly float _square;
    private readonly float _qrSize;
    private readonly TableLook _look;

    public EncabezadoDosLineasLayout(InvoiceTruth truth, int seed)
        : this(truth, seed, RandomFor(seed, 4))
    {
    }

    private EncabezadoDosLineasLayout(InvoiceTruth truth, int seed, Random random)
        : base(truth, seed, StyleFor(seed, 4), LayoutWording.Erp(random))
    {
        _nameScale = 1.4f + 0.4f * (float)random.NextDouble();
        _square = random.Next(115, 141);
        _qrSize = random.Next(220, 261);
        _look = random.Next(2) == 0 ? TableLook.Rules : TableLook.Band;
    }

    public override TableLook Look => _look;

    public override IReadOnlyList<TableColumn> Columns()
    {
        var a = Truth.Type == InvoiceType.A;
        var columns = new List<TableColumn>
        {
            new("Cód.\nArtículo", false, l => l.Code),
            new("Descripción", false, l => l.Description, ColumnRole.Description),
            new("Cantidad", true, l => ArsFormat.Number(l.Quantity)),
            new("Unidad\nde Medida", false, l => l.Unit),
            new("Precio\nUnitario", true, l => ArsFormat.Number(l.UnitPrice)),
        };
        if (a)
        {
            columns.Add(new("Alícuota\nIVA", true, l => InvoiceRenderer.Percent(l.IvaRate.Percent)));
        }

        columns.Add(new(a ? "Importe\nNeto" : "Importe\nTotal", true, l => ArsFormat.Number(l.Amount), ColumnRole.Amount));
        return columns;
    }

    public override float DrawFirstHeader(PageCanvas page)
    {
        var pad = page.FontPx * 0.6f;
        var small = page.FontPx * 0.85f;
        page.Text(Wording.Copy, Right, Top, bold: true, small, SKTextAlign.Right);
        var top = Top + page.LineHeight(small);
        var centre = (Left + Right) / 2;

        var x = Left + pad;
        var issuerRight = centre - _square / 2 - pad;
        var nameSize = page.FontPx * _nameScale;
        var name = page.Wrap(Truth.Issuer.Name, issuerRight - x, bold: true, nameSize);
        while (name.Count > 2 && nameSize > page.FontPx * 1.1f)
        {
            nameSize -= 2f;
            name = page.Wrap(Truth.Issuer.Name, issuerRight - x, bold: true, nameSize);
        }

        var y = top + pad;
        foreach (var line in name)
        {
            page.Text(line, x, y, bold: true, nameSize);
            y += page.LineHeight(nameSize);
        }

        y = page.LabelValue(InvoiceLabels.IssuerAddress, Truth.Issuer.Address, x, y + pad * 0.3f, issuerRight);
        y = Condition(page, Truth.Issuer.IvaCondition, Wording.IssuerIva, x, y, issuerRight);

        var voucherX = centre + _square / 2 + pad * 1.5f;
        var titleSize = page.FontPx * 1.6f;
        var v = top + pad;
        page.Text(InvoiceLabels.Factura, voucherX, v, bold: true, titleSize);
        v += page.LineHeight(titleSize);
        v = page.LabelValue(Wording.NumberLabel, LayoutWording.FullNumber(Truth, Style), voucherX, v, Right - pad, boldValue: true);
        v = page.LabelValue(Wording.IssueDate, Date(Truth.IssueDate), voucherX, v, Right - pad, boldValue: true);

        var band = Math.Max(Math.Max(y, v), top + LetterSquareHeight(page, _square)) + pad * 0.5f;
        page.Line(Left, band, Right, band, 1.5f);
        page.Line(centre, top + LetterSquareHeight(page, _square), centre, band, 1.5f);
        var bottom = Flow(page,
        [
            (Wording.Cuit, Cuit(Truth.Issuer.Cuit), true),
            (Wording.GrossIncome, Truth.Issuer.GrossIncomeNumber, false),
            (Wording.ActivityStart, Date(Truth.Issuer.ActivityStart), false),
        ], Left + pad, band + pad * 0.5f, Right - pad) + pad * 0.3f;
        page.Box(new SKRect(Left, top, Right, bottom), 2f);
        LetterSquare(page, centre - _square / 2, top, _square);

        return DrawReceiver(page, bottom + page.LineHeight() * 0.6f);
    }

    public override float BottomHeight(PageCanvas page) => LayoutCells(page).Sum(r => r.Height) + TransparencyHeight(page);

    /// <summary>The totals band: cells right-aligned, as many rows as the width needs, the total last.</summary>
    public override void DrawBottom(PageCanvas page, float top)
    {
        var pad = page.FontPx * 0.5f;
        var y = top;
        foreach (var line in TransparencyLines(page))
        {
            page.Text(line, Left, y);
            y += page.LineHeight();
        }

        var shade = new SKColor(page.HeaderGrey, page.HeaderGrey, page.HeaderGrey);
        foreach (var (cells, height) in LayoutCells(page))
        {
            var x = Right - cells.Sum(c => c.Width);
            foreach (var (label, amount, bold, width) in cells)
            {
                var labelCell = new SKRect(x, y, x + width, y + page.LineHeight() + pad * 0.5f);
                page.Fill(labelCell, shade);
                page.Box(labelCell, 1.2f);
                page.Box(new SKRect(x, labelCell.Bottom, x + width, y + height), bold ? 2.5f : 1.2f);
                page.Text(label.TrimEnd(':'), x + width / 2, y + pad * 0.3f, bold: true, align: SKTextAlign.Center);
                page.Text(Money(amount), x + width - pad, labelCell.Bottom + pad * 0.3f, bold, align: SKTextAlign.Right);
                x += width;
            }

            y += height;
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
        var column = Left + (Right - Left) * 0.58f;
        var a = page.LabelValue(Wording.ReceiverName, Truth.Receiver.Name, x, top + pad, column - pad);
        var b = page.LabelValue(Wording.Cuit, Cuit(Truth.Receiver.Cuit), column, top + pad, inner);
        var y = Math.Max(a, b);
        a = page.LabelValue(Wording.ReceiverAddress, Truth.Receiver.Address, x, y, column - pad);
        b = Condition(page, Truth.Receiver.IvaCondition, Wording.ReceiverIva, column, y, inner);
        y = page.LabelValue(Wording.SaleCondition, Truth.SaleCondition, x, Math.Max(a, b), inner);
        var bottom = y + pad * 0.5f;
        page.Box(new SKRect(Left, top, Right, bottom));
        return bottom;
    }

    private float TransparencyHeight(PageCanvas page) => TransparencyLines(page).Count * page.LineHeight();

    // Factura B (Ley 27.743): one line over the totals band.
    private List<string> TransparencyLines(PageCanvas page) => Truth.Type != InvoiceType.B ? [] :
        page.Wrap($"{InvoiceLabels.TransparencyTitle} — {InvoiceLabels.IvaContained} {Money(Truth.IvaContained)}", Right - Left);

    // Each cell is as wide as its label or amount; a row holds what fits the width; the band is right-aligned.
    private List<(List<(string Label, decimal Amount, bool Bold, float Width)> Cells, float Height)> LayoutCells(PageCanvas page)
    {
        var pad = page.FontPx * 0.5f;
        var height = 2 * page.LineHeight() + pad;
        var rows = new List<(List<(string, decimal, bool, float)>, float)>();
        var current = new List<(string Label, decimal Amount, bool Bold, float Width)>();
        foreach (var (label, amount, bold) in Wording.TotalRows(Truth))
        {
            var width = Math.Max(page.Width(label.TrimEnd(':'), bold: true), page.Width(Money(amount), bold: true)) + 3 * pad;
            if (current.Count > 0 && current.Sum(c => c.Width) + width > Right - Left)
            {
                rows.Add((current, height));
                current = [];
            }

            current.Add((label, amount, bold, width));
        }

        rows.Add((current, height));
        return rows;
    }
}
