using MiniMarket.Core.Contracts;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// Combining the OCR results of an invoice's pages into the one result that is scored. The OCR reads one image at a time,
/// so the benchmark reads every page on its own and hands the results, in page order, to a
/// <c>Func&lt;IReadOnlyList&lt;OcrInvoiceDto&gt;, OcrInvoiceDto&gt;</c>: <see cref="Combine"/> unless the caller passes
/// another (OcrBenchmark.RunAsync's <c>combine</c> parameter). When the OCR learns to read several pages, replace this
/// function (or pass the OCR's own merge) and the benchmark measures it; nothing else changes.
/// </summary>
public static class OcrPageMerge
{
    /// <summary>
    /// A plain merge: one page is returned as is. Otherwise the header fields (type, number, date, issuer, receiver) are
    /// taken from the first page where they were found, the closing fields (CAE, subtotal, IVA, other taxes, total) from
    /// the last page where they were found, the lines of every page are concatenated in order (a "Transporte" row read as
    /// a line stays an extra line), timings are added up, the confidence is the lowest, the raw texts are joined with a form feed.
    /// </summary>
    public static OcrInvoiceDto Combine(IReadOnlyList<OcrInvoiceDto> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentOutOfRangeException.ThrowIfZero(pages.Count);
        if (pages.Count == 1)
        {
            return pages[0];
        }

        var last = pages.Reverse().ToList();
        var iva = last.FirstOrDefault(p => p.Iva.Count > 0)?.Iva ?? [];
        return new OcrInvoiceDto(
            First(pages, p => p.Type),
            First(pages, p => p.PointOfSale),
            First(pages, p => p.Number),
            First(pages, p => p.IssueDate),
            First(last, p => p.Cae),
            First(last, p => p.CaeDueDate),
            Party(pages, p => p.Issuer),
            Party(pages, p => p.Receiver),
            [.. pages.SelectMany(p => p.Lines)],
            First(last, p => p.Subtotal),
            iva,
            First(last, p => p.OtherTaxes),
            First(last, p => p.Total),
            pages.Min(p => p.Confidence),
            [.. pages.SelectMany(p => p.Warnings).Distinct()],
            string.Join("\f", pages.Select(p => p.RawText)),
            new OcrTimingsDto(
                pages.Sum(p => p.Timings.QueueMs), pages.Sum(p => p.Timings.DecodeMs), pages.Sum(p => p.Timings.PreprocessMs),
                pages.Sum(p => p.Timings.RecognizeMs), pages.Sum(p => p.Timings.ExtractMs), pages.Sum(p => p.Timings.TotalMs),
                pages.Sum(p => p.Timings.Passes)));
    }

    private static OcrField<T> First<T>(IEnumerable<OcrInvoiceDto> pages, Func<OcrInvoiceDto, OcrField<T>> field) =>
        pages.Select(field).FirstOrDefault(f => f.Found) ?? OcrField<T>.Missing;

    private static OcrPartyDto Party(IReadOnlyList<OcrInvoiceDto> pages, Func<OcrInvoiceDto, OcrPartyDto> party) => new(
        First(pages, p => party(p).Name),
        First(pages, p => party(p).Cuit),
        First(pages, p => party(p).IvaCondition),
        First(pages, p => party(p).Address));
}
