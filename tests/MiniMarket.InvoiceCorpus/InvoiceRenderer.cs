using System.Globalization;
using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// Draws an invoice as AFIP's "comprobante en línea" PDF looks when printed or scanned: A4 at 200 DPI (1654 × 2339 px),
/// the "ORIGINAL" strip, the two-half header with the letter square, the receiver box, the lines table, the totals at the
/// bottom right and the CAE footer. The label strings are part of the contract with the field extractor: see
/// <see cref="InvoiceLabels"/>.
/// </summary>
internal static partial class InvoiceRenderer
{
    public const int PageWidth = 1654;
    public const int PageHeight = 2339;
    private const float LetterBox = 150f;

    /// <summary>A clean page (white paper, near-black ink). Throws if the content would not fit the page.</summary>
    public static SKBitmap Render(InvoiceTruth truth, int seed)
    {
        var style = RenderStyle.From(seed);
        var bitmap = new SKBitmap(new SKImageInfo(PageWidth, PageHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var page = new PageCanvas(canvas, style);
        var left = style.MarginX;
        var right = PageWidth - style.MarginX;
        var gap = page.LineHeight() * 0.6f;

        var y = DrawOriginal(page, left, right, style.MarginY);
        y = DrawHeader(page, truth, style, left, right, y);
        y = DrawReceiver(page, truth, style, left, right, y + gap);
        // The totals sit just above the footer, as on AFIP's PDF (or right under a long table); the table gets what is left.
        var footerTop = PageHeight - style.MarginY - FooterHeight(page);
        var bottom = LayoutBottom(page, truth, left, right);
        var tableEnd = DrawLines(page, truth, left, right, y + gap, footerTop - gap - bottom.Height - gap - (y + gap));
        DrawBottom(page, truth, bottom, left, right, Math.Max(tableEnd + gap, footerTop - gap - bottom.Height));
        DrawFooter(page, truth, seed, left, right, footerTop);
        return bitmap;
    }

    internal static string Cuit(Cuit cuit, RenderStyle style) => style.CuitDashes ? cuit.ToString() : cuit.Digits;

    internal static string Date(DateOnly date) => BuenosAiresTime.FormatDate(date);

    internal static string Money(decimal amount) => "$ " + ArsFormat.Number(amount);

    internal static string Percent(decimal percent) => percent.ToString("0.##", ArsFormat.NumberFormat) + "%";

    internal static float DrawOriginal(PageCanvas page, float left, float right, float top, string copy = InvoiceLabels.Original)
    {
        var height = page.LineHeight() * 1.5f;
        page.Box(new SKRect(left, top, right, top + height));
        page.Text(copy, (left + right) / 2, top + (height - page.FontPx) / 2, bold: true, align: SKTextAlign.Center);
        return top + height;
    }

    internal static float DrawHeader(PageCanvas page, InvoiceTruth truth, RenderStyle style, float left, float right, float top)
    {
        var centre = (left + right) / 2;
        var pad = page.FontPx;

        // Left half: the issuer.
        var leftX = left + pad;
        var leftRight = centre - LetterBox / 2 - pad;
        var bigSize = page.FontPx * 1.45f;
        var ly = top + pad * 1.2f;
        foreach (var line in page.Wrap(truth.Issuer.TradeName ?? truth.Issuer.Name, leftRight - leftX, bold: true, bigSize))
        {
            page.Text(line, (leftX + leftRight) / 2, ly, bold: true, bigSize, SKTextAlign.Center);
            ly += page.LineHeight(bigSize);
        }

        ly += page.LineHeight() * 0.5f;
        ly = page.LabelValue(InvoiceLabels.IssuerName, truth.Issuer.Name, leftX, ly, leftRight);
        ly = page.LabelValue(InvoiceLabels.IssuerAddress, truth.Issuer.Address, leftX, ly, leftRight);
        ly = page.LabelValue(InvoiceLabels.IvaCondition, truth.Issuer.IvaCondition.DisplayName(), leftX, ly, leftRight);

        // Right half: the voucher.
        var rightX = centre + LetterBox / 2 + pad;
        var rightRight = right - pad * 0.6f;
        var titleSize = page.FontPx * 1.9f;
        var ry = top + pad * 1.2f;
        page.Text(InvoiceLabels.Factura, rightX, ry, bold: true, titleSize);
        ry += page.LineHeight(titleSize) * 1.1f;
        ry = DrawVoucherNumber(page, truth, style, rightX, ry, rightRight);
        ry = page.LabelValue(InvoiceLabels.IssueDate, Date(truth.IssueDate), rightX, ry, rightRight, boldValue: true);
        ry += page.LineHeight() * 0.6f;
        ry = page.LabelValue(InvoiceLabels.Cuit, Cuit(truth.Issuer.Cuit, style), rightX, ry, rightRight);
        ry = page.LabelValue(InvoiceLabels.GrossIncome, truth.Issuer.GrossIncomeNumber, rightX, ry, rightRight);
        ry = page.LabelValue(InvoiceLabels.ActivityStart, Date(truth.Issuer.ActivityStart), rightX, ry, rightRight);

        var bottom = Math.Max(Math.Max(ly, ry), top + LetterBox) + pad * 0.8f;
        page.Box(new SKRect(left, top, right, bottom));

        // The letter square sits on the top edge, with the AFIP code under the letter and a rule down to the bottom.
        var square = new SKRect(centre - LetterBox / 2, top, centre + LetterBox / 2, top + LetterBox * 0.92f);
        page.Fill(square, SKColors.White);
        page.Box(square);
        page.Line(centre, square.Bottom, centre, bottom);
        var letterSize = LetterBox * 0.58f;
        page.Text(truth.Type.Letter(), centre, top + LetterBox * 0.08f, bold: true, letterSize, SKTextAlign.Center);
        var codeSize = Math.Max(page.FontPx * 0.8f, 22f);
        page.Text(InvoiceLabels.Code(truth.Type), centre, square.Bottom - codeSize * 1.35f, bold: true, codeSize, SKTextAlign.Center);
        return bottom;
    }

    // "Punto de Venta: 00003    Comp. Nro: 00012345" on one line, in a slightly smaller size if need be (not below 22 px,
    // 8 pt), else on two lines.
    private static float DrawVoucherNumber(PageCanvas page, InvoiceTruth truth, RenderStyle style, float x, float top, float right)
    {
        var pointOfSale = truth.PointOfSale.ToString(style.PointOfSaleDigits == 5 ? "D5" : "D4", CultureInfo.InvariantCulture);
        var number = truth.Number.ToString("D8", CultureInfo.InvariantCulture);
        for (var size = page.FontPx; size >= Math.Max(22f, page.FontPx * 0.8f); size -= 1f)
        {
            var first = page.Width(InvoiceLabels.PointOfSale + " " + pointOfSale, bold: true, size);
            var spacing = size * 1.2f;
            var second = page.Width(InvoiceLabels.VoucherNumber + " " + number, bold: true, size);
            if (x + first + spacing + second <= right)
            {
                page.LabelValue(InvoiceLabels.PointOfSale, pointOfSale, x, top, right, size, boldValue: true);
                return page.LabelValue(InvoiceLabels.VoucherNumber, number, x + first + spacing, top, right, size, boldValue: true);
            }
        }

        top = page.LabelValue(InvoiceLabels.PointOfSale, pointOfSale, x, top, right, boldValue: true);
        return page.LabelValue(InvoiceLabels.VoucherNumber, number, x, top, right, boldValue: true);
    }

    internal static float DrawReceiver(PageCanvas page, InvoiceTruth truth, RenderStyle style, float left, float right, float top)
    {
        var pad = page.FontPx * 0.7f;
        var x = left + pad;
        var inner = right - pad;
        var column = left + (right - left) * style.ReceiverColumn;
        var y = top + pad;

        var a = page.LabelValue(InvoiceLabels.Cuit, Cuit(truth.Receiver.Cuit, style), x, y, column - pad);
        var b = page.LabelValue(InvoiceLabels.ReceiverName, truth.Receiver.Name, column, y, inner);
        y = Math.Max(a, b);

        var condition = truth.Receiver.IvaCondition.DisplayName();
        var conditionWidth = page.Width(InvoiceLabels.IvaCondition + " ", bold: true) + page.Width(condition);
        var addressColumn = Math.Max(column, x + conditionWidth + page.FontPx * 1.5f);
        a = page.LabelValue(InvoiceLabels.IvaCondition, condition, x, y, addressColumn - pad);
        b = page.LabelValue(InvoiceLabels.ReceiverAddress, truth.Receiver.Address, addressColumn, y, inner);
        y = Math.Max(a, b);

        y = page.LabelValue(InvoiceLabels.SaleCondition, truth.SaleCondition, x, y, inner);
        var bottom = y + pad * 0.6f;
        page.Box(new SKRect(left, top, right, bottom));
        return bottom;
    }
}
