namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// <see cref="InvoiceLayouts.Afip"/>: the classic renderer's parts (<see cref="InvoiceRenderer"/>: header with the letter
/// square, receiver box, grey-band table, totals with all six IVA rates, QR and CAE footer) under an "ORIGINAL",
/// "DUPLICADO" or "TRIPLICADO" strip, with AFIP's own labels. A following page repeats the strip over a short header.
/// </summary>
internal sealed class AfipLayout(InvoiceTruth truth, int seed)
    : LayoutRenderer(truth, seed, StyleFor(seed, 1), LayoutWording.Afip(RandomFor(seed, 1)))
{
    public override TableLook Look => TableLook.Band;

    public override IReadOnlyList<TableColumn> Columns() => InvoiceRenderer.Columns(Truth);

    public override float DrawFirstHeader(PageCanvas page)
    {
        var gap = page.LineHeight() * 0.6f;
        var y = InvoiceRenderer.DrawOriginal(page, Left, Right, Top, Wording.Copy);
        y = InvoiceRenderer.DrawHeader(page, Truth, Style, Left, Right, y);
        return InvoiceRenderer.DrawReceiver(page, Truth, Style, Left, Right, y + gap);
    }

    public override float DrawNextHeader(PageCanvas page, float top, int pageNumber, int pageCount)
    {
        var y = InvoiceRenderer.DrawOriginal(page, Left, Right, top, Wording.Copy);
        return base.DrawNextHeader(page, y + page.LineHeight() * 0.4f, pageNumber, pageCount);
    }

    public override float BottomHeight(PageCanvas page) => InvoiceRenderer.LayoutBottom(page, Truth, Left, Right).Height;

    public override void DrawBottom(PageCanvas page, float top) =>
        InvoiceRenderer.DrawBottom(page, Truth, InvoiceRenderer.LayoutBottom(page, Truth, Left, Right), Left, Right, top);

    public override float FooterHeight(PageCanvas page, bool last) =>
        last ? InvoiceRenderer.FooterHeight(page, InvoiceRenderer.AfipQrSize) : page.LineHeight() * 1.6f;

    public override void DrawFooter(PageCanvas page, float top, int pageNumber, int pageCount, bool last) =>
        InvoiceRenderer.DrawFooter(page, Truth, Seed, Left, Right, top, Wording.Page(pageNumber, pageCount), last, realQr: true);
}
