using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

internal static partial class InvoiceRenderer
{
    private const float MinTableFontPx = 25f; // 9 pt at 200 DPI

    /// <summary>
    /// The lines table, in the largest size (9 pt or more when possible, never below 8 pt) and spacing that fit
    /// <paramref name="budget"/> pixels of height. Returns the bottom of the table.
    /// </summary>
    private static float DrawLines(PageCanvas page, InvoiceTruth truth, float left, float right, float top, float budget)
    {
        var columns = Columns(truth);
        InvoiceTable? table = null;
        var sizes = Enumerable.Range(0, 12).Select(i => Math.Min(page.FontPx, 28f) - i).Where(s => s >= 22f);
        foreach (var (size, spacing) in sizes.Select(s => (s, 0.92f)).Concat(sizes.Where(s => s <= MinTableFontPx).Select(s => (s, 0.8f))))
        {
            table = InvoiceTable.Layout(page, columns, truth.Lines, right - left, size, spacing, TableLook.Band);
            if (table.Height(0, table.RowCount) <= budget)
            {
                break;
            }
        }

        if (table is null || table.Height(0, table.RowCount) > budget)
        {
            throw new InvalidOperationException(
                $"The invoice does not fit the page: {truth.Lines.Count} lines need {table?.Height(0, table.RowCount):0} px, {budget:0} px are free");
        }

        // Header row: grey band, bold, centred, wrapped to two lines when a column is narrow; body rows without a grid,
        // like AFIP's PDF; long descriptions wrap inside their column.
        return table.Draw(page, left, top, 0, table.RowCount);
    }

    /// <summary>AFIP's columns: a factura A adds the IVA rate and the subtotal with IVA.</summary>
    internal static List<TableColumn> Columns(InvoiceTruth truth)
    {
        var columns = new List<TableColumn>
        {
            new(InvoiceLabels.ColumnCode, false, l => l.Code),
            new(InvoiceLabels.ColumnProduct, false, l => l.Description, ColumnRole.Description),
            new(InvoiceLabels.ColumnQuantity, true, l => ArsFormat.Number(l.Quantity)),
            new(InvoiceLabels.ColumnUnit, false, l => l.Unit),
            new(InvoiceLabels.ColumnUnitPrice, true, l => ArsFormat.Number(l.UnitPrice)),
            new(InvoiceLabels.ColumnDiscount, true, _ => ArsFormat.Number(0m)),
            new(InvoiceLabels.ColumnSubtotal, true, l => ArsFormat.Number(l.Amount), ColumnRole.Amount),
        };
        if (truth.Type == InvoiceType.A)
        {
            columns.Add(new(InvoiceLabels.ColumnIvaRate, true, l => Percent(l.IvaRate.Percent)));
            columns.Add(new(InvoiceLabels.ColumnSubtotalWithIva, true, l => ArsFormat.Number(l.AmountWithIva)));
        }

        return columns;
    }

    internal static float FooterHeight(PageCanvas page, float qrSize = QrSize) => qrSize + page.FontPx * 1.2f;

    /// <summary>The one-page corpus's decorative QR.</summary>
    internal const float QrSize = 170f;

    /// <summary>
    /// A real AFIP QR code's side on the layouts' pages (A4 at 200 DPI): about 3 cm, as AFIP's own PDF prints it, so its
    /// modules are about 3 px.
    /// </summary>
    internal const float AfipQrSize = 240f;

    /// <summary>
    /// AFIP's footer: QR code, agency, "Comprobante Autorizado", the page and the CAE. A page that is not the last
    /// (<paramref name="last"/> false) shows only the rule and the page.
    /// </summary>
    internal static void DrawFooter(PageCanvas page, InvoiceTruth truth, int seed, float left, float right, float top,
        string pageLabel = InvoiceLabels.Page, bool last = true, bool realQr = false)
    {
        page.Line(left, top, right, top, 2f);
        var y = top + page.FontPx * 0.6f;
        if (!last)
        {
            page.Text(pageLabel, (left + right) / 2 + page.FontPx * 2, y, bold: true, align: SKTextAlign.Center);
            return;
        }

        var qrSize = realQr ? AfipQrSize : QrSize;
        if (realQr) DrawAfipQr(page, truth, left, y, qrSize);
        else DrawPseudoQr(page, seed, left, y);

        var x = left + qrSize + page.FontPx;
        var agency = truth.IssueDate >= new DateOnly(2024, 10, 25) ? "ARCA" : "AFIP";
        var logoSize = page.FontPx * 2f;
        page.Text(agency, x, y, bold: true, logoSize);
        var textY = y + page.LineHeight(logoSize);
        page.Text(InvoiceLabels.Authorized, x, textY, bold: true);
        textY += page.LineHeight();
        var small = page.FontPx * 0.75f;
        page.Paragraph("Esta Agencia no se responsabiliza por los datos ingresados en el detalle de la operación", x, textY,
            (right - left) * 0.36f, size: small);

        page.Text(pageLabel, (left + right) / 2 + page.FontPx * 2, y, bold: true, align: SKTextAlign.Center);

        var caeWidth = Math.Max(
            page.Width(InvoiceLabels.Cae + " ", bold: true) + page.Width(truth.Cae),
            page.Width(InvoiceLabels.CaeDueDate + " ", bold: true) + page.Width(Date(truth.CaeDueDate)));
        var caeX = right - caeWidth - page.FontPx * 0.5f;
        var caeY = page.LabelValue(InvoiceLabels.Cae, truth.Cae, caeX, y, right);
        page.LabelValue(InvoiceLabels.CaeDueDate, Date(truth.CaeDueDate), caeX, caeY, right);
    }

    /// <summary>
    /// AFIP's QR code (RG 4892/2020): the invoice's URL with its data (<see cref="InvoiceTruth.ToAfipQr"/>), encoded for
    /// real (QRCoder, error correction M, its four-module quiet zone) and drawn as squares of ink, <paramref name="size"/>
    /// pixels across.
    /// </summary>
    internal static void DrawAfipQr(PageCanvas page, InvoiceTruth truth, float left, float top, float size = AfipQrSize)
    {
        using var data = QRCoder.QRCodeGenerator.GenerateQrCode(truth.ToAfipQr().ToUrl(), QRCoder.QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var cell = size / matrix.Count;
        var black = page.InkColor;
        for (var row = 0; row < matrix.Count; row++)
        {
            for (var col = 0; col < matrix[row].Length; col++)
            {
                if (matrix[row][col]) page.Fill(SKRect.Create(left + col * cell, top + row * cell, cell, cell), black);
            }
        }
    }

    // Decoration only, for the one-page corpus of before (clasico), kept as it was so its figures compare: a QR-looking
    // pattern that encodes nothing.
    internal static void DrawPseudoQr(PageCanvas page, int seed, float left, float top, float size = QrSize)
    {
        const int modules = 29;
        var cell = size / modules;
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
