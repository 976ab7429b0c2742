using System.Globalization;
using System.Text;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>A recognised word: its text, Tesseract's confidence (0..1) and its box.</summary>
public sealed record OcrWord(string Text, double Confidence, int Left, int Top, int Width, int Height)
{
    public int Right => Left + Width;
}

/// <summary>A line of words, left to right, and its text with OCR look-alikes normalised.</summary>
public sealed record OcrLine(IReadOnlyList<OcrWord> Words)
{
    public string Text { get; } = OcrText.Normalize(string.Join(' ', Words.Select(w => w.Text)));

    public int Top => Words.Count == 0 ? 0 : Words.Min(w => w.Top);

    public double Confidence => Words.Count == 0 ? 0 : Words.Average(w => w.Confidence);
}

/// <summary>A recognised page: its lines in reading order.</summary>
public sealed record OcrPage(IReadOnlyList<OcrLine> Lines)
{
    public string Text => string.Join('\n', Lines.Select(l => l.Text));

    public int WordCount => Lines.Sum(l => l.Words.Count);

    public double MeanConfidence => WordCount == 0 ? 0 : Lines.SelectMany(l => l.Words).Average(w => w.Confidence);

    /// <summary>
    /// Parses Tesseract's TSV output (level, page, block, paragraph, line, word, left, top, width, height, conf, text);
    /// only level-5 rows are words. Rows that don't parse are skipped: the TSV is Tesseract's, not the user's.
    /// </summary>
    public static OcrPage FromTsv(string tsv, int topOffset = 0)
    {
        var lines = new List<OcrLine>();
        var current = new List<OcrWord>();
        (string, string, string) key = default;
        foreach (var row in tsv.Split('\n'))
        {
            var cells = row.TrimEnd('\r').Split('\t');
            if (cells.Length < 12 || cells[0] != "5") continue;
            var text = cells[11].Trim();
            if (text.Length == 0) continue;
            var lineKey = (cells[2], cells[3], cells[4]);
            if (current.Count > 0 && lineKey != key)
            {
                lines.Add(new OcrLine(current));
                current = [];
            }
            key = lineKey;
            if (!int.TryParse(cells[6], CultureInfo.InvariantCulture, out var left)
                || !int.TryParse(cells[7], CultureInfo.InvariantCulture, out var top)
                || !int.TryParse(cells[8], CultureInfo.InvariantCulture, out var width)
                || !int.TryParse(cells[9], CultureInfo.InvariantCulture, out var height)
                || !double.TryParse(cells[10], CultureInfo.InvariantCulture, out var conf))
            {
                continue;
            }
            current.Add(new OcrWord(text, Math.Clamp(conf / 100, 0, 1), left, top + topOffset, width, height));
        }
        if (current.Count > 0) lines.Add(new OcrLine(current));
        return new OcrPage(lines);
    }
}

/// <summary>Helpers over pages.</summary>
public static class OcrPages
{
    /// <summary>The bands of one page, top to bottom, as one page.</summary>
    public static OcrPage Concat(IEnumerable<OcrPage> bands) => new(bands.SelectMany(b => b.Lines).ToList());
}

/// <summary>Text clean-up for OCR output: dashes, quotes and spaces that look alike become one character.</summary>
public static class OcrText
{
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            builder.Append(c switch
            {
                '\u2014' or '\u2013' or '\u2012' or '\u2212' or '\u2010' or '\u2011' or '~' => '-',
                '\u201C' or '\u201D' or '\u201E' or '«' or '»' => '"',
                '\u2018' or '\u2019' or '`' or '´' => '\'',
                '\u00A0' or '\t' => ' ',
                '|' => ' ',
                _ => c,
            });
        }
        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Lower case without accents, for matching labels ("Emisión", "EMISION" and "Emisi6n" all become "emision"-like).</summary>
    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) builder.Append(c);
        }
        return builder.ToString();
    }
}
