using System.Globalization;
using System.Text.RegularExpressions;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>
/// Reads the fields of an AFIP invoice out of one recognised page: values follow their printed labels ("Punto de
/// Venta:", "CUIT:", "Importe Total:") up to the next label on the same line, so two columns merged into one line by
/// the OCR still split right; the detail is the rows between the table header and the first totals label.
/// </summary>
public static partial class InvoiceFieldExtractor
{
    public static InvoiceReading Read(OcrPage page)
    {
        var reading = new InvoiceReading { RawText = page.Text, WordCount = page.WordCount, MeanConfidence = page.MeanConfidence };
        var medianHeight = MedianWordHeight(page);
        var detailStart = 0;
        int? totalsStart = null;
        int? pendingPointOfSale = null;
        var pendingConfidence = 0.0;
        var labelsByLine = page.Lines.Select(l => InvoiceLabels.In(l.Text)).ToList();
        // The receiver's box starts at the line of its "Apellido y Nombre / Razón Social" label (its CUIT sits beside it);
        // without that label, the first CUIT is the issuer's and the next one the receiver's.
        var receiverStart = labelsByLine.FindIndex(labels => labels.Any(l => l.Name == InvoiceLabels.ReceiverName));
        bool IsReceiver(int line, List<List<Candidate<OcrValues.CuitReading>>> issuerCuits) =>
            receiverStart >= 0 ? line >= receiverStart : issuerCuits.Count > 0;
        for (var i = 0; i < page.Lines.Count; i++)
        {
            var line = page.Lines[i];
            var confidence = line.Confidence;
            var labels = labelsByLine[i];
            reading.InvoiceLabelsFound += labels.Count;
            for (var l = 0; l < labels.Count; l++)
            {
                var label = labels[l];
                if (label.Value.Length == 0 && i + 1 < page.Lines.Count && label.Name is InvoiceLabels.IssuerName or InvoiceLabels.ReceiverName
                        or InvoiceLabels.IssuerAddress or InvoiceLabels.ReceiverAddress or InvoiceLabels.IvaCondition)
                {
                    // A label without a value beside it: the value is printed under it, at the start of the next line.
                    label = label with { Value = InvoiceLabels.Prefix(page.Lines[i + 1].Text, labelsByLine[i + 1]) };
                }
                switch (label.Name)
                {
                    case InvoiceLabels.IssuerName: AddText(reading.IssuerNames, label.Value, confidence); break;
                    case InvoiceLabels.ReceiverName: AddText(reading.ReceiverNames, label.Value, confidence); break;
                    case InvoiceLabels.IssuerAddress: AddText(reading.IssuerAddresses, label.Value, confidence); break;
                    case InvoiceLabels.ReceiverAddress: AddText(reading.ReceiverAddresses, label.Value, confidence); break;
                    case InvoiceLabels.IvaCondition:
                        AddText(IsReceiver(i, reading.IssuerCuits) && (receiverStart >= 0 || reading.IssuerIvaConditions.Count > 0) ? reading.ReceiverIvaConditions : reading.IssuerIvaConditions, label.Value, confidence);
                        break;
                    case InvoiceLabels.PointOfSale:
                        pendingPointOfSale = LeadingDigits(label.Value, 4, 5);
                        pendingConfidence = confidence;
                        break;
                    case InvoiceLabels.Number when pendingPointOfSale is { } pos && LeadingDigits(label.Value, 8, 8) is { } number:
                        reading.Numbers.Add(new((pos, number), Math.Min(confidence, pendingConfidence)));
                        pendingPointOfSale = null;
                        break;
                    case InvoiceLabels.IssueDate when OcrValues.ParseDate(label.Value) is { } date: reading.IssueDates.Add(new(date, confidence)); break;
                    case InvoiceLabels.CaeDue when OcrValues.ParseDate(label.Value) is { } due: reading.CaeDueDates.Add(new(due, confidence)); break;
                    case InvoiceLabels.Cae when Digits(label.Value) is { Length: 14 } cae: reading.Caes.Add(new(cae, confidence)); break;
                    case InvoiceLabels.Cuit:
                        var cuits = OcrValues.CuitCandidates(label.Value);
                        if (cuits.Count > 0) (IsReceiver(i, reading.IssuerCuits) ? reading.ReceiverCuits : reading.IssuerCuits).Add(cuits.Select(c => new Candidate<OcrValues.CuitReading>(c, c.Corrected ? confidence * 0.7 : c.Valid ? confidence : confidence * 0.5)).ToList());
                        break;
                    case InvoiceLabels.GrossIncome:
                        // Ingresos Brutos is often the issuer's CUIT again (Convenio Multilateral): a weaker candidate.
                        var grossIncome = OcrValues.CuitCandidates(label.Value).Where(c => c.Valid).ToList();
                        if (grossIncome.Count > 0) reading.IssuerGrossIncomeCuits.AddRange(grossIncome.Select(c => new Candidate<OcrValues.CuitReading>(c, confidence * 0.6)));
                        break;
                    case InvoiceLabels.Code when LeadingDigits(label.Value, 1, 2) is { } code && code is 1 or 6 or 11:
                        reading.TypeCodes.Add(new(code switch { 1 => "A", 6 => "B", _ => "C" }, confidence));
                        break;
                    case InvoiceLabels.NetTaxed or InvoiceLabels.Subtotal when FirstAmount(label.Value) is { } subtotal:
                        reading.Subtotals.Add(new(subtotal, confidence));
                        totalsStart ??= i;
                        break;
                    case InvoiceLabels.OtherTaxes when FirstAmount(label.Value) is { } other:
                        reading.OtherTaxes.Add(new(other, confidence));
                        totalsStart ??= i;
                        break;
                    case InvoiceLabels.Total when FirstAmount(label.Value) is { } total:
                        reading.Totals.Add(new(total, confidence));
                        totalsStart ??= i;
                        break;
                    case InvoiceLabels.Iva when label.Rate is { } rate && FirstAmount(label.Value) is { } iva
                                                && decimal.TryParse(rate.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var percent):
                        reading.Iva.TryAdd(percent, new(iva, confidence));
                        totalsStart ??= i;
                        break;
                }
            }
            foreach (Match match in FreeNumber().Matches(OcrValues.DigitsOf(line.Text)))
            {
                reading.Numbers.Add(new((int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)), confidence * 0.8));
            }
            AddTypeLetter(reading, line, medianHeight);
            var folded = OcrText.Fold(line.Text);
            reading.ShowsNetTaxed |= labels.Any(l => l.Name == InvoiceLabels.NetTaxed);
            reading.ShowsContainedIva |= folded.Contains("iva contenido", StringComparison.Ordinal) || folded.Contains("transparencia fiscal", StringComparison.Ordinal);
            if (labels.Any(l => l.Name is InvoiceLabels.Cuit or InvoiceLabels.SaleCondition or InvoiceLabels.ReceiverAddress or InvoiceLabels.IvaCondition))
            {
                detailStart = i + 1;
            }
        }
        ReadDetail(reading, page, detailStart, totalsStart ?? page.Lines.Count);
        // The issuer's block above the receiver's (or the detail): its name, address and IVA condition even without labels.
        InvoiceHeader.ReadIssuer(reading, page, receiverStart >= 0 ? receiverStart : detailStart > 0 ? detailStart : page.Lines.Count / 3);
        return reading;
    }

    /// <summary>
    /// The detail: rows with amounts between the header blocks and the totals (<see cref="InvoiceDetail.ParseRow"/>). A row
    /// without amounts right under a detail row is its description wrapped onto a second line.
    /// </summary>
    private static void ReadDetail(InvoiceReading reading, OcrPage page, int from, int to)
    {
        var previousWasRow = false;
        for (var i = from; i < to; i++)
        {
            var line = page.Lines[i];
            if (InvoiceDetail.ParseRow(line) is { } detail)
            {
                reading.Lines.Add(detail);
                previousWasRow = true;
            }
            else if (previousWasRow && OcrValues.AmountsIn(line.Words).Count == 0 && line.Words.Count <= 8 && InvoiceLabels.In(line.Text).Count == 0)
            {
                var previous = reading.Lines[^1];
                reading.Lines[^1] = previous with { Description = previous.Description + " " + line.Text };
                previousWasRow = false;
            }
            else
            {
                previousWasRow = false;
            }
        }
    }

    /// <summary>"0003-00012345" written anywhere (a header without labels, a stamp): a weaker candidate.</summary>
    [GeneratedRegex(@"(?<!\d)(\d{4,5})\s?-\s?(\d{8})(?!\d)")]
    private static partial Regex FreeNumber();

    /// <summary>The big type letter in its box: a lone A, B or C printed much taller than the text around it.</summary>
    private static void AddTypeLetter(InvoiceReading reading, OcrLine line, double medianHeight)
    {
        foreach (var word in line.Words)
        {
            var text = word.Text.Trim('|', '[', ']', '(', ')', '.', ' ');
            if (text is "A" or "B" or "C" && word.Height > medianHeight * 1.8)
            {
                reading.TypeLetters.Add(new(text, word.Confidence));
            }
        }
    }

    private static double MedianWordHeight(OcrPage page)
    {
        var heights = page.Lines.SelectMany(l => l.Words).Select(w => w.Height).Order().ToArray();
        return heights.Length == 0 ? 0 : heights[heights.Length / 2];
    }

    private static void AddText(List<Candidate<string>> list, string value, double confidence)
    {
        var text = value.TrimStart(' ', ':', '-', '.', ',', ';').TrimEnd(' ', ':', '-', ',', ';');
        if (text.Length >= 2) list.Add(new(text, confidence));
    }

    private static decimal? FirstAmount(string value)
    {
        var tokens = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Amounts may be split by the OCR ("$ 15 230,50"): try the first tokens joined, longest first.
        for (var take = Math.Min(3, tokens.Length); take >= 1; take--)
        {
            // Totals are never negative: a '-' before them is a stray mark (a table rule read as a dash).
            if (OcrValues.ParseAmount(string.Concat(tokens.Take(take))) is { } amount) return Math.Abs(amount);
        }
        return null;
    }

    private static string Digits(string value) => new(OcrValues.DigitsOf(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "").Where(char.IsAsciiDigit).ToArray());

    /// <summary>The number at the start of a value (OCR look-alikes fixed), when it has between min and max digits.</summary>
    private static int? LeadingDigits(string value, int min, int max)
    {
        var digits = Digits(value);
        return digits.Length >= min && digits.Length <= max ? int.Parse(digits, CultureInfo.InvariantCulture) : null;
    }
}
