using System.Globalization;
using System.Text.RegularExpressions;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>
/// The detail of an invoice: its rows, found by the invoice's own arithmetic rather than by where the numbers sit. A row
/// is "code, description, quantity, unit price, amount" in any of the orders printed in Argentina (AFIP's own with unit,
/// discount, IVA rate and the amount with IVA; ERP prints with the quantity first; descriptions that end in numbers,
/// "Jabón en Polvo 800g", "Pack x 12"): among the numbers of the row, the quantity, unit price and amount are the three
/// for which quantity × unit price (less a discount printed between them) gives the amount to the cent. A row with
/// amounts that no reading makes add up is still returned, as a doubtful line a person checks — never dropped.
/// </summary>
public static partial class InvoiceDetail
{
    /// <summary>Confidence of a row whose numbers add up; a row that does not gets at most <see cref="Doubtful"/>.</summary>
    public const double Exact = 0.95;

    public const double Doubtful = 0.5;

    private enum Kind
    {
        Word,
        Amount,
        Count,
        Rate,
    }

    /// <summary>A token of a row: its text and what it can be read as.</summary>
    private sealed record Token(string Text, Kind Kind, decimal? Amount, decimal? Count, decimal? Rate);

    /// <summary>
    /// A row of the detail, or null when the line is not one (fewer than two amounts with cents: a header, a wrapped
    /// description, a note).
    /// </summary>
    public static OcrLineDto? ParseRow(OcrLine line)
    {
        var tokens = Tokens(line);
        if (tokens.Count < 3) return null;
        var amounts = tokens.Count(t => t.Amount is not null);
        if (amounts >= 2 && Exactly(tokens, line.Confidence) is { } exact) return exact;
        if (amounts >= 2 && WithoutASpeckedMinus(tokens) is { } unsigned && Exactly(unsigned, line.Confidence) is { } specked) return specked with { Confidence = Repaired };
        if (amounts + tokens.Count(t => LostMark(t) is not null) >= 2 && WithLostMark(tokens, line.Confidence) is { } repaired) return repaired;
        var misreadPrice = amounts == 1 && PriceWithADigitTooMany(tokens) >= 0;
        if ((amounts >= 2 || misreadPrice) && WithOneNumberWrong(tokens) is { } completed) return completed;
        if (amounts >= 2 || misreadPrice) return Roughly(tokens, line.Confidence);
        // One amount and, before it, a price whose separators the OCR misplaced ("1.48293"), the rest unreadable: a row all
        // the same, doubtful, for the person to fix — not a line dropped from the detail.
        return amounts == 1 && PriceWithLostMark(tokens) is { } withPrice ? Roughly(withPrice, line.Confidence) : null;
    }

    /// <summary>
    /// The row with the number right before its only amount read as a price that lost its decimal comma, when that number
    /// was printed with a separator in the wrong place ("1.48293") after a word of the description; null otherwise.
    /// </summary>
    private static List<Token>? PriceWithLostMark(List<Token> tokens)
    {
        var amountAt = tokens.FindLastIndex(t => t.Amount is not null);
        if (amountAt < 2) return null;
        var before = tokens[amountAt - 1];
        if (!before.Text.Contains('.', StringComparison.Ordinal) || LostMark(before) is not { } price || !tokens.Take(amountAt - 1).Any(t => t.Kind == Kind.Word)) return null;
        var repaired = tokens.ToList();
        repaired[amountAt - 1] = new Token(before.Text, Kind.Amount, price, null, null);
        return repaired;
    }

    /// <summary>
    /// The row with its last amount made positive when it alone was read negative after a positive price: a product's
    /// quantity × price is no negative amount, so the minus is a speck ("24,00 1.688,54 -40.524,96"). A discount line printed
    /// negative ("1 -1.000,00 -1.000,00") has a negative price too and keeps its sign. Null when there is no such minus.
    /// </summary>
    private static List<Token>? WithoutASpeckedMinus(List<Token> tokens)
    {
        var amountAt = tokens.FindLastIndex(t => t.Amount is not null);
        if (amountAt < 1 || tokens[amountAt].Amount >= 0 || tokens.Count(t => t.Amount < 0) != 1 || !tokens.Take(amountAt).Any(t => t.Amount > 0)) return null;
        var unsigned = tokens.ToList();
        unsigned[amountAt] = tokens[amountAt] with { Amount = -tokens[amountAt].Amount };
        return unsigned;
    }

    /// <summary>
    /// Where a row with one amount has its price read with a digit too many ("Pan Francés 1869 910,119 17.011,45"): right
    /// before the amount (or one token before it), after a word of the description; -1 when it has none.
    /// </summary>
    private static int PriceWithADigitTooMany(List<Token> tokens)
    {
        var amountAt = tokens.FindLastIndex(t => t.Amount is not null);
        for (var at = amountAt - 1; at >= Math.Max(1, amountAt - 2); at--)
        {
            if (ThreeDecimals().IsMatch(tokens[at].Text) && tokens.Take(at).Any(t => t.Kind == Kind.Word)) return at;
        }
        return -1;
    }

    /// <summary>Confidence of a row that adds up once a decimal mark the OCR lost is put back ("99149" for "991,49").</summary>
    public const double Repaired = 0.9;

    /// <summary>
    /// A row that adds up when one of its numbers gets back the decimal comma the OCR dropped ("6 unidades 99149 0,00
    /// 5.948,94": 6 × 991,49 = 5.948,94), or when the quantity lost its comma too ("1400 5.34429 74.820,06": 14,00 ×
    /// 5.344,29), tried only once one comma alone makes nothing add up. Quantity × price giving the amount to the cent is
    /// the evidence; the row is returned a little less sure than one read as printed, and not doubtful.
    /// </summary>
    private static OcrLineDto? WithLostMark(List<Token> tokens, double confidence)
    {
        var withOne = new List<List<Token>>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (LostMark(tokens[i]) is not { } amount) continue;
            var repaired = tokens.ToList();
            repaired[i] = new Token(tokens[i].Text, Kind.Amount, amount, null, null);
            if (Exactly(repaired, confidence) is { } line) return line with { Confidence = Repaired };
            withOne.Add(repaired);
        }
        foreach (var repaired in withOne)
        {
            for (var j = 0; j < repaired.Count; j++)
            {
                foreach (var quantity in WithoutTheirComma(repaired[j]))
                {
                    var both = repaired.ToList();
                    both[j] = new Token(repaired[j].Text, Kind.Count, null, quantity, null);
                    if (Exactly(both, confidence) is { } line) return line with { Confidence = Repaired };
                }
            }
        }
        return null;
    }

    /// <summary>
    /// A row that adds up once one number of it is put right: a price or an amount that lost its leading digits at a grid's
    /// rule ("4,00 … 112,19 4.448,76": 4.448,76 / 4 = 1.112,19, which ends in the digits read), a price with a digit too
    /// many from a speck ("9,29 393,554 3.655,99": 3.655,99 / 9,29 = 393,54), or a weight with one ("9,114" for 9,14). The
    /// quantity is the first number when it has decimals (an ERP row) or the number before the price. The arithmetic to the
    /// cent is the evidence, at least three digits read must match, and only one of the row's numbers may be the wrong one.
    /// </summary>
    private static OcrLineDto? WithOneNumberWrong(List<Token> tokens) => WithOneNumberWrong(tokens, lostMark: false) ?? WithOneNumberWrong(tokens, lostMark: true);

    /// <summary>
    /// <paramref name="lostMark"/>: the quantity before the price is read as a weight whose decimal comma the OCR lost
    /// ("1869" for 18,69; "2250" for 2,250), tried only once the quantity as read makes nothing add up.
    /// </summary>
    private static OcrLineDto? WithOneNumberWrong(List<Token> tokens, bool lostMark)
    {
        var amountAt = tokens.FindLastIndex(t => t.Amount is not null);
        if (amountAt < 2) return null;
        var amount = tokens[amountAt].Amount!.Value;
        var first = DecimalShape().IsMatch(tokens[0].Text) ? QuantitiesOf(tokens[0]).ToList() : [];
        for (var priceAt = amountAt - 1; priceAt >= Math.Max(1, amountAt - 2); priceAt--)
        {
            var price = tokens[priceAt].Amount;
            if (price is null && !ThreeDecimals().IsMatch(tokens[priceAt].Text)) continue;
            // The quantity: the first number of an ERP row, or the number before the price (a unit word may stand between).
            var before = priceAt >= 3 && tokens[priceAt - 1].Kind == Kind.Word && tokens[priceAt - 1].Text.Length <= 12 ? priceAt - 2 : priceAt - 1;
            var candidates = lostMark
                ? before >= 1 ? WithoutTheirComma(tokens[before]).Select(q => (q, before)) : []
                : first.Select(q => (q, 0)).Concat(before >= 1 ? QuantitiesOf(tokens[before]).Select(q => (q, before)) : []);
            foreach (var (quantity, quantityAt) in candidates)
            {
                // The price misread: amount / quantity; the amount: quantity × price; or the quantity before the price (a
                // weight with a digit too many, "9,114" for 9,14): amount / price. When more than one reading would do, the
                // row stays doubtful: only the subtotal can tell.
                var impliedPrice = Math.Round(amount / quantity, 2);
                var impliedAmount = price is { } read ? Math.Round(quantity * read, 2) : 0;
                var impliedQuantity = price is { } each && each > 0 ? Math.Round(amount / each, 3) : 0;
                var priceWrong = impliedPrice > 0 && CloseDigits(impliedPrice, tokens[priceAt].Text) && Math.Abs(Math.Round(quantity * impliedPrice, 2) - amount) <= 0.01m;
                var amountWrong = impliedAmount > 0 && CloseDigits(impliedAmount, tokens[amountAt].Text);
                var quantityWrong = !lostMark && impliedQuantity > 0 && OneDigitTooMany(impliedQuantity, tokens[quantityAt].Text) && Math.Abs(Math.Round(impliedQuantity * price!.Value, 2) - amount) <= 0.01m;
                if ((priceWrong ? 1 : 0) + (amountWrong ? 1 : 0) + (quantityWrong ? 1 : 0) != 1) continue;
                var repaired = tokens.ToList();
                if (lostMark) repaired[quantityAt] = new Token(tokens[quantityAt].Text, Kind.Count, null, quantity, null);
                if (priceWrong) repaired[priceAt] = new Token(tokens[priceAt].Text, Kind.Amount, impliedPrice, null, null);
                else if (amountWrong) repaired[amountAt] = new Token(tokens[amountAt].Text, Kind.Amount, impliedAmount, null, null);
                else repaired[quantityAt] = new Token(tokens[quantityAt].Text, Kind.Count, null, impliedQuantity, null);
                if (Exactly(repaired, 0) is { } line) return line with { Confidence = Repaired };
            }
        }
        return null;
    }

    /// <summary>A count of 3 to 6 digits read without separator ("1869"): the weight it is with two or three decimals.</summary>
    private static IEnumerable<decimal> WithoutTheirComma(Token token)
    {
        if (token.Count is not { } count || count <= 0 || token.Text.Length is < 3 or > 6 || !token.Text.All(char.IsAsciiDigit)) yield break;
        yield return count / 100;
        yield return count / 1000;
    }

    /// <summary>"393,554", "673,136": a price with a digit too many, read as no amount.</summary>
    [GeneratedRegex(@"^\d{1,3}(?:\.\d{3})*,\d{3}$")]
    private static partial Regex ThreeDecimals();

    /// <summary>
    /// Whether a value's digits are what was read with its leading digits lost (three or more kept), or with one digit too
    /// many after the first in a number that is no well-formed amount (four or more read). A digit changed is left to the
    /// subtotal (<see cref="InvoiceArithmetic.ChooseLines"/>), which says which of the row's numbers it was.
    /// </summary>
    private static bool CloseDigits(decimal value, string read)
    {
        var digits = value.ToString("0.00", CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal);
        var seen = new string(read.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        if (seen.Length < 3) return false;
        if (digits.Length > seen.Length) return digits.EndsWith(seen, StringComparison.Ordinal);
        // A well-formed amount ("4.448,76") has no digit too many: its grouping would show it.
        return OcrValues.ParseAmount(read) is null && seen.Length >= 4 && OneExtraDigit(seen, digits);
    }

    /// <summary>Whether a quantity read ("9,114", "1,100") is <paramref name="value"/> (9,14; 1,00) with one digit too many after the first.</summary>
    private static bool OneDigitTooMany(decimal value, string read)
    {
        var seen = new string(read.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return seen.Length >= 3 && new[] { "0.00", "0.000" }.Select(f => value.ToString(f, CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal).TrimStart('0'))
            .Any(digits => OneExtraDigit(seen, digits));
    }

    /// <summary>Whether <paramref name="seen"/> is <paramref name="digits"/> with one digit added after the first.</summary>
    private static bool OneExtraDigit(string seen, string digits) =>
        seen.Length == digits.Length + 1 && Enumerable.Range(1, seen.Length - 1).Any(k => seen.Remove(k, 1) == digits);

    /// <summary>A run of 3 to 10 digits (a separator or two read as nothing or a dot) that is no amount: the amount with its last two digits as cents.</summary>
    private static decimal? LostMark(Token token) =>
        token.Amount is not null || token.Rate is not null || token.Text.Contains(',', StringComparison.Ordinal) || token.Text.StartsWith('$')
            ? null
            : OcrValues.LostMarkAmount(token.Text, maxDigits: 10);

    /// <summary>
    /// The three numbers that add up. A row that starts with a quantity printed with decimals ("12,00", "3,47": no code
    /// has a decimal comma) is an ERP row with the quantity first; any other row is read with the rightmost quantity first
    /// (a description may end in a number: "Lavandina 1 L"), then with the quantity first.
    /// </summary>
    private static OcrLineDto? Exactly(List<Token> tokens, double confidence) =>
        DecimalShape().IsMatch(tokens[0].Text)
            ? QuantityFirst(tokens, confidence) ?? RightmostQuantity(tokens, confidence)
            : RightmostQuantity(tokens, confidence) ?? QuantityFirst(tokens, confidence);

    [GeneratedRegex(@"^\d{1,6},\d{2,3}$")]
    private static partial Regex DecimalShape();

    private static OcrLineDto? RightmostQuantity(List<Token> tokens, double confidence)
    {
        for (var price = tokens.Count - 2; price >= 1; price--)
        {
            if (tokens[price].Amount is not { } unitPrice || unitPrice <= 0) continue;
            for (var quantityAt = price - 1; quantityAt >= 0; quantityAt--)
            {
                // Only a unit word ("unidades", "kg") may stand between the quantity and the price.
                if (quantityAt < price - 1 && !(quantityAt == price - 2 && tokens[price - 1].Kind == Kind.Word && tokens[price - 1].Text.Length <= 12)) break;
                foreach (var quantity in QuantitiesOf(tokens[quantityAt]))
                {
                    for (var amountAt = price + 1; amountAt < tokens.Count && amountAt <= price + 2; amountAt++)
                    {
                        if (tokens[amountAt].Amount is not { } amount) continue;
                        // Between the price and the amount, the IVA rate ("21%") when quantity × price is the amount, else a
                        // discount percentage ("0,00", "10,00", "5%").
                        var between = amountAt == price + 2 ? tokens[price + 1] : null;
                        var asRate = between?.Rate is not null && Math.Abs(Math.Round(quantity * unitPrice, 2) - amount) <= 0.01m;
                        var discount = between is null || asRate ? 0m : DiscountOf(between);
                        if (discount is null) continue;
                        if (Math.Abs(Math.Round(quantity * unitPrice * (1 - discount.Value / 100), 2) - amount) > 0.01m) continue;
                        var rate = asRate ? between!.Rate : tokens.Skip(amountAt + 1).Select(t => t.Rate).FirstOrDefault(r => r is not null);
                        return Line(tokens, quantityAt, price, quantity, unitPrice, amount, rate, Math.Max(confidence, Exact));
                    }
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The quantity first (ERP prints "Cant. | Código | Artículo | P. Unitario | % IVA | Importe"): the price and the
    /// amount at the end, an IVA rate or a discount between them, the amount with IVA after them.
    /// </summary>
    private static OcrLineDto? QuantityFirst(List<Token> tokens, double confidence)
    {
        foreach (var first in QuantitiesOf(tokens[0]))
        {
            for (var amountAt = tokens.Count - 1; amountAt >= Math.Max(3, tokens.Count - 2); amountAt--)
            {
                if (tokens[amountAt].Amount is not { } last) continue;
                for (var price = amountAt - 1; price >= amountAt - 2 && price >= 2; price--)
                {
                    if (tokens[price].Amount is not { } each || each <= 0 || !tokens.Skip(1).Take(price - 1).Any(t => t.Kind == Kind.Word)) continue;
                    var between = price == amountAt - 2 ? tokens[price + 1] : null;
                    // Between them, an IVA rate ("21%") when quantity × price is the amount, else a discount.
                    var discount = between is null || (between.Rate is not null && Math.Abs(Math.Round(first * each, 2) - last) <= 0.01m) ? 0m : DiscountOf(between);
                    if (discount is null || Math.Abs(Math.Round(first * each * (1 - discount.Value / 100), 2) - last) > 0.01m) continue;
                    var rate = discount == 0 && between?.Rate is { } printed ? printed : tokens.Skip(amountAt + 1).Select(t => t.Rate).FirstOrDefault(r => r is not null);
                    return Line(tokens, 0, price, first, each, last, rate, Math.Max(confidence, Exact));
                }
            }
        }
        return null;
    }

    /// <summary>
    /// No reading adds up: the last amount is taken as the line's amount, the one before as the unit price (left empty when
    /// it was read with a digit too many), and the number before that (if any) as the quantity; the line is returned as
    /// doubtful so that the person fixes it.
    /// </summary>
    private static OcrLineDto Roughly(List<Token> tokens, double confidence)
    {
        var amountAt = tokens.FindLastIndex(t => t.Amount is not null);
        var priceAt = tokens.FindLastIndex(amountAt - 1, t => t.Amount is not null || ThreeDecimals().IsMatch(t.Text));
        // An ERP row, its quantity first with decimals: a "price" read in the first place is that quantity, the price was lost.
        var erp = amountAt > 0 && DecimalShape().IsMatch(tokens[0].Text);
        if (erp && priceAt == 0) priceAt = -1;
        var quantityAt = erp ? 0 : priceAt > 0 ? tokens.FindLastIndex(priceAt - 1, t => QuantityOf(t) is not null) : -1;
        var descriptionEnd = erp ? (priceAt > 0 ? priceAt : amountAt) : quantityAt >= 0 ? quantityAt : priceAt;
        return new OcrLineDto(CodeOf(tokens, descriptionEnd, skip: erp ? 1 : 0), DescriptionOf(tokens, descriptionEnd, excluding: erp ? 0 : -1),
            quantityAt >= 0 ? QuantityOf(tokens[quantityAt]) : null, priceAt >= 0 ? tokens[priceAt].Amount : null, tokens[amountAt].Amount,
            tokens.Select(t => t.Rate).LastOrDefault(r => r is not null), Math.Round(Math.Min(confidence, Doubtful), 3));
    }

    private static OcrLineDto Line(List<Token> tokens, int quantityAt, int priceAt, decimal quantity, decimal unitPrice, decimal amount, decimal? rate, double confidence)
    {
        var descriptionEnd = quantityAt == 0 ? priceAt : quantityAt;
        return new OcrLineDto(CodeOf(tokens, descriptionEnd, skip: quantityAt == 0 ? 1 : 0), DescriptionOf(tokens, descriptionEnd, excluding: quantityAt == 0 ? 0 : -1),
            quantity, unitPrice, amount, rate, Math.Round(confidence, 3));
    }

    /// <summary>The first token when it looks like a product code (digits and letters, no spaces, at least two digits or all capitals).</summary>
    private static string? CodeOf(List<Token> tokens, int end, int skip = 0)
    {
        if (end - skip < 2) return null;
        var first = tokens[skip].Text;
        return CodeShape().IsMatch(first) && (first.Count(char.IsAsciiDigit) >= 2 || first.All(c => !char.IsLower(c))) ? first : null;
    }

    private static string DescriptionOf(List<Token> tokens, int end, int excluding)
    {
        var start = excluding == 0 ? 1 : 0;
        if (CodeOf(tokens, end, start) is not null) start++;
        return string.Join(' ', tokens.Skip(start).Take(Math.Max(0, end - start)).Select(t => t.Text));
    }

    private static decimal? QuantityOf(Token token) => QuantitiesOf(token).Cast<decimal?>().FirstOrDefault();

    /// <summary>What a token can mean as a quantity: "10", "10,00", "2,250" (kg); "1.500" is 1.5 or, es-AR style, 1500.</summary>
    private static IEnumerable<decimal> QuantitiesOf(Token token)
    {
        if (token.Count is { } count && count > 0)
        {
            yield return count;
            if (ThousandsShape().IsMatch(token.Text)) yield return count * 1000;
        }
        else if (token.Amount is { } amount && amount > 0)
        {
            yield return amount;
        }
    }

    [GeneratedRegex(@"^\d{1,3}\.\d{3}$")]
    private static partial Regex ThousandsShape();

    /// <summary>A discount printed between price and amount: a percentage from 0 to 100.</summary>
    private static decimal? DiscountOf(Token token) => (token.Rate ?? token.Amount ?? token.Count) is { } d && d is >= 0 and <= 100 ? d : null;

    private static List<Token> Tokens(OcrLine line)
    {
        var tokens = new List<Token>();
        var height = line.Words.Select(w => w.Height).Order().ElementAtOrDefault(line.Words.Count / 2);
        var words = line.Words
            .Where(w => w.Height * 4 >= height || w.Text.Any(char.IsAsciiDigit)) // a speck of a grid's rule ("o", "." two pixels high)
            .SelectMany(w => Pieces(OcrText.Normalize(w.Text)))
            .Where(w => w.Length > 0 && w is not ("$" or "-")).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var text = words[i];
            // "$ 15" "230,50": an amount the OCR split at a wide space.
            if (i + 1 < words.Count && Digits3().IsMatch(text) && OcrValues.ParseAmount(words[i + 1]) is null && OcrValues.ParseAmount(text + words[i + 1]) is { } joined)
            {
                tokens.Add(new Token(text + words[i + 1], Kind.Amount, joined, null, null));
                i++;
                continue;
            }
            tokens.Add(Classify(text));
        }
        // Marks after the last number ("_", "o .", "|"): what is left of a grid's rule or a speck, not part of the row.
        while (tokens.Count > 0 && tokens[^1].Kind == Kind.Word && tokens[^1].Text.Length <= 2 && !tokens[^1].Text.Any(char.IsAsciiDigit)
               && tokens.Any(t => t.Amount is not null))
        {
            tokens.RemoveAt(tokens.Count - 1);
        }
        return tokens;
    }

    /// <summary>
    /// The parts of a word that a grid's vertical rule joined or clings to: "24,71|11249" (the rule is a space once
    /// normalised), "1,00/68621", "24,71:11249", "515,33)", "5.509,94!", "\"6,10".
    /// </summary>
    private static IEnumerable<string> Pieces(string word)
    {
        foreach (var piece in word.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (RuledNumbers().Match(piece) is { Success: true } ruled)
            {
                yield return ruled.Groups[1].Value;
                yield return ruled.Groups[2].Value;
                continue;
            }
            var trimmed = piece.Trim('(', ')', '[', ']', '/', '\\', '¦', '!', '"', '\'', '*');
            yield return trimmed.Length > 0 && trimmed.All(c => char.IsAsciiDigit(c) || c is '.' or ',') && trimmed.Any(char.IsAsciiDigit) ? trimmed : piece;
        }
    }

    /// <summary>A quantity with decimals and a code joined by a rule read as a slash, a colon or an exclamation mark: "1,00/68621".</summary>
    [GeneratedRegex(@"^(\d{1,6}[.,]\d{2,3})[/\\:!](\d{3,})$")]
    private static partial Regex RuledNumbers();

    private static Token Classify(string printed)
    {
        // A decimal comma read as a slash ("12/00" for 12,00): one slash before the last two or three digits of a number.
        // (A date has two; a fraction in a description, "1/2", has one digit after it.)
        var text = SlashedDecimal().IsMatch(printed) ? printed.Replace('/', ',') : printed;
        // A number is read as one only when it is mostly digits: "800g" and "473ml" stay words of the description.
        var digits = text.Count(char.IsAsciiDigit);
        var numberish = digits > 0 && digits >= text.Count(char.IsLetter) * 2 + 1;
        if (numberish && RateShape().Match(OcrValues.DigitsOf(text)) is { Success: true } rate)
            return new Token(printed, Kind.Rate, null, null, decimal.Parse(rate.Groups[1].Value.Replace(',', '.'), CultureInfo.InvariantCulture));
        if (numberish && OcrValues.ParseAmount(text) is { } amount) return new Token(printed, Kind.Amount, amount, null, null);
        if (numberish && CountShape().IsMatch(OcrValues.DigitsOf(text)))
        {
            var count = OcrValues.DigitsOf(text).Replace(',', '.');
            return new Token(printed, Kind.Count, null, decimal.Parse(count, CultureInfo.InvariantCulture), null);
        }
        return new Token(printed, Kind.Word, null, null, null);
    }

    /// <summary>"10", "1.5", "2,250" (a quantity with up to three decimals, no thousands separator).</summary>
    [GeneratedRegex(@"^\d{1,6}(?:[.,]\d{1,3})?$")]
    private static partial Regex CountShape();

    [GeneratedRegex(@"^\d{1,3}(?:\.\d{3})*/\d{2,3}$|^\d{1,6}/\d{2,3}$")]
    private static partial Regex SlashedDecimal();

    [GeneratedRegex(@"^(\d{1,3}(?:[.,]\d{1,2})?)%$")]
    private static partial Regex RateShape();

    [GeneratedRegex(@"^\$?\d{1,3}$")]
    private static partial Regex Digits3();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/-]{1,19}$")]
    private static partial Regex CodeShape();
}
