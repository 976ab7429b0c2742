using System.Text.RegularExpressions;
using MiniMarket.Core.Domain;

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

    /// <summary>
    /// A name found under the type letter is a pass that lost the name's first row: its confidence times this falls under
    /// <see cref="InvoiceOcr.ConfidentEnough"/> (0.97 × 0.85 × 0.8 = 0.66), so another pass reads the page.
    /// </summary>
    private const double BelowTypeLetter = 0.8;

    /// <summary>Adds the issuer's name, address and IVA condition found in the lines before <paramref name="headerEnd"/>.</summary>
    public static void ReadIssuer(InvoiceReading reading, OcrPage page, int headerEnd)
    {
        var lines = page.Lines.Take(Math.Max(0, headerEnd)).ToList();
        if (lines.Count == 0) return;
        var body = MedianHeight(page);
        if (body <= 0) return;
        var segments = lines.Select((l, i) => (Index: i, Segments: Segments(l, body))).ToList();

        // The name: the topmost segment in large type (not the type letter, not FACTURA/ORIGINAL), continued on the rows
        // right under it that start at its left edge in type nearly as large ("Distribuidora Mayorista de" / "Golosinas
        // La Golondrina S.R.L."). Topmost, not largest: the OCR sometimes merges two lines of small text into one tall
        // line of nonsense further down the header. Large: 1.15 times the text's height at least (a long name is set
        // smaller to fit its column: 35 px over text of 29-30).
        var top = segments.SelectMany(s => s.Segments.Select(g => (s.Index, Segment: g)))
            .Where(s => s.Segment.Height >= body * 1.15 && IsName(s.Segment.Text, minLetters: 3))
            .OrderBy(s => s.Index).ThenBy(s => s.Segment.Left).FirstOrDefault();
        if (top.Segment is null) return;
        var left = top.Segment.Left;
        var tolerance = Math.Max(body * 2, 20);
        var name = new List<(int Index, Segment Segment)> { top };
        // A row the OCR gave between two of the name's (the voucher column's "Número: ...") has nothing at the name's left
        // edge: it is skipped. The name ends at a row that has something else there, or a gap of more than a row and a half.
        for (var next = top.Index + 1; next < segments.Count && next <= top.Index + 6; next++)
        {
            // Specks and the page's edge ("|", ",", a lone "y" in small type) are no text.
            var atLeft = segments[next].Segments.FirstOrDefault(g => g.Left < top.Segment.Right && g.Text.Any(char.IsLetterOrDigit) && g.Height >= body * 0.6);
            if (atLeft is null) continue;
            var previous = name[^1].Segment;
            // Under the name: at its left edge, or centred under it (a name centred in its box).
            var aligned = Math.Abs(atLeft.Left - left) <= tolerance || Math.Abs(atLeft.Left + atLeft.Right - top.Segment.Left - top.Segment.Right) / 2.0 <= tolerance;
            // In type nearly as large as the name's and larger than the text's: the address under a name in type only a
            // little larger than the text is no continuation.
            // Words the OCR was unsure of (a small address smeared into large boxes, "no a paa, puenos Ares") are none,
            // nor is an address whose accents and descenders make its words look tall ("Av. Hipólito Yrigoyen 3833 - Lanús").
            // Capitals leave more room between their rows than their height shows ("FRIGORÍFICO Y CHACINADOS" 37 px high,
            // "SAN JAVIER S.A." 41 px under it): a gap up to one and a half rows.
            var continued = aligned && atLeft.Height >= Math.Max(top.Segment.Height * 0.6, body * 1.12) && IsName(atLeft.Text, minLetters: 1)
                            && atLeft.Top - previous.Bottom <= previous.Height * 1.5 && (atLeft.Confidence >= 0.5 || LegalFormAlone(atLeft.Text))
                            && !AddressLike().IsMatch(OcrText.Fold(atLeft.Text));
            if (!continued) break;
            name.Add((next, atLeft));
        }
        var nameText = LegalForm(string.Join(' ', name.Select(s => WithLegalFormBeside(segments[s.Index].Segments, s.Segment))));
        // The name is printed beside the type box, never under its letter: a name found below the letter means the pass
        // dropped the name's first row (psm 6 reading "RUIZ SILVIA" / "BEATRIZ" as "BEATRIZ"), and is doubtful.
        var typeLetter = lines.Take(top.Index + 1).Select(l => TypeLetterIn(l, body)).FirstOrDefault(w => w is not null);
        var belowTypeLetter = typeLetter is not null && top.Segment.Top >= typeLetter.Top + typeLetter.Height;
        if (nameText.Length >= 3)
        {
            reading.UnlabelledIssuerNames.Add(new(nameText, name.Average(s => s.Segment.Confidence) * Unlabelled * (belowTypeLetter ? BelowTypeLetter : 1)));
        }

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

    /// <summary>
    /// A name's segment with the legal form that follows it in its row a wide space apart ("Grande" … "S.A."): in type as
    /// large, nearer than three times its height, alone in its segment.
    /// </summary>
    private static string WithLegalFormBeside(List<Segment> row, Segment segment)
    {
        var at = row.IndexOf(segment);
        if (at < 0 || at + 1 >= row.Count) return segment.Text;
        var next = row[at + 1];
        return LegalFormAlone(next.Text) && next.Height >= segment.Height * 0.6 && next.Left - segment.Right <= segment.Height * 3
            ? segment.Text + " " + next.Text
            : segment.Text;
    }

    /// <summary>A text that is only a legal form, whole or with its letters apart and its dots misread ("S.A.", "S R L", "Ss A,").</summary>
    private static bool LegalFormAlone(string text) =>
        StartsLegalForm().IsMatch(text.Trim()) || SpacedLegalForm().Match(" " + text.Trim()) is { Success: true, Index: 0 };

    /// <summary>The issuer's IVA condition named in a text without its label, in the words the domain uses, or null.</summary>
    public static string? IvaConditionIn(string text) => OcrValues.IvaConditionOf(text, asLabelled: false)?.DisplayName();

    /// <summary>A run of words with no wide gap between them: one column's text in a row the OCR merged.</summary>
    private sealed record Segment(string Text, int Left, int Right, int Top, int Bottom, double Height, double Confidence);

    private static List<Segment> Segments(OcrLine line, double body)
    {
        var result = new List<Segment>();
        var ordered = line.Words.OrderBy(w => w.Left).ToList();
        var words = ordered.Select((w, i) => IsCapitalI(ordered, i) ? w with { Text = "I" } : w).ToList();
        var start = 0;
        for (var i = 1; i <= words.Count; i++)
        {
            var gap = i < words.Count ? words[i].Left - words[i - 1].Right : int.MaxValue;
            var height = Math.Max(words[i - 1].Height, i < words.Count ? words[i].Height : 0);
            // A gap wider than 1.2 times the taller word's height separates columns (words are 0.4 to 0.6 of their height
            // apart); so does the type letter in its box, and a word that names the document ("FACTURA", "ORIGINAL")
            // begins another column.
            // A word wholly above or below the one before it is on another printed line that Tesseract joined to this one
            // (the type box's "Código N° 01" under its letter, read in the row of the name's second line).
            // A box's edge read as a word ("|", "[") stands between two columns: it ends the run before it and is no text.
            var cut = gap > height * 1.2 || IsTypeLetter(words, i - 1, body) || IsBoxEdge(words[i - 1])
                      || (i < words.Count && (IsTypeLetter(words, i, body) || IsBoxEdge(words[i]) || DocumentWord().IsMatch(OcrText.Fold(words[i].Text))
                                              || words[i].Top >= words[i - 1].Top + words[i - 1].Height || words[i].Top + words[i].Height <= words[i - 1].Top));
            if (!cut) continue;
            var run = words.Skip(start).Take(i - start).Where(w => !IsBoxEdge(w)).ToList();
            start = i;
            if (run.Count == 0) continue;
            result.Add(new Segment(OcrText.Normalize(Joined(run)), run[0].Left, run[^1].Right, run.Min(w => w.Top), run.Max(w => w.Top + w.Height),
                Median((run.Any(w => w.Text.Any(char.IsLetterOrDigit)) ? run.Where(w => w.Text.Any(char.IsLetterOrDigit)) : run).Select(w => (double)w.Height)),
                run.Average(w => w.Confidence)));
        }
        return result;
    }

    /// <summary>
    /// The words of a run as one text, those closer than a quarter of their height joined without a space: Tesseract splits
    /// a word in large type ("Belg rano", "ALB E RTO") where no space is printed (words are 0.4 to 0.6 of their height
    /// apart) — a piece that goes on in lower case, or capitals after capitals; never a word that joins others ("y", "de").
    /// </summary>
    private static string Joined(List<OcrWord> run)
    {
        // An "i" in large type read as "¡" ("Dan ¡el"): no name has an exclamation mark before a lower-case letter.
        string Text(int i) => InvertedI().Replace(run[i].Text, "i");
        var text = new System.Text.StringBuilder(Text(0));
        for (var i = 1; i < run.Count; i++)
        {
            var (before, after) = (Text(i - 1), Text(i));
            var split = run[i].Left - run[i - 1].Right < Math.Max(run[i].Height, run[i - 1].Height) * 0.25
                        && before.Length > 0 && after.Length > 0 && char.IsLetter(before[^1]) && char.IsLetter(after[0])
                        && (char.IsLower(after[0]) || (before.All(c => !char.IsLower(c)) && after.All(c => !char.IsLower(c))))
                        && !JoiningWord().IsMatch(OcrText.Fold(before)) && !JoiningWord().IsMatch(OcrText.Fold(after));
            text.Append(split ? "" : " ").Append(after);
        }
        return text.ToString();
    }

    [GeneratedRegex(@"¡(?=\p{Ll})")]
    private static partial Regex InvertedI();

    [GeneratedRegex("^(?:y|de|del|la|las|el|los|san|sa|srl|s)$")]
    private static partial Regex JoiningWord();

    /// <summary>
    /// A lone A, B, C (or M, E) much taller than the text and standing apart: the letter in the type box. The "A." of a
    /// name's "S .A." or "S A" in large type sits a space (0.4 to 0.6 of its height) from its "S"; the type letter stands
    /// in its box, farther than three quarters of its height from the name.
    /// </summary>
    private static bool IsTypeLetter(List<OcrWord> words, int i, double body)
    {
        var word = words[i];
        if (word.Text.Trim('|', '[', ']', '(', ')', '.', ' ') is not ("A" or "B" or "C" or "M" or "E") || word.Height < body * 1.5) return false;
        var apart = word.Height * 0.75;
        return (i == 0 || word.Left - words[i - 1].Right > apart) && (i == words.Count - 1 || words[i + 1].Left - word.Right > apart);
    }

    /// <summary>The type letter in its box (<see cref="IsTypeLetter"/>) among a line's words, or null.</summary>
    private static OcrWord? TypeLetterIn(OcrLine line, double body)
    {
        var words = line.Words.OrderBy(w => w.Left).ToList();
        var at = Enumerable.Range(0, words.Count).FirstOrDefault(i => IsTypeLetter(words, i, body), -1);
        return at < 0 ? null : words[at];
    }

    /// <summary>
    /// A bar that is a capital I: between words in capitals, as tall as they are (within a fifth) and closer to each than
    /// a quarter of its height — inside a word ("BEATR | Z" for "BEATRIZ"), not a box's edge, which stands apart from the
    /// text or beside a letter of another size.
    /// </summary>
    private static bool IsCapitalI(List<OcrWord> words, int i)
    {
        if (i == 0 || i == words.Count - 1 || !IsBoxEdge(words[i]) || words[i].Text.Length != 1) return false;
        var (before, bar, after) = (words[i - 1], words[i], words[i + 1]);
        bool Capitals(OcrWord w) => w.Text.Any(char.IsLetter) && w.Text.All(c => char.IsUpper(c) || c == '.');
        bool Beside(OcrWord w, int gap) => Capitals(w) && Math.Abs(w.Height - bar.Height) <= bar.Height * 0.2 && gap >= 0 && gap < bar.Height * 0.25;
        return Beside(before, bar.Left - before.Right) && Beside(after, after.Left - bar.Right);
    }

    /// <summary>A vertical rule of a box read as a word: only bars and brackets.</summary>
    private static bool IsBoxEdge(OcrWord word) => word.Text.Length > 0 && word.Text.All(c => c is '|' or '[' or ']' or '¦');

    private static bool IsName(string text, int minLetters)
    {
        var folded = OcrText.Fold(text).Trim(' ', '.', ':');
        if (folded.Count(char.IsLetter) < minLetters || (minLetters >= 3 && folded.Length < 3)) return false;
        // A label, except a bare "Total" ending a name ("Limpieza Total" over "Distribuidora S.A.").
        if (InvoiceLabels.In(text).Any(l => !(l.Name == InvoiceLabels.Total && l.Value.Length == 0))) return false;
        // An IVA condition printed in large type ("Responsable Inscripto" in the header's box) is no name.
        return !NotAName().IsMatch(folded) && IvaConditionIn(text) is null;
    }

    /// <summary>
    /// A legal form whose dots the OCR lost ("S R L", "S A") written as it is printed ("S.R.L.", "S.A."): no invoice prints
    /// the letters apart without them. Anything after a legal form is dropped.
    /// </summary>
    internal static string LegalForm(string name)
    {
        // A speck or a box's edge before the first letter ("\"Distribuidora", "|Lácteos") is no part of a name.
        var first = 0;
        while (first < name.Length && !char.IsLetterOrDigit(name[first])) first++;
        name = name[first..];
        // An "ñ" in large type read with the "n" under its tilde as well ("Companñía"): no Spanish word has "nñ".
        name = DoubledEnye().Replace(name, m => m.Value[^1..]);
        // A name ends at its legal form: what the OCR gave after it is another column's text or noise ("S.R.L A Riv a ia").
        if (EndOfLegalForm().Match(name) is { Success: true } end) name = name[..(end.Index + end.Length)];
        var match = SpacedLegalForm().Match(name);
        // An "L" in large type read as "E", "I" or "1" ("S.R.E."): no legal form is spelled that way.
        if (match.Success) name = name[..match.Index] + " " + string.Concat(match.Groups["l"].Captures.Select(c => c.Value + ".")) + (match.Groups["misreadL"].Success ? "L." : "");
        // Marks between the words ("'", "|") are none; a lone letter ("B", "[BB", a speck) is the type letter or noise:
        // dropped before the legal form or at the end, and a lone letter no name uses ("Ú") ends the name. "y" and "e"
        // join words; a letter after another is a name's initials.
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Any(char.IsLetterOrDigit)).ToList();
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i].Trim('[', ']', '(', ')', '|');
            var lone = word.Length == 1 ? char.IsLetter(word[0]) : word is "AA" or "BB" or "CC";
            if (!lone || word is "y" or "Y" or "e" or "E" || words[i - 1].Trim('.', ',').Length == 1) continue;
            if (!char.IsAsciiLetter(word[0]))
            {
                words.RemoveRange(i, words.Count - i);
                break;
            }
            // The type letter in its box ("[BB", "BB") is never part of a name, wherever the OCR put it.
            var boxed = word.Length == 2 || word.Length != words[i].Length;
            if (boxed || i == words.Count - 1 || StartsLegalForm().IsMatch(string.Join(' ', words.Skip(i + 1))))
            {
                words.RemoveAt(i--);
            }
        }
        return string.Join(' ', words);
    }

    private static double MedianHeight(OcrPage page) => Median(page.Lines.SelectMany(l => l.Words).Where(w => w.Text.Length > 1).Select(w => (double)w.Height));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    [GeneratedRegex(@"^(?:factura.*|nota de (?:credito|debito).*|recibo|original|duplicado|triplicado|cod(?:igo)?\.?\s*\d*|n(?:ro|o|°|º)?\.?\s*\d*|comprobante.*|[abcme])$")]
    private static partial Regex NotAName();

    [GeneratedRegex(@"^(?:factura|original|duplicado|triplicado|comprobante|nota|recibo|tique)\b")]
    private static partial Regex DocumentWord();

    /// <summary>
    /// "S R L", "S . R. L.", "SR L.", "S RL", "S,A", "S.A", "Ss A." (a dot read as "s"), "S . R » L.", "S.R.E." at the end of a name:
    /// the letters of a legal form apart, its dots lost or misread ("SRL" written whole is left as printed).
    /// </summary>
    [GeneratedRegex(@"\s(?:(?<l>S)s?[\s.,""'»«]*(?<l>R)[\s.,""'»«]+(?:(?<l>L)|(?<misreadL>[EI1]))|(?<l>S)s?[\s.,""'»«]+(?<l>R)(?<l>L)|(?<l>S)s?[\s.,""'»«]+(?<l>A)[\s.,""'»«]+(?<l>S)|(?<l>S)s?[\s.,""'»«]+(?<l>C)[\s.,""'»«]+(?<l>A)|(?<l>S)s?[\s.,""'»«]+(?<l>A)|(?<l>S)s?[\s.,""'»«]+(?<l>H))[\s.,""'»«]*$")]
    private static partial Regex SpacedLegalForm();

    [GeneratedRegex("[nN][ñÑ]")]
    private static partial Regex DoubledEnye();

    [GeneratedRegex(@"\d{2}\s?-?\s?\d{8}\s?-?\s?\d")]
    private static partial Regex CuitLike();

    /// <summary>An address: it starts with a kind of street ("Av.", "Calle", "Ruta") or has a door number before a dash or comma.</summary>
    [GeneratedRegex(@"^(?:av|avda|avenida|calle|ruta|bv|boulevard|pje|pasaje|diag|diagonal|km)\b|\b\d{2,5}\s*[-,]")]
    private static partial Regex AddressLike();

    /// <summary>The words left are only a legal form, whole or spelled apart: "S.R.L.", "S R L", "S.A.".</summary>
    [GeneratedRegex(@"^(?:S\.?\s?R\.?\s?L|S\.?\s?A\.?\s?S|S\.?\s?C\.?\s?A|S\.?\s?A|S\.?\s?H)\.?$")]
    private static partial Regex StartsLegalForm();

    /// <summary>A legal form written whole ("S.R.L", "S.A.", "S.A.S.", "SRL") with more words after it.</summary>
    [GeneratedRegex(@"(?<=\s)(?:S\.\s?R\.\s?L|S\.\s?A\.\s?S|S\.\s?C\.\s?A|S\.\s?A|S\.\s?H|SRL|SAS)\.?(?=\s+\S)")]
    private static partial Regex EndOfLegalForm();
}
