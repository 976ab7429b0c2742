using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

internal static partial class InvoiceRenderer
{
    /// <summary>
    /// Totals at the bottom right and, at the bottom left, the "Otros tributos" box (when there are any) and the Ley 27.743
    /// box of a factura B. Both sit just above the footer, as on AFIP's PDF, or right under the table when it is long.
    /// </summary>
    internal sealed record BottomLayout(
        List<(string Label, decimal Amount, bool Bold)> Rows, float LabelWidth, float TotalsWidth, float TotalsHeight,
        float LeftWidth, float TaxesHeight, float TransparencyHeight, float LeftHeight)
    {
        public float Height => Math.Max(TotalsHeight, LeftHeight);
    }

    internal static BottomLayout LayoutBottom(PageCanvas page, InvoiceTruth truth, float left, float right)
    {
        var pad = page.FontPx * 0.6f;
        var lineHeight = page.LineHeight();
        var rows = TotalRows(truth);
        var labelWidth = rows.Max(r => page.Width(r.Label, bold: true));
        var amountWidth = rows.Max(r => page.Width(Money(r.Amount), bold: true));
        var totalsWidth = labelWidth + amountWidth + pad * 4;
        var totalsHeight = rows.Count * lineHeight + 2 * pad;

        var leftWidth = right - left - totalsWidth - pad * 2;
        var transparencyLines = page.Wrap(InvoiceLabels.TransparencyTitle, leftWidth - 2 * pad, bold: true);
        var taxLines = truth.Taxes.Count == 0 ? 0 : TaxDescriptions(page, truth, left, left + leftWidth).Sum(d => d.Count);
        var taxesHeight = truth.Taxes.Count == 0 ? 0f : (taxLines + 3) * lineHeight + 2 * pad;
        var transparencyHeight = truth.Type != InvoiceType.B ? 0f : (transparencyLines.Count + 2) * lineHeight + 2 * pad;
        var leftHeight = taxesHeight + transparencyHeight + (taxesHeight > 0 && transparencyHeight > 0 ? pad : 0f);
        return new BottomLayout(rows, labelWidth, totalsWidth, totalsHeight, leftWidth, taxesHeight, transparencyHeight, leftHeight);
    }

    /// <summary>
    /// Totals at the bottom right and, at the bottom left, the "Otros tributos" box (when there are any) and the Ley 27.743
    /// box of a factura B, from <paramref name="top"/> down.
    /// </summary>
    internal static void DrawBottom(PageCanvas page, InvoiceTruth truth, BottomLayout layout, float left, float right, float top)
    {
        var pad = page.FontPx * 0.6f;
        var lineHeight = page.LineHeight();
        var (rows, labelWidth, totalsWidth, totalsHeight) = (layout.Rows, layout.LabelWidth, layout.TotalsWidth, layout.TotalsHeight);
        var (leftWidth, taxesHeight, transparencyHeight, leftHeight) =
            (layout.LeftWidth, layout.TaxesHeight, layout.TransparencyHeight, layout.LeftHeight);
        var height = layout.Height;

        // Totals: labels right-aligned against the amounts, "$ 12.345,67" right-aligned to the box.
        var boxLeft = right - totalsWidth;
        var y = top + height - totalsHeight;
        page.Box(new SKRect(boxLeft, y, right, y + totalsHeight), 2f);
        y += pad;
        foreach (var (label, amount, bold) in rows)
        {
            page.Text(label, boxLeft + pad + labelWidth, y, bold: true, align: SKTextAlign.Right);
            page.Text(Money(amount), right - pad, y, bold, align: SKTextAlign.Right);
            y += lineHeight;
        }

        y = top + height - leftHeight;
        if (taxesHeight > 0)
        {
            DrawTaxes(page, truth, left, left + leftWidth, y, taxesHeight);
            y += taxesHeight + pad;
        }

        if (transparencyHeight > 0)
        {
            var box = new SKRect(left, y, left + leftWidth, y + transparencyHeight);
            page.Box(box, 2f);
            y = page.Paragraph(InvoiceLabels.TransparencyTitle, left + pad, y + pad, leftWidth - 2 * pad, bold: true);
            y = page.LabelValue(InvoiceLabels.IvaContained, Money(truth.IvaContained), left + pad, y, box.Right - pad);
            page.LabelValue(InvoiceLabels.OtherIndirectTaxes, Money(0m), left + pad, y, box.Right - pad);
        }
    }

    private static List<(string Label, decimal Amount, bool Bold)> TotalRows(InvoiceTruth truth)
    {
        var rows = new List<(string, decimal, bool)>();
        if (truth.Type == InvoiceType.A)
        {
            rows.Add((InvoiceLabels.NetTaxed, truth.Subtotal, false));
            foreach (var (label, percent) in InvoiceLabels.IvaRows)
            {
                rows.Add((label, truth.Iva.Where(i => i.Rate.Percent == percent).Sum(i => i.Amount), false));
            }
        }
        else
        {
            rows.Add((InvoiceLabels.Subtotal, truth.Subtotal, false));
        }

        rows.Add((InvoiceLabels.OtherTaxes, truth.OtherTaxes, false));
        rows.Add((InvoiceLabels.Total, truth.Total, true));
        return rows;
    }

    private static void DrawTaxes(PageCanvas page, InvoiceTruth truth, float left, float right, float top, float height)
    {
        var pad = page.FontPx * 0.6f;
        var lineHeight = page.LineHeight();
        page.Box(new SKRect(left, top, right, top + height), 2f);
        var y = top + pad;
        page.Text(InvoiceLabels.OtherTaxesTitle, left + pad, y, bold: true);
        y += lineHeight;

        var amountRight = right - pad;
        var amountWidth = Math.Max(page.Width(InvoiceLabels.TaxAmount, bold: true),
            truth.Taxes.Max(t => page.Width(ArsFormat.Number(t.Amount))));
        var rateRight = amountRight - amountWidth - pad * 2;
        page.Text(InvoiceLabels.TaxDescription, left + pad, y, bold: true);
        page.Text(InvoiceLabels.TaxRate, rateRight, y, bold: true, align: SKTextAlign.Right);
        page.Text(InvoiceLabels.TaxAmount, amountRight, y, bold: true, align: SKTextAlign.Right);
        y += lineHeight;
        var descriptions = TaxDescriptions(page, truth, left, right);
        for (var i = 0; i < truth.Taxes.Count; i++)
        {
            var tax = truth.Taxes[i];
            page.Text(ArsFormat.Number(tax.RatePercent), rateRight, y, align: SKTextAlign.Right);
            page.Text(ArsFormat.Number(tax.Amount), amountRight, y, align: SKTextAlign.Right);
            foreach (var line in descriptions[i])
            {
                page.Text(line, left + pad, y);
                y += lineHeight;
            }
        }

        var total = Money(truth.OtherTaxes);
        var labelRight = amountRight - page.Width(total) - pad;
        page.Text(InvoiceLabels.OtherTaxes, labelRight, y, bold: true, align: SKTextAlign.Right);
        page.Text(total, amountRight, y, align: SKTextAlign.Right);
    }

    // A tax's description on one line, or wrapped when the totals leave the box too narrow for it beside the rate.
    private static List<List<string>> TaxDescriptions(PageCanvas page, InvoiceTruth truth, float left, float right)
    {
        var pad = page.FontPx * 0.6f;
        var amountWidth = Math.Max(page.Width(InvoiceLabels.TaxAmount, bold: true), truth.Taxes.Max(t => page.Width(ArsFormat.Number(t.Amount))));
        var rateLeft = right - pad - amountWidth - pad * 2 - Math.Max(page.Width(InvoiceLabels.TaxRate, bold: true),
            truth.Taxes.Max(t => page.Width(ArsFormat.Number(t.RatePercent))));
        return [.. truth.Taxes.Select(t => page.Width(t.Description) <= rateLeft - pad - (left + pad)
            ? [t.Description]
            : page.Wrap(t.Description, rateLeft - pad - (left + pad)))];
    }
}
