using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>
/// Parsers for the Argentine formats on an invoice, tolerant of what OCR does to them: letters read for digits
/// (O for 0, l or I for 1, S for 5, B for 8), spaces inside numbers, a comma read as a point.
/// </summary>
public static partial class OcrValues
{
    /// <summary>Maps the letters Tesseract confuses with digits, in a token that is meant to be a number.</summary>
    public static string DigitsOf(string token)
    {
        var builder = new StringBuilder(token.Length);
        foreach (var c in token)
        {
            builder.Append(c switch
            {
                'O' or 'o' or 'D' or 'Q' => '0',
                'l' or 'I' or 'i' or '!' or ']' or '[' => '1',
                'S' or 's' or '$' when builder.Length > 0 => '5',
                'B' => '8',
                'Z' or 'z' => '2',
                'G' or 'b' => '6',
                'g' or 'q' => '9',
                'T' => '7',
                'A' => '4',
                _ => c,
            });
        }
        return builder.ToString();
    }

    /// <summary>
    /// An amount whose decimal comma the OCR lost or read as a dot ("99149" for 991,49; "414.52405", "$414524,05" joined
    /// from "$ 414 52 4 05"): all its digits, the last two the cents. Null unless the text is only digits, dots and commas
    /// (after a leading "$") with 3 to <paramref name="maxDigits"/> digits. A guess: callers trust it only when the
    /// invoice's arithmetic confirms it.
    /// </summary>
    public static decimal? LostMarkAmount(string text, int maxDigits = 13)
    {
        var bare = text.TrimStart('$');
        var digits = new string(bare.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 3 || digits.Length > maxDigits || bare.Any(c => !char.IsAsciiDigit(c) && c is not ('.' or ','))) return null;
        return decimal.Parse(digits, CultureInfo.InvariantCulture) / 100;
    }

    /// <summary>
    /// An ARS amount as printed in es-AR (<c>$ 15.230,50</c>, <c>15230,50</c>, <c>-1.000,00</c>) or with OCR noise
    /// (<c>15.230.50</c>, <c>15 230,50</c>): the last separator followed by exactly two digits is the decimal one.
    /// Null when the text is not an amount with cents.
    /// </summary>
    public static decimal? ParseAmount(string text)
    {
        var cleaned = DigitsOf(text.Replace("$", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal)).Trim('.', ',', ':');
        var negative = cleaned.StartsWith('-');
        cleaned = cleaned.TrimStart('-');
        var match = AmountShape().Match(cleaned);
        if (!match.Success) return null;
        var integer = match.Groups["int"].Value.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (integer.Length is 0 or > 13) return null;
        var value = decimal.Parse(integer + "." + match.Groups["dec"].Value, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    [GeneratedRegex(@"^(?<int>\d{1,3}(?:[.,]\d{3})*|\d+)[.,](?<dec>\d{2})$")]
    private static partial Regex AmountShape();

    /// <summary>Every amount-looking token in a line, left to right, with the index of the word it starts at.</summary>
    public static IReadOnlyList<(decimal Value, int Word)> AmountsIn(IReadOnlyList<OcrWord> words, int fromWord = 0)
    {
        var found = new List<(decimal, int)>();
        for (var i = fromWord; i < words.Count; i++)
        {
            var text = OcrText.Normalize(words[i].Text);
            if (text is "$" or "-") continue;
            // "15" "230,50" split by a wide space: try the word joined with the next one first.
            if (i + 1 < words.Count && ParseAmount(text + words[i + 1].Text) is { } joined && ParseAmount(words[i + 1].Text) is null
                && Regex.IsMatch(text, @"^\$?\d{1,3}$", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                found.Add((joined, i));
                i++;
                continue;
            }
            if (ParseAmount(text) is { } value) found.Add((value, i));
        }
        return found;
    }

    /// <summary>A date written dd/mm/yyyy (also with - or . as separator), OCR digits fixed.</summary>
    public static DateOnly? ParseDate(string text)
    {
        var match = DateShape().Match(DigitsOf(text));
        if (!match.Success) return null;
        var day = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var year = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        if (year < 100) year += 2000;
        return year is >= 1990 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }

    [GeneratedRegex(@"(?<!\d)(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4}|\d{2})(?!\d)")]
    private static partial Regex DateShape();

    /// <summary>
    /// CUIT candidates in a text: 11 digits, with or without dashes or spaces. Those whose check digit is right come first;
    /// when none is, single-digit look-alike swaps (3/8, 1/7, 5/6, 0/8...) that make it right are offered as alternatives.
    /// </summary>
    public static IReadOnlyList<CuitReading> CuitCandidates(string text)
    {
        var result = new List<CuitReading>();
        foreach (Match match in CuitShape().Matches(DigitsOf(text)))
        {
            var digits = new string(match.Value.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length != 11) continue;
            if (Cuit.TryParse(digits, out _))
            {
                result.Add(new(digits, Valid: true, Corrected: false));
                continue;
            }
            result.AddRange(LookAlikes(digits).Where(d => Cuit.TryParse(d, out _)).Distinct().Select(d => new CuitReading(d, Valid: true, Corrected: true)));
            result.Add(new(digits, Valid: false, Corrected: false));
        }
        return result;
    }

    /// <summary>A CUIT as read (<see cref="Corrected"/> when one look-alike digit was swapped to make its check digit right).</summary>
    public sealed record CuitReading(string Digits, bool Valid, bool Corrected);

    [GeneratedRegex(@"(?<!\d)\d{2}\s?-?\s?\d{8}\s?-?\s?\d(?!\d)")]
    private static partial Regex CuitShape();

    private static readonly Dictionary<char, char[]> Confusions = new()
    {
        ['0'] = ['8', '6', '9'], ['1'] = ['7', '4'], ['3'] = ['8', '5', '9'], ['5'] = ['6', '3', '8'], ['6'] = ['5', '8', '0'],
        ['7'] = ['1'], ['8'] = ['3', '6', '0', '9'], ['9'] = ['8', '0', '3'], ['4'] = ['1'], ['2'] = ['7'],
    };

    /// <summary>Every string that differs from <paramref name="digits"/> in one digit by a common OCR confusion.</summary>
    public static IEnumerable<string> LookAlikes(string digits)
    {
        for (var i = 0; i < digits.Length; i++)
        {
            if (!Confusions.TryGetValue(digits[i], out var swaps)) continue;
            foreach (var swap in swaps)
            {
                yield return string.Concat(digits.AsSpan(0, i), swap.ToString(), digits.AsSpan(i + 1));
            }
        }
    }
    /// <summary>
    /// The IVA condition a text names, tolerating a letter or two the OCR misread ("Responsable Inseripto",
    /// "Monotributísta", "Sujeto Exenlo", "Responsabl e Ine pt o"). With <paramref name="asLabelled"/> false (text with no "IVA" label before it)
    /// "Inscripto" counts only after "Responsable" / "Resp." and a final consumer not at all: an issuer is never one.
    /// </summary>
    public static IvaCondition? IvaConditionOf(string text, bool asLabelled = true)
    {
        if (IvaConditions.TryParse(text, out var exact) && (asLabelled || exact != IvaCondition.ConsumidorFinal)) return exact;
        var words = WordsOf().Matches(OcrText.Fold(text)).Select(m => m.Value).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (Near(word, "inscripto", asLabelled ? 3 : 2) && (asLabelled || (i > 0 && (Near(words[i - 1], "responsable", 2) || words[i - 1] == "resp"))))
                return IvaCondition.ResponsableInscripto;
            if (word.StartsWith("monotrib", StringComparison.Ordinal) || Near(word, "monotributista", 2) || Near(word, "monotributo", 2)
                || (word == "pequeno" && i + 1 < words.Count && Near(words[i + 1], "contribuyente", 2)))
                return IvaCondition.Monotributista;
            if (Near(word, "exento", 1)) return IvaCondition.Exento;
            if (asLabelled && Near(word, "consumidor", 2)) return IvaCondition.ConsumidorFinal;
        }
        // After its label, "Responsable" and a garbled rest ("Responsabl e Ine pt o") is Inscripto: a Monotributista's
        // "Responsable Monotributo" was read above.
        return asLabelled && words.Any(w => Near(w, "responsable", 2)) ? IvaCondition.ResponsableInscripto : null;
    }

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex WordsOf();

    /// <summary>Whether a word is within <paramref name="edits"/> letters (changed, added or dropped) of another, of which it keeps at least the length less the edits.</summary>
    public static bool Near(string word, string target, int edits)
    {
        if (Math.Abs(word.Length - target.Length) > edits) return false;
        var previous = new int[target.Length + 1];
        var current = new int[target.Length + 1];
        for (var j = 0; j <= target.Length; j++) previous[j] = j;
        for (var i = 1; i <= word.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= target.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (word[i - 1] == target[j - 1] ? 0 : 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[target.Length] <= edits;
    }
}
