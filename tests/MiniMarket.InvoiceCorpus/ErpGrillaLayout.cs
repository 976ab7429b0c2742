using System.Globalization;
using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// <see cref="InvoiceLayouts.ErpGrilla"/>: an ERP's print. The issuer at the left (name bold, sometimes in capitals,
/// address, phone, IVA condition), the type square at the top centre, the voucher data as label/value cells at the
/// right; the receiver as label/value cells; the lines as a full grid with a shaded header row and the quantity first
/// ("Cant. | Código | Artículo | P. Unitario | % IVA | Importe"); the totals as a grid; CAE beside the QR code. Labels
/// in cells have no colon, as ERPs print them.
/// </summary>
internal sealed class ErpGrillaLayout : LayoutRenderer
{
    private readonly float _nameScale;
    private readonly bool _capitals;
    private readonly float _square;
    private readonly float _qrSize;
    private readonly string _phone;
    private readonly bool _longHeaders;

    public ErpGrillaLayout(InvoiceTruth truth, int seed)
        : this(truth, seed, RandomFor(seed, 3))
    {
    }

    private ErpGrillaLayout(InvoiceTruth truth, int seed, Random random)
        : base(truth, seed, StyleFor(seed, 3), LayoutWording.Erp(random))
    {
        _nameScale = 1.3f + 0.3f * (float)random.NextDouble();
        _capitals = random.Next(100) < 40;
        _square = random.Next(110, 136);
        _qrSize = random.Next(220, 261);
        _phone = string.Create(CultureInfo.InvariantCulture, $"Tel.: (011) 4{random.Next(100, 1000)}-{random.Next(1000, 10000)}");
        _longHeaders = random.Next(3) == 0;
    }

    public override TableLook Look => TableLook.Grid;

    public override IReadOnlyList<TableColumn> Columns()
    {
        var columns = new List<TableColumn>
        {
            new(_longHeaders ? "Cantidad" : "Cant.", true, l => ArsFormat.Number(l.Quantity)),
            new("Código", false, l => l.Code),
            new(_longHeaders ? "Descripción" : "Artículo", false, l => l.Description, ColumnRole.Description),
            new(_longHeaders ? "Precio Unitario" : "P. Unitario", true, l => ArsFormat.Number(l.UnitPrice)),
        };
        if (Truth.Type == InvoiceType.A)
        {
            columns.Add(new("% IVA", true, l => InvoiceRenderer.Percent(l.IvaRate.Percent)));
        }

        columns.Add(new(_longHeaders ? "Total" : "Importe", true, l => ArsFormat.Number(l.Amount), ColumnRole.Amount));
        return columns;
    }

    public override float DrawFirstHeader(PageCanvas page)
    {
        var pad = page.FontPx * 0.6f;
        var top = Top;
        var centre = (Left + Right) / 2;

        var x = Left + pad;
        var issuerRight = centre - _square / 2 - pad;
        var nameSize = page.FontPx * _nameScale;
        var name = _capitals ? Truth.Issuer.Name.ToUpper(ArsFormat.EsAr) : Truth.Issuer.Name;
        var y = top + pad;
        foreach (var line in page.Wrap(name, issuerRight - x, bold: true, nameSize))
        {
            page.Text(line, x, y, bold: true, nameSize);
            y += page.LineHeight(nameSize);
        }

        y = page.Paragraph(Truth.Issuer.Address, x, y + pad * 0.3f, issuerRight - x);
        y = page.Paragraph(_phone, x, y, issuerRight - x);
        y = Condition(page, Truth.Issuer.IvaCondition, Wording.IssuerIva, x, y, issuerRight);

        var voucherLeft = centre + _square / 2 + pad;
        page.Text(Wording.Copy, Right - pad, top + pad, bold: true, align: SKTextAlign.Right);
        var v = KeyValueGrid(page,
        [
            ("Comprobante", "FACTURA " + Truth.Type.Letter()),
            (Cell(Wording.NumberLabel), LayoutWording.FullNumber(Truth, Style)),
            (Cell(Wording.IssueDate), Date(Truth.IssueDate)),
            (Cell(Wording.Cuit), Cuit(Truth.Issuer.Cuit)),
            (Cell(Wording.GrossIncome), Truth.Issuer.GrossIncomeNumber),
            (Cell(Wording.ActivityStart).Replace("Fecha de Inicio", "Inicio", StringComparison.Ordinal), Date(Truth.Issuer.ActivityStart)),
        ], 1, voucherLeft, Right - pad, top + pad + page.LineHeight() * 1.2f);

        var bottom = Math.Max(Math.Max(y, v), top + LetterSquareHeight(page, _square)) + pad;
        page.Box(new SKRect(Left, top, Right, bottom), 2f);
        LetterSquare(page, centre - _square / 2, top, _square);
        page.Line(centre, top + LetterSquareHeight(page, _square), centre, bottom, 1.5f);

        var receiverIva = Wording.ReceiverIva == "IVA:" ? "Cond. IVA" : Cell(Wording.ReceiverIva);
        return KeyValueGrid(page,
        [
            (Cell(Wording.ReceiverName), Truth.Receiver.Name),
            (Cell(Wording.Cuit), Cuit(Truth.Receiver.Cuit)),
            (Cell(Wording.ReceiverAddress), Truth.Receiver.Address),
            (receiverIva, Wording.Condition(Truth.Receiver.IvaCondition, receiverIva).Value),
            (Cell(Wording.SaleCondition), Truth.SaleCondition),
        ], 2, Left, Right, bottom + page.LineHeight() * 0.6f);
    }

    public override float BottomHeight(PageCanvas page) =>
        Math.Max(Wording.TotalRows(Truth).Count * CellHeight(page), TransparencyHeight(page));

    public override void DrawBottom(PageCanvas page, float top)
    {
        var pad = page.FontPx * 0.4f;
        var rows = Wording.TotalRows(Truth);
        var (labelWidth, amountWidth) = TotalsWidths(page);
        var labelLeft = Right - labelWidth - amountWidth;
        var shade = new SKColor(page.HeaderGrey, page.HeaderGrey, page.HeaderGrey);
        var y = top + BottomHeight(page) - rows.Count * CellHeight(page);
        foreach (var (label, amount, bold) in rows)
        {
            var labelCell = new SKRect(labelLeft, y, labelLeft + labelWidth, y + CellHeight(page));
            page.Fill(labelCell, shade);
            page.Box(labelCell, 1.2f);
            page.Box(new SKRect(labelCell.Right, y, Right, labelCell.Bottom), bold ? 2.5f : 1.2f);
            page.Text(Cell(label), labelLeft + pad, y + pad / 2, bold: true);
            page.Text(Money(amount), Right - pad, y + pad / 2, bold, align: SKTextAlign.Right);
            y += CellHeight(page);
        }

        if (Truth.Type == InvoiceType.B)
        {
            var width = labelLeft - Left - page.FontPx * 2;
            var box = new SKRect(Left, top, Left + width, top + TransparencyHeight(page));
            page.Box(box, 1.2f);
            var ty = page.Paragraph(InvoiceLabels.TransparencyTitle, Left + pad, top + pad, width - 2 * pad, bold: true);
            page.LabelValue(InvoiceLabels.IvaContained, Money(Truth.IvaContained), Left + pad, ty, box.Right - pad);
        }
    }

    public override float FooterHeight(PageCanvas page, bool last) => QrFooterHeight(page, last, _qrSize);

    public override void DrawFooter(PageCanvas page, float top, int pageNumber, int pageCount, bool last) =>
        QrCaeFooter(page, top, Wording.Page(pageNumber, pageCount), last, _qrSize);

    private static string Cell(string label) => label.TrimEnd(':');

    private static float CellHeight(PageCanvas page) => page.LineHeight() + page.FontPx * 0.4f;

    private (float Label, float Amount) TotalsWidths(PageCanvas page)
    {
        var pad = page.FontPx * 0.4f;
        var rows = Wording.TotalRows(Truth);
        return (rows.Max(r => page.Width(Cell(r.Label), bold: true)) + 2 * pad + page.FontPx,
            rows.Max(r => page.Width(Money(r.Amount), bold: true)) + 2 * pad + page.FontPx);
    }

    private float TransparencyHeight(PageCanvas page)
    {
        if (Truth.Type != InvoiceType.B)
        {
            return 0f;
        }

        var (label, amount) = TotalsWidths(page);
        var width = Right - Left - label - amount - page.FontPx * 2;
        var pad = page.FontPx * 0.4f;
        return (page.Wrap(InvoiceLabels.TransparencyTitle, width - 2 * pad, bold: true).Count + 1) * page.LineHeight() + 2 * pad;
    }
}
