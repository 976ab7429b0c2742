using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

/// <summary>The clean pages of one invoice, how many lines each prints, and what was drawn where (for tests).</summary>
internal sealed class RenderedInvoice : IDisposable
{
    public List<SKBitmap> Pages { get; } = [];

    public List<int> LinesPerPage { get; } = [];

    /// <summary>Per page: every text line drawn and its box.</summary>
    public List<List<(string Text, SKRect Box)>> TextBoxes { get; } = [];

    /// <summary>Per page: the union of everything drawn.</summary>
    public List<SKRect> Bounds { get; } = [];

    public void Dispose()
    {
        foreach (var page in Pages)
        {
            page.Dispose();
        }
    }
}

/// <summary>
/// Puts a layout's parts on A4 pages at 200 DPI. One page when the header, the whole table (its font may shrink from the
/// style's size, at most 28 px, down to 24 px = 8.6 pt), the totals and the footer fit; else two: page 1 has the full
/// header and as many lines as fit, closed by a "Transporte" row with their sum or by "Continúa en la página siguiente";
/// page 2 has the layout's short header (type, number, date, "Hoja 2 de 2"), the "Transporte" row again, the remaining
/// lines, the totals and the CAE footer. Throws when two pages are not enough.
/// </summary>
internal static class PagedRenderer
{
    private const float MinTableFontPx = 24f;
    private const float MaxTableFontPx = 28f;
    private const float Spacing = 0.92f;

    public static RenderedInvoice Render(InvoiceTruth truth, int seed, string layout, InvoicePaging paging)
    {
        var design = LayoutRenderer.Create(layout, truth, seed);
        var random = new Random(unchecked(seed * 613 + InvoiceLayouts.IndexOf(layout) * 7_919 + 0x9A6E));
        var count = truth.Lines.Count;
        var split = paging switch
        {
            InvoicePaging.TwoPages => true,
            InvoicePaging.OnePage => false,
            _ => count >= 4 && random.Next(100) < 15,
        };
        var breakDraw = random.NextDouble();
        if (split && count < 2)
        {
            throw new ArgumentException($"An invoice of {count} line cannot be split over two pages", nameof(paging));
        }

        var result = new RenderedInvoice();
        try
        {
            RenderInto(result, design, split, paging, breakDraw);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static void RenderInto(RenderedInvoice result, LayoutRenderer design, bool split, InvoicePaging paging, double breakDraw)
    {
        var truth = design.Truth;
        var count = truth.Lines.Count;
        using var first = new PageSurface(design.Style, result);
        var page = first.Canvas;
        var gap = page.LineHeight() * 0.6f;
        var tableTop = design.DrawFirstHeader(page) + gap;
        var lastFooterTop = InvoiceRenderer.PageHeight - design.Style.MarginY - design.FooterHeight(page, last: true);
        var bottomHeight = design.BottomHeight(page);
        var columns = design.Columns();
        var width = design.Right - design.Left;
        var size = Math.Min(page.FontPx, MaxTableFontPx);

        for (var tableSize = size; !split && tableSize >= MinTableFontPx; tableSize -= 1f)
        {
            var table = InvoiceTable.Layout(page, columns, truth.Lines, width, tableSize, Spacing, design.Look);
            if (tableTop + table.Height(0, count) + gap + bottomHeight + gap <= lastFooterTop)
            {
                var end = table.Draw(page, design.Left, tableTop, 0, count);
                DrawBottom(design, page, end + gap, lastFooterTop - gap - bottomHeight);
                design.DrawFooter(page, lastFooterTop, 1, 1, last: true);
                first.Finish(count);
                return;
            }
        }

        if (paging == InvoicePaging.OnePage)
        {
            throw new InvalidOperationException($"The invoice does not fit one page: {count} lines, {lastFooterTop - tableTop:0} px for the table and totals");
        }

        // Two pages, the table in the largest size (closer lines as a last resort) that lets page 2 hold the rest and the totals. Page 1 takes as many
        // lines as fit (or, when the seed splits an invoice that would fit, a drawn number between 40 % of them and that).
        using var second = new PageSurface(design.Style, result);
        var top2 = design.DrawNextHeader(second.Canvas, design.Top, 2, 2) + gap;
        var carry = design.Wording.CarryTotal;
        var extra = carry ? 1 : 0;
        var firstFooterTop = InvoiceRenderer.PageHeight - design.Style.MarginY - design.FooterHeight(page, last: false);
        var note = carry ? 0f : page.LineHeight() * 1.2f;
        var sizes = Enumerable.Range(0, 12).Select(i => size - i).Where(s => s >= MinTableFontPx).Select(s => (s, Spacing))
            .Append((MinTableFontPx, 0.8f));
        foreach (var (tableSize, spacing) in sizes)
        {
            var table = InvoiceTable.Layout(page, columns, truth.Lines, width, tableSize, spacing, design.Look);
            var capacity = 0;
            while (capacity < count - 1 && tableTop + table.Height(0, capacity + 1, extra) + note + gap <= firstFooterTop)
            {
                capacity++;
            }

            var least = Math.Min(capacity, Math.Max(1, (int)Math.Ceiling(count * 0.4)));
            var onFirst = split ? Math.Min(capacity, least + (int)(breakDraw * (capacity - least + 1))) : capacity;
            if (capacity == 0 || top2 + table.Height(onFirst, count, extra) + gap + bottomHeight + gap > lastFooterTop)
            {
                continue;
            }

            var carried = (LayoutWording.Transport, ArsFormat.Number(truth.Lines.Take(onFirst).Sum(l => l.Amount)));
            var end1 = table.Draw(page, design.Left, tableTop, 0, onFirst, after: carry ? carried : null);
            if (!carry)
            {
                page.Text(LayoutWording.Continues, design.Right, end1 + gap * 0.5f, bold: true, align: SKTextAlign.Right);
            }

            design.DrawFooter(page, firstFooterTop, 1, 2, last: false);
            first.Finish(onFirst);

            var end2 = table.Draw(second.Canvas, design.Left, top2, onFirst, count, before: carry ? carried : null);
            DrawBottom(design, second.Canvas, end2 + gap, lastFooterTop - gap - bottomHeight);
            design.DrawFooter(second.Canvas, lastFooterTop, 2, 2, last: true);
            second.Finish(count - onFirst);
            return;
        }

        throw new InvalidOperationException(
            $"The invoice does not fit two pages: {count} lines, {firstFooterTop - tableTop:0} px for lines on page 1 and {lastFooterTop - top2:0} px for lines and totals on page 2");
    }

    private static void DrawBottom(LayoutRenderer design, PageCanvas page, float underTable, float onFooter) =>
        design.DrawBottom(page, design.BottomOnFooter ? Math.Max(underTable, onFooter) : underTable);

    /// <summary>A white page being drawn; <see cref="Finish"/> hands it to the result with its line count.</summary>
    private sealed class PageSurface : IDisposable
    {
        private readonly SKCanvas _canvas;
        private readonly RenderedInvoice _result;
        private readonly SKBitmap _bitmap;

        public PageSurface(RenderStyle style, RenderedInvoice result)
        {
            _result = result;
            _bitmap = new SKBitmap(new SKImageInfo(InvoiceRenderer.PageWidth, InvoiceRenderer.PageHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
            _canvas = new SKCanvas(_bitmap);
            _canvas.Clear(SKColors.White);
            Canvas = new PageCanvas(_canvas, style);
        }

        public PageCanvas Canvas { get; }

        private bool Finished { get; set; }

        public void Finish(int lines)
        {
            _result.Pages.Add(_bitmap);
            _result.LinesPerPage.Add(lines);
            _result.TextBoxes.Add(Canvas.TextBoxes);
            _result.Bounds.Add(Canvas.Bounds);
            Finished = true;
        }

        public void Dispose()
        {
            Canvas.Dispose();
            _canvas.Dispose();
            if (!Finished)
            {
                _bitmap.Dispose();
            }
        }
    }
}
