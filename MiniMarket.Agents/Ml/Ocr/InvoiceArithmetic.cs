using System.Globalization;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>The invoice's amounts, each with its confidence.</summary>
public sealed record InvoiceAmounts(OcrField<decimal?> Subtotal, IReadOnlyList<OcrIvaDto> Iva, OcrField<decimal?> OtherTaxes, OcrField<decimal?> Total);

/// <summary>
/// Uses the invoice's own arithmetic to pick between what the passes read: of all combinations of the subtotal, IVA,
/// other taxes and total candidates, the one that adds up (to the cent) is taken and its fields are trusted; if none
/// adds up, the most confident readings are kept and the difference is reported, so a person decides.
/// </summary>
public static class InvoiceArithmetic
{
    /// <summary>Beyond this many combinations the search stops: a page never has that many candidate amounts.</summary>
    private const int MaxCombinations = 4096;

    /// <summary>
    /// The amounts; with <paramref name="knownTotal"/> (the total of AFIP's QR code) the parts are chosen to add up to
    /// that total, which stands whether they do or not.
    /// </summary>
    public static InvoiceAmounts Choose(IReadOnlyList<InvoiceReading> readings, string? type, List<OcrWarningDto> warnings, Candidate<decimal>? knownTotal = null)
    {
        var subtotals = Distinct(readings.SelectMany(r => r.Subtotals));
        var totals = knownTotal is null ? Distinct(readings.SelectMany(r => r.Totals)) : [knownTotal];
        var others = Distinct(readings.SelectMany(r => r.OtherTaxes));
        var ivaByRate = readings.SelectMany(r => r.Iva).GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key, g => Distinct(g.Select(kv => kv.Value)));
        // Only type A shows IVA apart; on B and C the subtotal already includes it.
        var ivaCounts = type is "B" or "C" ? 0 : 1;

        (Candidate<decimal>? Sub, List<(decimal Rate, Candidate<decimal> Amount)> Iva, Candidate<decimal>? Other, Candidate<decimal>? Total, double Score)? closing = null;
        var combinations = 0;
        foreach (var sub in subtotals)
        foreach (var total in totals)
        foreach (var other in others.DefaultIfEmpty(new Candidate<decimal>(0, 0.5)))
        foreach (var iva in IvaCombinations(ivaByRate))
        {
            if (++combinations > MaxCombinations) break;
            var expected = sub.Value + ivaCounts * iva.Sum(i => i.Amount.Value) + other.Value;
            if (Math.Abs(expected - total.Value) > 0.02m) continue;
            var score = sub.Confidence + total.Confidence + other.Confidence + iva.Sum(i => i.Amount.Confidence);
            if (closing is null || score > closing.Value.Score) closing = (sub, iva, other, total, score);
        }
        if (closing is { } c)
        {
            return new InvoiceAmounts(
                Trusted(c.Sub), c.Iva.Where(i => i.Amount.Value != 0 || readings.Any(r => r.Iva.ContainsKey(i.Rate)))
                    .Select(i => new OcrIvaDto(i.Rate, i.Amount.Value, Trust(i.Amount.Confidence))).OrderByDescending(i => i.RatePercent).ToList(),
                others.Count == 0 ? OcrField<decimal?>.Missing : Trusted(c.Other), Trusted(c.Total));
        }

        var subtotal = InvoiceAssembler.Choose(readings.SelectMany(r => r.Subtotals));
        var chosenTotal = knownTotal ?? InvoiceAssembler.Choose(readings.SelectMany(r => r.Totals));
        var chosenOther = InvoiceAssembler.Choose(readings.SelectMany(r => r.OtherTaxes));
        var ivas = ivaByRate.Select(kv => (Rate: kv.Key, Amount: InvoiceAssembler.Choose(readings.SelectMany(r => r.Iva).Where(i => i.Key == kv.Key).Select(i => i.Value))!))
            .OrderByDescending(i => i.Rate).ToList();
        if (subtotal is not null && chosenTotal is not null)
        {
            var expected = subtotal.Value + ivaCounts * ivas.Sum(i => i.Amount.Value) + (chosenOther?.Value ?? 0);
            var difference = chosenTotal.Value - expected;
            var code = Tolerance.WithinOnePercent(expected, chosenTotal.Value) ? "totales_redondeo" : "totales_no_cierran";
            warnings.Add(new(code, "total", string.Create(CultureInfo.InvariantCulture,
                $"El total leído ({ArsFormat.Number(chosenTotal.Value)}) difiere en {ArsFormat.Number(difference)} de la suma de sus partes ({ArsFormat.Number(expected)}).")));
        }
        return new InvoiceAmounts(Doubtful(subtotal), ivas.Select(i => new OcrIvaDto(i.Rate, i.Amount.Value, Math.Min(i.Amount.Confidence, 0.5))).ToList(),
            Doubtful(chosenOther), knownTotal is null ? Doubtful(chosenTotal) : Trusted(knownTotal));
    }

    /// <summary>
    /// The detail as the passes read it, checked against the subtotal: the pass whose lines add up to it wins (then the one
    /// with more lines that add up); a doubtful line is replaced by the same line of another pass where that one adds up;
    /// and when exactly one line is still doubtful and the others add up, the subtotal says what its amount must be — the
    /// line is repaired when its quantity × price agrees, or (a line that did not add up) keeps the amount the subtotal
    /// implies and stays doubtful.
    /// </summary>
    public static IReadOnlyList<OcrLineDto> ChooseLines(IReadOnlyList<IReadOnlyList<InvoiceReading>> pages, InvoiceAmounts amounts, List<OcrWarningDto> warnings)
    {
        var subtotal = amounts.Subtotal.Value;
        bool Closes(IReadOnlyList<OcrLineDto> lines) => subtotal is { } s && lines.Count > 0 && Math.Abs(lines.Sum(l => l.Amount ?? 0) - s) <= 0.01m * lines.Count;
        // Each page's passes, the better one first; then the first combination across pages (a few passes, a few pages)
        // whose rows add up to the subtotal, or else the best pass of every page.
        // Each pass also with the rows another pass read exactly and it missed (a row dropped by one pass, read by another).
        var perPage = pages.Select(p => p.Select(r => Merged(r.Lines, p)).Where(l => l.Count > 0)
                .SelectMany(l => new[] { WithMissedRows(l, p), l }).DistinctBy(l => string.Join('|', l.Select(x => x.Amount)))
                .OrderByDescending(l => l.Count(x => x.Confidence >= InvoiceDetail.Exact)).ThenByDescending(l => l.Count).Take(4).ToList())
            .Where(p => p.Count > 0).ToList();
        if (perPage.Count == 0) return [];
        var combinations = perPage.Aggregate((IEnumerable<List<OcrLineDto>>)[[]], (partial, page) => partial.SelectMany(p => page.Select(c => p.Concat(c).ToList())));
        var best = combinations.Take(256).FirstOrDefault(Closes) ?? perPage.SelectMany(p => p[0]).ToList();
        var doubtful = best.Select((l, i) => (Line: l, Index: i)).Where(x => x.Line.Confidence < InvoiceDetail.Exact).ToList();
        if (subtotal is { } total && doubtful.Count == 1 && !Closes(best))
        {
            var (line, index) = doubtful[0];
            var implied = total - best.Where((_, i) => i != index).Sum(l => l.Amount ?? 0);
            if (implied > 0 && line.Quantity is { } q && line.UnitPrice is { } p && Math.Abs(Math.Round(q * p, 2) - implied) <= 0.01m)
            {
                best[index] = line with { Amount = implied, Confidence = 0.9 };
                warnings.Add(new("linea_reparada", $"lines[{index}]", string.Create(CultureInfo.InvariantCulture,
                    $"El importe de la línea {index + 1} ({line.Description}) se leyó mal; se tomó {ArsFormat.Number(implied)}, que da cantidad x precio y cierra con el subtotal.")));
            }
            else if (implied > 0 && line.Confidence < InvoiceDetail.Repaired)
            {
                // A row that does not add up takes the amount the subtotal leaves, and stays doubtful. A row that adds up
                // (repaired) keeps its own arithmetic: the difference is then a row no pass read, and the detail is left
                // not closing, with its warning, rather than closed by an amount its quantity × price contradicts.
                best[index] = line with { Amount = implied, Confidence = Math.Min(line.Confidence, InvoiceDetail.Doubtful) };
            }
        }
        return best;
    }

    /// <summary>
    /// A pass's rows, each doubtful or repaired one replaced by the same row of another pass of the page where that one
    /// adds up as read (or, for a doubtful one, once repaired). The same row is the one at the same place when both passes
    /// read as many rows, else the nearest one with the same amount (a pass that dropped or split a row).
    /// </summary>
    private static List<OcrLineDto> Merged(IReadOnlyList<OcrLineDto> lines, IReadOnlyList<InvoiceReading> page)
    {
        var merged = lines.ToList();
        foreach (var other in page.Select(r => r.Lines))
        {
            for (var i = 0; i < merged.Count; i++)
            {
                var same = other.Count == merged.Count ? other[i] : SameAmount(other, merged[i], i);
                if (same is not null && same.Confidence >= InvoiceDetail.Repaired && same.Confidence > merged[i].Confidence) merged[i] = same;
            }
        }
        return merged;
    }

    /// <summary>
    /// A pass's rows with those another pass of the page read and this one did not: the two passes' rows are aligned by
    /// their amounts (the longest run in common, in order), and where the other pass has rows that add up between two
    /// rows both read (or before the first, after the last) and this one has none there, or only as many doubtful ones,
    /// the other's are put in.
    /// </summary>
    private static List<OcrLineDto> WithMissedRows(List<OcrLineDto> lines, IReadOnlyList<InvoiceReading> page)
    {
        var result = lines.ToList();
        foreach (var other in page.Select(r => r.Lines).Where(o => o.Count > 0))
        {
            var pairs = Aligned(result, other);
            if (pairs.Count == 0) continue;
            var anchors = new List<(int Mine, int Theirs)> { (-1, -1) };
            anchors.AddRange(pairs);
            anchors.Add((result.Count, other.Count));
            var rebuilt = new List<OcrLineDto>();
            for (var k = 0; k + 1 < anchors.Count; k++)
            {
                var (mine, theirs) = anchors[k];
                if (mine >= 0) rebuilt.Add(result[mine]);
                var ownGap = result.Skip(mine + 1).Take(anchors[k + 1].Mine - mine - 1).ToList();
                var theirGap = other.Skip(theirs + 1).Take(anchors[k + 1].Theirs - theirs - 1).ToList();
                var takeTheirs = theirGap.Count > 0 && theirGap.All(l => l.Confidence >= InvoiceDetail.Repaired)
                                 && (ownGap.Count == 0 || (ownGap.Count == theirGap.Count && ownGap.All(l => l.Confidence < InvoiceDetail.Repaired)));
                rebuilt.AddRange(takeTheirs ? theirGap : ownGap);
            }
            result = rebuilt;
        }
        return result;
    }

    /// <summary>The pairs of rows (index in <paramref name="a"/>, index in <paramref name="b"/>) of the longest common run of amounts, in order.</summary>
    private static List<(int, int)> Aligned(List<OcrLineDto> a, List<OcrLineDto> b)
    {
        var length = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        for (var j = b.Count - 1; j >= 0; j--)
        {
            length[i, j] = a[i].Amount is { } x && x == b[j].Amount ? length[i + 1, j + 1] + 1 : Math.Max(length[i + 1, j], length[i, j + 1]);
        }
        var pairs = new List<(int, int)>();
        for (int i = 0, j = 0; i < a.Count && j < b.Count;)
        {
            if (a[i].Amount is { } x && x == b[j].Amount)
            {
                pairs.Add((i++, j++));
            }
            else if (length[i + 1, j] >= length[i, j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return pairs;
    }

    private static OcrLineDto? SameAmount(IReadOnlyList<OcrLineDto> lines, OcrLineDto line, int index) =>
        line.Amount is not { } amount ? null
            : lines.Select((l, i) => (Line: l, Distance: Math.Abs(i - index))).Where(x => x.Line.Amount == amount).OrderBy(x => x.Distance).Select(x => x.Line).FirstOrDefault();

    /// <summary>The detail must add up to the subtotal (net on A, with IVA on B and C); if not, a line was misread or missed.</summary>
    public static void CheckLines(IReadOnlyList<OcrLineDto> lines, InvoiceAmounts amounts, string? type, List<OcrWarningDto> warnings)
    {
        if (lines.Count == 0)
        {
            warnings.Add(new("sin_detalle", "lines", "No se pudo leer el detalle de la factura."));
            return;
        }
        if (amounts.Subtotal.Value is not { } subtotal) return;
        var sum = lines.Sum(l => l.Amount ?? 0);
        if (Math.Abs(sum - subtotal) > 0.02m * lines.Count)
        {
            warnings.Add(new("detalle_no_cierra", "lines", string.Create(CultureInfo.InvariantCulture,
                $"Las líneas leídas suman {ArsFormat.Number(sum)} y el subtotal es {ArsFormat.Number(subtotal)}{(type == "A" ? " (neto gravado)" : "")}: falta o está mal leída alguna línea.")));
        }
        foreach (var (line, index) in lines.Select((l, i) => (l, i)).Where(x => x.l.Confidence < 0.6))
        {
            warnings.Add(new("linea_dudosa", $"lines[{index}]", $"La línea {index + 1} ({line.Description}) no cierra: cantidad x precio no da su importe."));
        }
    }

    private static List<Candidate<decimal>> Distinct(IEnumerable<Candidate<decimal>> candidates) =>
        candidates.GroupBy(c => c.Value).Select(g => new Candidate<decimal>(g.Key, g.Max(c => c.Confidence))).ToList();

    private static IEnumerable<List<(decimal Rate, Candidate<decimal> Amount)>> IvaCombinations(Dictionary<decimal, List<Candidate<decimal>>> byRate)
    {
        IEnumerable<List<(decimal, Candidate<decimal>)>> result = [[]];
        foreach (var (rate, candidates) in byRate.OrderBy(kv => kv.Key))
        {
            result = result.SelectMany(partial => candidates.Select(c => new List<(decimal, Candidate<decimal>)>(partial) { (rate, c) }));
        }
        return result;
    }

    /// <summary>A field confirmed by the arithmetic: at least 0.95, even if the OCR hesitated over its glyphs.</summary>
    private static double Trust(double confidence) => Math.Round(Math.Max(confidence, 0.95), 3);

    private static OcrField<decimal?> Trusted(Candidate<decimal>? candidate) =>
        candidate is null ? OcrField<decimal?>.Missing : new OcrField<decimal?>(candidate.Value, Trust(candidate.Confidence));

    private static OcrField<decimal?> Doubtful(Candidate<decimal>? candidate) =>
        candidate is null ? OcrField<decimal?>.Missing : new OcrField<decimal?>(candidate.Value, Math.Round(Math.Min(candidate.Confidence, 0.5), 3));
}
