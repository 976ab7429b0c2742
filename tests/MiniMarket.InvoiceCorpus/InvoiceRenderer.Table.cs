using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

internal static partial class InvoiceRenderer
{
    private const float MinTableFontPx = 25f; // 9 pt at 200 DPI

    private sealed record Column(string Header, bool Right, IReadOnlyList<string> Values);

    private sealed record TableLayout(float Size, float Pad, float LineHeight, float[] Widths, List<List<string>> Headers,
        float HeaderHeight, List<List<string>> Descriptions, float Height);

    /// <summary>
    /// The lines table, in the largest size (9 pt or more when possible, never below 8 pt) and spacing that fit
    /// <paramref name="budget"/> pixels of height. Returns the bottom of the table.
    /// </summary>
    private static float DrawLines(PageCanvas page, InvoiceTruth truth, float left, float right, float top, float budget)
    {
        var columns = Columns(truth);
        TableLayout? layout = null;
        var sizes = Enumerable.Range(0, 12).Select(i => Math.Min(page.FontPx, 28f) - i).Where(s => s >= 22f);
        foreach (var (size, spacing) in sizes.Select(s => (s, 0.92f)).Concat(sizes.Where(s => s <= MinTableFontPx).Select(s => (s, 0.8f))))
        {
            layout = LayoutTable(page, columns, right - left, size, spacing);
            if (layout.Height <= budget)
            {
                break;
            }
        }

        if (layout is null || layout.Height > budget)
        {
            throw new InvalidOperationException(
                $"The invoice does not fit the page: {truth.Lines.Count} lines need {layout?.Height:0} px, {budget:0} px are free");
        }

        var (size2, pad, lineHeight, widths) = (layout.Size, layout.Pad, layout.LineHeight, layout.Widths);

        // Header row: grey band, bold, centred, wrapped to two lines when a column is narrow.
        var headerRect = new SKRect(left, top, right, top + layout.HeaderHeight);
        page.Fill(headerRect, new SKColor(page.HeaderGrey, page.HeaderGrey, page.HeaderGrey));
        page.Box(headerRect, 2f);
        var x = left;
        for (var i = 0; i < columns.Count; i++)
        {
            var lines = layout.Headers[i];
            var y = top + pad + (layout.HeaderHeight - 2 * pad - lines.Count * lineHeight) / 2;
            foreach (var line in lines)
            {
                page.Text(line, x + widths[i] / 2, y, bold: true, size2, SKTextAlign.Center);
                y += lineHeight;
            }

            x += widths[i];
        }

        // Body rows: no grid, like AFIP's PDF; long descriptions wrap inside their column.
        var rowTop = top + layout.HeaderHeight + pad;
        for (var row = 0; row < truth.Lines.Count; row++)
        {
            x = left;
            for (var i = 0; i < columns.Count; i++)
            {
                var value = columns[i].Values[row];
                if (i == 1)
                {
                    var wrapped = layout.Descriptions[row];
                    for (var k = 0; k < wrapped.Count; k++)
                    {
                        page.Text(wrapped[k], x + pad, rowTop + k * lineHeight, size: size2);
                    }
                }
                else if (columns[i].Right)
                {
                    page.Text(value, x + widths[i] - pad, rowTop, size: size2, align: SKTextAlign.Right);
                }
                else
                {
                    page.Text(value, x + pad, rowTop, size: size2);
                }

                x += widths[i];
            }

            rowTop += layout.Descriptions[row].Count * lineHeight + pad;
        }

        return rowTop;
    }

    private static List<Column> Columns(InvoiceTruth truth)
    {
        var columns = new List<Column>
        {
            new(InvoiceLabels.ColumnCode, false, [.. truth.Lines.Select(l => l.Code)]),
            new(InvoiceLabels.ColumnProduct, false, [.. truth.Lines.Select(l => l.Description)]),
            new(InvoiceLabels.ColumnQuantity, true, [.. truth.Lines.Select(l => ArsFormat.Number(l.Quantity))]),
            new(InvoiceLabels.ColumnUnit, false, [.. truth.Lines.Select(l => l.Unit)]),
            new(InvoiceLabels.ColumnUnitPrice, true, [.. truth.Lines.Select(l => ArsFormat.Number(l.UnitPrice))]),
            new(InvoiceLabels.ColumnDiscount, true, [.. truth.Lines.Select(_ => ArsFormat.Number(0m))]),
            new(InvoiceLabels.ColumnSubtotal, true, [.. truth.Lines.Select(l => ArsFormat.Number(l.Amount))]),
        };
        if (truth.Type == InvoiceType.A)
        {
            columns.Add(new(InvoiceLabels.ColumnIvaRate, true, [.. truth.Lines.Select(l => Percent(l.IvaRate.Percent))]));
            columns.Add(new(InvoiceLabels.ColumnSubtotalWithIva, true, [.. truth.Lines.Select(l => ArsFormat.Number(l.AmountWithIva))]));
        }

        return columns;
    }

    private static TableLayout LayoutTable(PageCanvas page, List<Column> columns, float width, float size, float spacing)
    {
        var pad = size * 0.3f;
        var lineHeight = page.LineHeight(size) * spacing;
        var widths = ColumnWidths(page, columns, size, width);
        var headers = columns.Select((c, i) => page.Wrap(c.Header, widths[i] - 2 * pad, bold: true, size)).ToList();
        var headerHeight = headers.Max(h => h.Count) * lineHeight + 2 * pad;
        var descriptions = columns[1].Values.Select(d => page.Wrap(d, widths[1] - 2 * pad, size: size)).ToList();
        var height = headerHeight + pad + descriptions.Sum(d => d.Count * lineHeight + pad);
        return new TableLayout(size, pad, lineHeight, widths, headers, headerHeight, descriptions, height);
    }

    // Every column but the description is as wide as its widest value or header word; the description takes the rest.
    private static float[] ColumnWidths(PageCanvas page, List<Column> columns, float size, float total)
    {
        var pad = size * 0.3f;
        var widths = new float[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (i == 1)
            {
                continue;
            }

            var words = columns[i].Header.Split(' ').Select(w => page.Width(w, bold: true, size));
            var header = page.Width(columns[i].Header, bold: true, size);
            var values = columns[i].Values.Select(v => page.Width(v, size: size)).DefaultIfEmpty(0f).Max();
            var narrow = Math.Max(words.Max(), values);
            // A header on one line when it costs little; else it wraps to two.
            widths[i] = (header <= narrow * 1.25f ? Math.Max(header, values) : narrow) + 2 * pad + size * 0.4f;
        }

        widths[1] = total - widths.Sum();
        return widths;
    }

    private static float FooterHeight(PageCanvas page) => QrSize + page.FontPx * 1.2f;

    private const float QrSize = 170f;

    private static void DrawFooter(PageCanvas page, InvoiceTruth truth, int seed, float left, float right, float top)
    {
        page.Line(left, top, right, top, 2f);
        var y = top + page.FontPx * 0.6f;
        DrawPseudoQr(page, seed, left, y);

        var x = left + QrSize + page.FontPx;
        var agency = truth.IssueDate >= new DateOnly(2024, 10, 25) ? "ARCA" : "AFIP";
        var logoSize = page.FontPx * 2f;
        page.Text(agency, x, y, bold: true, logoSize);
        var textY = y + page.LineHeight(logoSize);
        page.Text(InvoiceLabels.Authorized, x, textY, bold: true);
        textY += page.LineHeight();
        var small = page.FontPx * 0.75f;
        page.Paragraph("Esta Agencia no se responsabiliza por los datos ingresados en el detalle de la operación", x, textY,
            (right - left) * 0.36f, size: small);

        page.Text(InvoiceLabels.Page, (left + right) / 2 + page.FontPx * 2, y, bold: true, align: SKTextAlign.Center);

        var caeWidth = Math.Max(
            page.Width(InvoiceLabels.Cae + " ", bold: true) + page.Width(truth.Cae),
            page.Width(InvoiceLabels.CaeDueDate + " ", bold: true) + page.Width(Date(truth.CaeDueDate)));
        var caeX = right - caeWidth - page.FontPx * 0.5f;
        var caeY = page.LabelValue(InvoiceLabels.Cae, truth.Cae, caeX, y, right);
        page.LabelValue(InvoiceLabels.CaeDueDate, Date(truth.CaeDueDate), caeX, caeY, right);
    }

    // Decoration only: AFIP prints a QR code here (a URL with the invoice data). This is a QR-looking pattern that encodes
    // nothing, so that OCR preprocessing meets the same dense black block real invoices have.
    private static void DrawPseudoQr(PageCanvas page, int seed, float left, float top)
    {
        const int modules = 29;
        var cell = QrSize / modules;
        var random = new Random(unchecked(seed * 17 + 0x0C0DE));
        var black = page.InkColor;
        for (var row = 0; row < modules; row++)
        {
            for (var col = 0; col < modules; col++)
            {
                if (random.Next(2) == 0 && !InFinder(row, col, modules))
                {
                    page.Fill(SKRect.Create(left + col * cell, top + row * cell, cell, cell), black);
                }
            }
        }

        foreach (var (row, col) in new[] { (0, 0), (0, modules - 7), (modules - 7, 0) })
        {
            var x = left + col * cell;
            var y = top + row * cell;
            page.Fill(SKRect.Create(x, y, 7 * cell, 7 * cell), black);
            page.Fill(SKRect.Create(x + cell, y + cell, 5 * cell, 5 * cell), SKColors.White);
            page.Fill(SKRect.Create(x + 2 * cell, y + 2 * cell, 3 * cell, 3 * cell), black);
        }
    }

    private static bool InFinder(int row, int col, int modules) =>
        (row < 8 && col < 8) || (row < 8 && col >= modules - 8) || (row >= modules - 8 && col < 8);
}
