using System.Text.RegularExpressions;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>
/// The issuer's block when it carries no labels, as many invoices print it: the name in the largest letters at the top
/// left (often over two lines), then the address and the IVA condition under it, in a column that shares its text rows
/// with the type box and the invoice's number block. The OCR merges those rows; the words' boxes separate them again:
/// a row is cut into segments at wide gaps, and the issuer's segments are those that start where the name starts.
/// </summary>
public static partial class InvoiceHeader
{
    /// <summary>Read without a label, from the page's typography: less sure than a labelled value.</summary>
    private const double Unlabelled = 0.85;

    /// <summary>Adds the issuer's name, address and IVA condition found in the lines before <paramref name="headerEnd"/>.</summary>
    public static void ReadIssuer(InvoiceReading reading, OcrPage page, int headerEnd)
    {
        var lines = page.Lines.Take(Math.Max(0, headerEnd)).ToList();
        if (lines.Count == 0) return;
        var body = MedianHeight(page);
        if (body <= 0) return;
        var segments = lines.Select((l, i) => (Index: i, Segments: Segments(l))).ToList();

        // The name: the segments in the largest type (not the type letter, not FACTURA/ORIGINAL), stacked at one left edge.
        var big = segments.SelectMany(s => s.Segments.Select(g => (s.Index, Segment: g)))
            .Where(s => s.Segment.Height >= body * 1.3 && IsName(s.Segment.Text))
            .ToList();
        if (big.Count == 0) return;
        var top = big.OrderByDescending(s => s.Segment.Height).ThenBy(s => s.Index).First();
        var left = top.Segment.Left;
        var tolerance = Math.Max(body * 2, 20);
        var name = big.Where(s => Math.Abs(s.Segment.Left - left) <= tolerance && s.Segment.Height >= top.Segment.Height * 0.75
                                  && Math.Abs(s.Index - top.Index) <= 2).OrderBy(s => s.Index).ToList();
        var nameText = string.Join(' ', name.Select(s => s.Segment.Text));
        if (nameText.Length >= 3) reading.IssuerNames.Add(new(nameText, name.Average(s => s.Segment.Confidence) * Unlabelled));

        // Under the name, in its column: the address (a segment with a number that is no label) and the IVA condition.
        var below = segments.Where(s => s.Index > name.Max(n => n.Index))
            .Select(s => (s.Index, Segment: s.Segments.FirstOrDefault(g => Math.Abs(g.Left - left) <= tolerance)))
            .Where(s => s.Segment is not null).ToList();
        foreach (var (_, segment) in below)
        {
            var text = segment!.Text;
            if (IvaConditionIn(text) is { } condition)
            {
                if (reading.IssuerIvaConditions.Count == 0) reading.IssuerIvaConditions.Add(new(condition, segment.Confidence * Unlabelled));
            }
            else if (reading.IssuerAddresses.Count == 0 && InvoiceLabels.In(text).Count == 0 && text.Any(char.IsAsciiDigit) && text.Any(char.IsLetter)
                     && !CuitLike().IsMatch(OcrValues.DigitsOf(text)))
            {
                reading.IssuerAddresses.Add(new(text, segment.Confidence * Unlabelled));
            }
        }
        // The issuer's IVA condition printed without its label anywhere in the header ("IVA Responsable Inscripto").
        if (reading.IssuerIvaConditions.Count == 0)
        {
            foreach (var line in lines)
            {
                if (InvoiceLabels.In(line.Text).Any(l => l.Name == InvoiceLabels.IvaCondition)) continue;
                if (IvaConditionIn(line.Text) is { } condition)
                {
                    reading.IssuerIvaConditions.Add(new(condition, line.Confidence * Unlabelled));
                    break;
                }
            }
        }
    }

    /// <summary>The IVA condition named in a text, in the words the domain uses, or null.</summary>
    public static string? IvaConditionIn(string text)
    {
        var folded = OcrText.Fold(text);
        return folded switch
        {
            _ when folded.Contains("responsable inscripto", StringComparison.Ordinal) || folded.Contains("resp. inscripto", StringComparison.Ordinal) => "Responsable Inscripto",
            _ when MonotributoShape().IsMatch(folded) => "Monotributista",
            _ when ExentoShape().IsMatch(folded) => "Exento",
            _ => null,
        };
    }

    /// <summary>A run of words with no wide gap between them: one column's text in a row the OCR merged.</summary>
    private sealed record Segment(string Text, int Left, double Height, double Confidence);

    private static List<Segment> Segments(OcrLine line)
    {
        var result = new List<Segment>();
        var words = line.Words.OrderBy(w => w.Left).ToList();
        var start = 0;
        for (var i = 1; i <= words.Count; i++)
        {
            var gap = i < words.Count ? words[i].Left - words[i - 1].Right : int.MaxValue;
            var height = Math.Max(words[i - 1].Height, i < words.Count ? words[i].Height : 0);
            // A gap wider than about three letters separates columns.
            if (gap <= height * 1.6) continue;
            var run = words.Skip(start).Take(i - start).ToList();
            result.Add(new Segment(OcrText.Normalize(string.Join(' ', run.Select(w => w.Text))), run[0].Left, Median(run.Select(w => (double)w.Height)), run.Average(w => w.Confidence)));
            start = i;
        }
        return result;
    }

    private static bool IsName(string text)
    {
        var folded = OcrText.Fold(text).Trim(' ', '.', ':');
        if (folded.Length < 3 || folded.Count(char.IsLetter) < 3) return false;
        if (InvoiceLabels.In(text).Count > 0) return false;
        return !NotAName().IsMatch(folded);
    }

    private static double MedianHeight(OcrPage page) => Median(page.Lines.SelectMany(l => l.Words).Where(w => w.Text.Length > 1).Select(w => (double)w.Height));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    [GeneratedRegex(@"^(?:factura|nota de (?:credito|debito)|recibo|original|duplicado|triplicado|cod(?:igo)?\.?\s*\d*|n[°o]?\s*\d*|comprobante.*|[abc])$")]
    private static partial Regex NotAName();

    [GeneratedRegex(@"monotribut|responsable\s+monotributo|pequeno\s+contribuyente")]
    private static partial Regex MonotributoShape();

    [GeneratedRegex(@"\b(?:iva\s+)?exento\b")]
    private static partial Regex ExentoShape();

    [GeneratedRegex(@"\d{2}\s?-?\s?\d{8}\s?-?\s?\d")]
    private static partial Regex CuitLike();
}
