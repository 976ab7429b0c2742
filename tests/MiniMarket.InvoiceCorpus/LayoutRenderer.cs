using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// One layout's way of drawing an invoice, for <see cref="PagedRenderer"/>, which decides what goes on which page: what
/// the first page shows above the lines table, the short header of a following page, the table's columns and look, the
/// totals and the footer. Fonts, wording and small variations are drawn from the seed when the layout is created, so
/// drawing is a pure function of (truth, seed).
/// </summary>
internal abstract class LayoutRenderer(InvoiceTruth truth, int seed, RenderStyle style, LayoutWording wording)
{
    public InvoiceTruth Truth { get; } = truth;

    public int Seed { get; } = seed;

    public RenderStyle Style { get; } = style;

    public LayoutWording Wording { get; } = wording;

    public float Left => Style.MarginX;

    public float Right => InvoiceRenderer.PageWidth - Style.MarginX;

    public float Top => Style.MarginY;

    public abstract TableLook Look { get; }

    /// <summary>True: the totals sit just above the footer (or right under a long table); false: right under the table.</summary>
    public virtual bool BottomOnFooter => true;

    public static LayoutRenderer Create(string layout, InvoiceTruth truth, int seed) => InvoiceLayouts.IndexOf(layout) switch
    {
        0 => new AfipLayout(truth, seed),
        1 => new TresColumnasLayout(truth, seed),
        2 => new ErpGrillaLayout(truth, seed),
        _ => new EncabezadoDosLineasLayout(truth, seed),
    };

    public abstract IReadOnlyList<TableColumn> Columns();

    /// <summary>Everything above the lines table on the first page; returns its bottom.</summary>
    public abstract float DrawFirstHeader(PageCanvas page);

    public abstract float BottomHeight(PageCanvas page);

    /// <summary>The totals (and what goes beside them), from <paramref name="top"/> down, <see cref="BottomHeight"/> high.</summary>
    public abstract void DrawBottom(PageCanvas page, float top);

    public abstract float FooterHeight(PageCanvas page, bool last);

    /// <summary>The footer: the page number on every page; the QR code and the CAE on the last.</summary>
    public abstract void DrawFooter(PageCanvas page, float top, int pageNumber, int pageCount, bool last);

    /// <summary>
    /// The short header of a following page, in a box: the issuer and "Hoja 2 de 2" on the first row; type, code, number
    /// and date on the next. Returns its bottom.
    /// </summary>
    public virtual float DrawNextHeader(PageCanvas page, float top, int pageNumber, int pageCount)
    {
        var pad = page.FontPx * 0.6f;
        var pageLabel = Wording.Page(pageNumber, pageCount);
        var nameRight = Right - pad * 3 - page.Width(pageLabel, bold: true);
        var y = page.Paragraph(Truth.Issuer.Name, Left + pad, top + pad, nameRight - Left - pad, bold: true);
        page.Text(pageLabel, Right - pad, top + pad, bold: true, align: SKTextAlign.Right);
        y = Flow(page, [(null, $"FACTURA {Truth.Type.Letter()}", true), (null, Wording.Code(Truth.Type), false),
            (Wording.NumberLabel, LayoutWording.FullNumber(Truth, Style), true), (Wording.IssueDate, Date(Truth.IssueDate), false)],
            Left + pad, y, Right - pad);
        var bottom = y + pad * 0.6f;
        page.Box(new SKRect(Left, top, Right, bottom));
        return bottom;
    }

    protected static RenderStyle StyleFor(int seed, int salt) => RenderStyle.From(unchecked(seed * 131 + salt * 1_000_003));

    protected static Random RandomFor(int seed, int salt) => new(unchecked(seed * 7_877 + salt * 65_537 + 0x1A70));

    protected string Cuit(Cuit cuit) => InvoiceRenderer.Cuit(cuit, Style);

    protected static string Date(DateOnly date) => InvoiceRenderer.Date(date);

    protected static string Money(decimal amount) => InvoiceRenderer.Money(amount);

    /// <summary>"label value" pairs (label may be null) left to right, spaced, onto as many rows as they need.</summary>
    protected static float Flow(PageCanvas page, IReadOnlyList<(string? Label, string Value, bool Bold)> items, float left, float top, float right)
    {
        var spacing = page.FontPx * 1.5f;
        var x = left;
        foreach (var (label, value, bold) in items)
        {
            var width = (label is null ? 0f : page.Width(label + " ", bold: true)) + page.Width(value, bold);
            if (x > left && x + width > right)
            {
                x = left;
                top += page.LineHeight();
            }

            if (label is not null)
            {
                page.Text(label, x, top, bold: true);
            }

            page.Text(value, x + width - page.Width(value, bold), top, bold);
            x += width + spacing;
        }

        return top + page.LineHeight();
    }

    /// <summary>An IVA condition as this invoice's wording prints it ("IVA Responsable Inscripto" or "Cond. IVA: Exento").</summary>
    protected float Condition(PageCanvas page, IvaCondition condition, string label, float x, float top, float right)
    {
        var (printedLabel, value) = Wording.Condition(condition, label);
        return printedLabel is null ? page.Paragraph(value, x, top, right - x) : page.LabelValue(printedLabel, value, x, top, right);
    }

    /// <summary>
    /// The type square: the letter big, the code under it inside the square, or below the square when it would be smaller
    /// than 20 px inside ("Código N° 01"). <paramref name="size"/> is its side. Returns the bottom of what was drawn.
    /// </summary>
    protected float LetterSquare(PageCanvas page, float x, float top, float size)
    {
        var square = new SKRect(x, top, x + size, top + size);
        page.Fill(square, SKColors.White);
        page.Box(square, 3f);
        var code = Wording.Code(Truth.Type);
        var codeSize = Math.Max(page.FontPx * 0.75f, 20f);
        if (LetterSquareHeight(page, size) > size)
        {
            page.Text(Truth.Type.Letter(), x + size / 2, top + size * 0.12f, bold: true, size * 0.66f, SKTextAlign.Center);
            page.Text(code, x + size / 2, square.Bottom + codeSize * 0.3f, bold: true, codeSize, SKTextAlign.Center);
            return top + LetterSquareHeight(page, size);
        }

        page.Text(Truth.Type.Letter(), x + size / 2, top + size * 0.06f, bold: true, size * 0.58f, SKTextAlign.Center);
        page.Text(code, x + size / 2, top + size - codeSize * 1.3f, bold: true, codeSize, SKTextAlign.Center);
        return square.Bottom;
    }

    /// <summary>The height <see cref="LetterSquare"/> takes: the side, plus the code when it goes under the square.</summary>
    protected float LetterSquareHeight(PageCanvas page, float size)
    {
        var codeSize = Math.Max(page.FontPx * 0.75f, 20f);
        return page.Width(Wording.Code(Truth.Type), bold: true, codeSize) > size - 10f ? size + codeSize * 1.5f : size;
    }

    /// <summary>
    /// Cells with borders, label cells shaded, <paramref name="columns"/> (label, value) pairs to a row. A label cell is as
    /// wide as the widest label of its column, at most 42 % of the pair (a longer label wraps); a value wraps in its cell.
    /// Returns the bottom.
    /// </summary>
    protected static float KeyValueGrid(PageCanvas page, IReadOnlyList<(string Label, string Value)> cells, int columns, float left, float right, float top)
    {
        var pad = page.FontPx * 0.4f;
        var pairWidth = (right - left) / columns;
        var labelWidth = Enumerable.Range(0, columns)
            .Select(c => Math.Min(pairWidth * 0.42f, cells.Where((_, i) => i % columns == c).Max(cell => page.Width(cell.Label, bold: true)) + 2 * pad))
            .ToArray();
        var shade = new SKColor(page.HeaderGrey, page.HeaderGrey, page.HeaderGrey);
        var y = top;
        for (var start = 0; start < cells.Count; start += columns)
        {
            var row = cells.Skip(start).Take(columns).ToList();
            var labels = row.Select((cell, c) => page.Wrap(cell.Label, labelWidth[c] - 2 * pad, bold: true)).ToList();
            var values = row.Select((cell, c) => page.Wrap(cell.Value, pairWidth - labelWidth[c] - 2 * pad)).ToList();
            var height = labels.Concat(values).Max(w => w.Count) * page.LineHeight() + pad;
            for (var c = 0; c < row.Count; c++)
            {
                var x = left + c * pairWidth;
                var labelCell = new SKRect(x, y, x + labelWidth[c], y + height);
                page.Fill(labelCell, shade);
                page.Box(labelCell, 1.2f);
                page.Box(new SKRect(labelCell.Right, y, x + pairWidth, y + height), 1.2f);
                page.Paragraph(row[c].Label, x + pad, y + pad / 2, labelWidth[c] - 2 * pad, bold: true);
                page.Paragraph(row[c].Value, labelCell.Right + pad, y + pad / 2, pairWidth - labelWidth[c] - 2 * pad);
            }

            y += height;
        }

        return y;
    }

    /// <summary>
    /// The footer most ERPs print: a rule, the QR code on one side, "CAE" and its due date beside it, the page number at
    /// the far side. Not the last page: the rule and the page number only.
    /// </summary>
    protected void QrCaeFooter(PageCanvas page, float top, string pageLabel, bool last, float qrSize)
    {
        page.Line(Left, top, Right, top, 1.5f);
        var y = top + page.FontPx * 0.6f;
        page.Text(pageLabel, Right, y, bold: true, align: SKTextAlign.Right);
        if (!last)
        {
            return;
        }

        InvoiceRenderer.DrawAfipQr(page, Truth, Left, y, qrSize);
        var x = Left + qrSize + page.FontPx;
        var right = Right - page.Width(pageLabel, bold: true) - page.FontPx * 2;
        y = page.LabelValue(Wording.Cae, Truth.Cae, x, y, right, boldValue: true);
        page.LabelValue(Wording.CaeDueDate, Date(Truth.CaeDueDate), x, y, right);
    }

    protected static float QrFooterHeight(PageCanvas page, bool last, float qrSize) =>
        last ? qrSize + page.FontPx * 1.2f : page.LineHeight() * 1.6f;
}
