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
        var labelsByLine = Relabel(page, page.Lines.Select(l => InvoiceLabels.In(l.Text)).ToList());
        var paired = PairTotals(page, labelsByLine);
        var taxItems = new List<Candidate<decimal>>();
        // The receiver's box starts at the line of its "Apellido y Nombre / Razón Social" label (its CUIT sits beside it);
        // without that label, the first CUIT is the issuer's and the next one the receiver's.
        var receiverStart = labelsByLine.FindIndex(labels => labels.Any(l => l.Name == InvoiceLabels.ReceiverName));
        bool IsReceiver(int line, List<List<Candidate<OcrValues.CuitReading>>> issuerCuits) =>
            receiverStart >= 0 ? line >= receiverStart : issuerCuits.Count > 0;
        // A CUIT read before the receiver's name label but among the receiver's other labels (its sale condition, its
        // address) and none of the issuer's: the OCR read the receiver's box in two columns, the CUIT's first.
        bool Near(int line, Func<string, bool> kind) =>
            Enumerable.Range(Math.Max(0, line - 2), Math.Min(page.Lines.Count, line + 3) - Math.Max(0, line - 2)).Any(n => labelsByLine[n].Any(l => kind(l.Name)));
        bool CuitIsReceiver(int line, List<List<Candidate<OcrValues.CuitReading>>> issuerCuits) =>
            IsReceiver(line, issuerCuits) || (Near(line, name => name is InvoiceLabels.SaleCondition or InvoiceLabels.ReceiverAddress)
                                              && !Near(line, name => name is InvoiceLabels.GrossIncome or InvoiceLabels.ActivityStart or InvoiceLabels.IssuerAddress
                                                  or InvoiceLabels.PointOfSale or InvoiceLabels.Number or InvoiceLabels.IssueDate or InvoiceLabels.Code));
        for (var i = 0; i < page.Lines.Count; i++)
        {
            var line = page.Lines[i];
            var labels = labelsByLine[i];
            reading.InvoiceLabelsFound += labels.Count;
            for (var l = 0; l < labels.Count; l++)
            {
                var label = labels[l];
                if (label.Name is InvoiceLabels.IssuerName or InvoiceLabels.ReceiverName or InvoiceLabels.IssuerAddress or InvoiceLabels.ReceiverAddress
                        or InvoiceLabels.IvaCondition
                    && label.Value.Length > 0 && ValueInColumn(line, label) is { } inColumn)
                {
                    label = label with { Value = inColumn };
                }
                if (label.Value.Length == 0 && i + 1 < page.Lines.Count && label.Name is InvoiceLabels.IssuerName or InvoiceLabels.ReceiverName
                        or InvoiceLabels.IssuerAddress or InvoiceLabels.ReceiverAddress or InvoiceLabels.IvaCondition)
                {
                    // A label without a value beside it: the value is printed under it, at the start of the next line (or of
                    // the one after, when the OCR put a line of another column between them).
                    var (under, at) = ValueUnder(page, labelsByLine, i, label, medianHeight);
                    label = label with { Value = under };
                    // A name under its label may wrap onto the line after ("Distribuidora Mayorista de Golosinas La" / "Golondrina S.R.L.").
                    if (label.Name is InvoiceLabels.IssuerName or InvoiceLabels.ReceiverName && under.Length > 0
                        && ContinuedName(page, labelsByLine, at, 0, LabelLeft(line, label), under, medianHeight) is { } wrapped)
                    {
                        label = label with { Value = under + " " + wrapped };
                    }
                }
                else if (label.Name is InvoiceLabels.IssuerName or InvoiceLabels.ReceiverName && label.Value.Length > 0
                         && ContinuedName(page, labelsByLine, i, WordAt(line, label.End), LabelLeft(line, label), label.Value, medianHeight) is { } rest)
                {
                    label = label with { Value = label.Value + " " + rest };
                }
                var confidence = line.Confidence;
                if (paired.TryGetValue((i, l), out var below))
                {
                    label = label with { Value = below.Value };
                    confidence = Math.Min(line.Confidence, below.Confidence);
                }
                switch (label.Name)
                {
                    case InvoiceLabels.IssuerName: AddText(reading.IssuerNames, InvoiceHeader.LegalForm(label.Value), confidence); break;
                    case InvoiceLabels.ReceiverName: AddText(reading.ReceiverNames, InvoiceHeader.LegalForm(label.Value), confidence); break;
                    case InvoiceLabels.IssuerAddress: AddText(reading.IssuerAddresses, label.Value, confidence); break;
                    case InvoiceLabels.ReceiverAddress: AddText(reading.ReceiverAddresses, label.Value, confidence); break;
                    case InvoiceLabels.IvaCondition:
                        AddText(IsReceiver(i, reading.IssuerCuits) && (receiverStart >= 0 || reading.IssuerIvaConditions.Count > 0) ? reading.ReceiverIvaConditions : reading.IssuerIvaConditions, label.Value, confidence);
                        break;
                    case InvoiceLabels.PointOfSale:
                        pendingPointOfSale = LeadingDigits(label.Value, 4, 5);
                        pendingConfidence = confidence;
                        break;
                    case InvoiceLabels.Number when FreeNumber().Match(OcrValues.DigitsOf(label.Value.Replace('=', '0'))) is { Success: true, Index: 0 } both:
                        // "Número: 00019-00005098": the point of sale and the number after one label, as sure as the OCR
                        // was of the number itself (a garbled "N*" beside it does not make the number doubtful). A photograph
                        // smears a run of zeros into "=" ("00007-=====475"): in a number zero-padded to its width, that is what they are.
                        var numberWord = line.Words[Math.Min(WordAt(line, label.End), line.Words.Count - 1)];
                        reading.Numbers.Add(new((int.Parse(both.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(both.Groups[2].Value, CultureInfo.InvariantCulture)),
                            Math.Max(confidence, numberWord.Confidence)));
                        pendingPointOfSale = null;
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
                        if (cuits.Count > 0) (CuitIsReceiver(i, reading.IssuerCuits) ? reading.ReceiverCuits : reading.IssuerCuits).Add(cuits.Select(c => new Candidate<OcrValues.CuitReading>(c, c.Corrected ? confidence * 0.7 : c.Valid ? confidence : confidence * 0.5)).ToList());
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
                    case InvoiceLabels.TaxItem when TaxAmount(label.Value) is { } tax:
                        taxItems.Add(new(tax, confidence));
                        totalsStart ??= i;
                        break;
                    case InvoiceLabels.Total when FirstAmount(label.Value) is { } total:
                        reading.Totals.Add(new(total, confidence));
                        totalsStart ??= i;
                        break;
                    case InvoiceLabels.Total when SplitAmount(label.Value) is { } split:
                        // "TOTAL: $ 414 52 4 05": an amount whose separators the OCR read as spaces. Only a guess: the
                        // arithmetic (subtotal + IVA + other taxes) confirms it or it stays doubtful.
                        reading.Totals.Add(new(split, confidence * 0.5));
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
                reading.Numbers.Add(new((int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)), line.Confidence * 0.8));
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
        // Each other tax on its row ("Percepción IIBB 2%", "Impuestos Internos 8%"): together they are the other taxes, as
        // sure as the least sure of them.
        if (taxItems.Count > 0) reading.OtherTaxes.Add(new(taxItems.Sum(t => t.Value), taxItems.Min(t => t.Confidence)));
        ReadDetail(reading, page, detailStart, totalsStart ?? page.Lines.Count);
        // The issuer's block above the receiver's (or the detail): its name, address and IVA condition even without labels.
        InvoiceHeader.ReadIssuer(reading, page, receiverStart >= 0 ? receiverStart : detailStart > 0 ? detailStart : page.Lines.Count / 3);
        return reading;
    }

    /// <summary>
    /// A "Razón Social" after the issuer's CUIT is the receiver's: AFIP prints the issuer's at the top, but many invoices
    /// label only the receiver's name that way ("Razón Social: Minimarket Los Hermanos S.R.L." under the header) — unless
    /// the issuer's address label follows it or the receiver's own label comes later.
    /// </summary>
    private static List<IReadOnlyList<InvoiceLabels.Found>> Relabel(OcrPage page, List<IReadOnlyList<InvoiceLabels.Found>> labelsByLine)
    {
        var firstCuit = labelsByLine.FindIndex(labels => labels.Any(l => l.Name == InvoiceLabels.Cuit));
        // A CUIT printed with its dashes and a valid check digit is one whose label the OCR misread ("CUFE: 33-74222281-6").
        var firstPrinted = Enumerable.Range(0, firstCuit < 0 ? page.Lines.Count : firstCuit).FirstOrDefault(i => PrintedCuit(page.Lines[i].Text) >= 0, -1);
        if (firstPrinted >= 0)
        {
            firstCuit = firstPrinted;
        }
        if (firstCuit < 0) return labelsByLine;
        // On the CUIT's own line, a name label before it is the header's two columns ("Razón Social: ... CUIT: ...") unless
        // the issuer's own labels (Ingresos Brutos, Inicio de Actividades, Domicilio Comercial) came before: then that CUIT
        // is the receiver's, the issuer's was not read.
        var issuerBlockBefore = labelsByLine.Take(firstCuit).Any(labels => labels.Any(l => l.Name is InvoiceLabels.GrossIncome or InvoiceLabels.ActivityStart or InvoiceLabels.IssuerAddress));
        var cuitAt = issuerBlockBefore ? -1 : firstCuit == firstPrinted ? PrintedCuit(page.Lines[firstCuit].Text) : labelsByLine[firstCuit].First(l => l.Name == InvoiceLabels.Cuit).Start;
        // Still the issuer's: a "Razón Social" with the issuer's "Domicilio Comercial" right under it, or one before the
        // receiver's own label ("Apellido y Nombre / Razón Social", "Señor(es)") — AFIP's layout with the issuer's CUIT in
        // the right column, read before the left column's name.
        bool IssuersAfterAll(int i) =>
            labelsByLine.Skip(i + 1).Take(4).Any(labels => labels.Any(l => l.Name == InvoiceLabels.IssuerAddress))
            || labelsByLine.Skip(i + 1).Any(labels => labels.Any(l => l.Name == InvoiceLabels.ReceiverName));
        for (var i = firstCuit; i < labelsByLine.Count; i++)
        {
            var from = i == firstCuit ? cuitAt : -1;
            if (labelsByLine[i].Any(l => l.Name == InvoiceLabels.IssuerName && l.Start > from) && !IssuersAfterAll(i))
            {
                labelsByLine[i] = labelsByLine[i].Select(l => l.Name == InvoiceLabels.IssuerName && l.Start > from ? l with { Name = InvoiceLabels.ReceiverName } : l).ToList();
            }
        }
        return labelsByLine;
    }

    /// <summary>Where a CUIT printed with its dashes ("33-74222281-6") and a valid check digit starts in a text, or -1.</summary>
    private static int PrintedCuit(string text)
    {
        foreach (Match match in DashedCuit().Matches(text))
        {
            if (MiniMarket.Core.Domain.Cuit.TryParse(match.Value, out _)) return match.Index;
        }
        return -1;
    }

    [GeneratedRegex(@"(?<!\d)\d{2}-\d{8}-\d(?!\d)")]
    private static partial Regex DashedCuit();

    private static readonly HashSet<string> TotalsLabels =
        [InvoiceLabels.NetTaxed, InvoiceLabels.Subtotal, InvoiceLabels.Iva, InvoiceLabels.TaxItem, InvoiceLabels.OtherTaxes, InvoiceLabels.Total];

    /// <summary>
    /// Totals printed as a band — the labels on one row, their amounts on the row under them ("Importe Neto  IVA 21%
    /// Importe Total" / "$ 89.472,54  $ 18.789,23  $ 110.051,22") — pair each label with the amount nearest under it; a
    /// stack of label rows followed by as many amount rows (the OCR read the labels' column, then the amounts') pairs
    /// them in order. Only rows that hold nothing but totals labels, and rows that hold nothing but amounts, take part:
    /// a table's header over its first row never does.
    /// </summary>
    private static Dictionary<(int Line, int Label), (string Value, double Confidence)> PairTotals(OcrPage page, List<IReadOnlyList<InvoiceLabels.Found>> labelsByLine)
    {
        var paired = new Dictionary<(int, int), (string, double)>();
        // Before the labels, nothing but a speck or a rule ("p Subtotal IMPORTE TOTAL", "[Subtotal").
        bool LabelsOnly(int i) => labelsByLine[i].Count > 0 && labelsByLine[i].All(l => TotalsLabels.Contains(l.Name) && FirstAmount(l.Value) is null)
                                  && InvoiceLabels.Prefix(page.Lines[i].Text, labelsByLine[i]) is var prefix && prefix.Length <= 2 && !prefix.Any(char.IsAsciiDigit);
        List<(decimal Value, int Word, bool Sure)>? AmountsOnly(int i)
        {
            var line = page.Lines[i];
            if (labelsByLine[i].Count > 0) return null;
            var amounts = OcrValues.AmountsIn(line.Words).Select(a => (a.Value, a.Word, Sure: true)).ToList();
            // An amount split by a wide space ("$ 15" "230,50") takes the next word too; one whole in its word does not.
            var used = amounts.SelectMany(a => OcrValues.ParseAmount(OcrText.Normalize(line.Words[a.Word].Text)) is null ? new[] { a.Word, a.Word + 1 } : [a.Word]).ToHashSet();
            // An amount whose decimal comma the OCR lost ("$ 414.52405"): a guess, half as sure, that the arithmetic
            // confirms or leaves doubtful.
            foreach (var (word, index) in line.Words.Select((w, index) => (w, index)).Where(x => !used.Contains(x.index)))
            {
                if (OcrValues.LostMarkAmount(word.Text) is { } guess)
                {
                    amounts.Add((guess, index, false));
                    used.Add(index);
                }
            }
            if (amounts.Count == 0) return null;
            amounts.Sort((a, b) => a.Word.CompareTo(b.Word));
            // Besides the amounts, only "$" signs, marks and specks.
            return line.Words.Select((w, index) => (w, index)).All(x => used.Contains(x.index) || Speck(x.w)) ? amounts : null;
        }
        // A line of lone marks or letters only, between the labels and their amounts ("+", "b": the photograph's dirt on a
        // row of its own; no amount, whatever digit a letter might be).
        bool SpecksOnly(int i) => labelsByLine[i].Count == 0 && page.Lines[i].Words.All(w => Unmarked(w) is { Length: <= 1 } rest && !rest.Any(char.IsAsciiDigit));
        var i = 0;
        while (i < page.Lines.Count)
        {
            if (!LabelsOnly(i))
            {
                i++;
                continue;
            }
            var stack = i;
            while (stack < page.Lines.Count && LabelsOnly(stack)) stack++;
            var labelRows = stack - i;
            // More rows of amounts than of labels: a table's column under its header ("Total" / "2.665,56" / "1.537,90" …,
            // as the OCR reads a detail column by column), no band of totals.
            bool ColumnGoesOn(int after) => after < page.Lines.Count && AmountsOnly(after) is not null;
            var under = stack < page.Lines.Count && SpecksOnly(stack) ? stack + 1 : stack;
            if (labelRows == 1 && under < page.Lines.Count && AmountsOnly(under) is { } row && row.Count >= labelsByLine[i].Count && !ColumnGoesOn(under + 1))
            {
                // One band: each label takes the nearest free amount under it.
                var free = row.ToList();
                var line = page.Lines[i];
                for (var l = 0; l < labelsByLine[i].Count; l++)
                {
                    var center = Center(line, labelsByLine[i][l]);
                    var nearest = free.OrderBy(a => Math.Abs(WordCenter(page.Lines[under], a.Word) - center)).First();
                    free.Remove(nearest);
                    paired[(i, l)] = (nearest.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Lines[under].Confidence * (nearest.Sure ? 1 : 0.5));
                }
            }
            else if (labelsByLine.Skip(i).Take(labelRows).All(labels => labels.Count == 1) && stack + labelRows <= page.Lines.Count
                     && Enumerable.Range(stack, labelRows).All(v => AmountsOnly(v) is { Count: 1 }) && !ColumnGoesOn(stack + labelRows))
            {
                for (var k = 0; k < labelRows; k++)
                {
                    var (value, _, sure) = AmountsOnly(stack + k)![0];
                    paired[(i + k, 0)] = (value.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Lines[stack + k].Confidence * (sure ? 1 : 0.5));
                }
            }
            i = stack;
        }
        return paired;
    }

    /// <summary>
    /// A mark ("$", "|", ":") or a lone letter that cannot be a misread digit ("É", "E", "+": a photograph's edge or dirt), in
    /// a row of totals.
    /// </summary>
    private static bool Speck(OcrWord word) => Unmarked(word) is var rest
        && (rest.Length == 0 || (rest.Length == 1 && !char.IsDigit(rest[0]) && OcrValues.DigitsOf(rest) == rest));

    /// <summary>A word without the marks around amounts in a row of totals ("$", ":", ".", "-", "|").</summary>
    private static string Unmarked(OcrWord word) => word.Text.Trim('$', ':', '.', '-', '|', ' ');

    /// <summary>The value printed under a label: the start of the next line, or of the one after, that begins under the label.</summary>
    private static (string Value, int Line) ValueUnder(OcrPage page, List<IReadOnlyList<InvoiceLabels.Found>> labelsByLine, int i, InvoiceLabels.Found label, double body)
    {
        var labelLeft = LabelLeft(page.Lines[i], label);
        for (var next = i + 1; next < page.Lines.Count && next <= i + 2; next++)
        {
            var prefix = InvoiceLabels.Prefix(page.Lines[next].Text, labelsByLine[next]);
            var aligned = page.Lines[next].Words.Count > 0 && Math.Abs(page.Lines[next].Words[0].Left - labelLeft) <= Math.Max(body * 2, 20);
            if (prefix.Length > 0 && aligned) return (LabelLike(prefix) ? "" : FirstColumn(page.Lines[next], prefix), next);
            // The next label of the column under it ("Domicilio Comercial:" under "Razón Social:" when the OCR lost the
            // name between them): the label's value was not read; what follows is that other label's.
            if (prefix.Length == 0 && aligned) return ("", next);
        }
        var under = InvoiceLabels.Prefix(page.Lines[i + 1].Text, labelsByLine[i + 1]);
        return (LabelLike(under) ? "" : FirstColumn(page.Lines[i + 1], under), i + 1);
    }

    /// <summary>
    /// The start of a line up to its first gap between columns, when that is shorter than <paramref name="prefix"/>: a
    /// value under its label ends where the next column's text begins ("Golosinas La" | "07/02/2018").
    /// </summary>
    private static string FirstColumn(OcrLine line, string prefix)
    {
        var last = 0;
        while (last + 1 < line.Words.Count && line.Words[last + 1].Left - line.Words[last].Right <= Math.Max(line.Words[last].Height, line.Words[last + 1].Height) * 1.2)
            last++;
        var column = OcrText.Normalize(string.Join(' ', line.Words.Take(last + 1).Select(w => w.Text)));
        return column.Length > 0 && column.Length < prefix.Length && prefix.StartsWith(column, StringComparison.Ordinal) ? column : prefix;
    }

    /// <summary>
    /// Text that starts like a label ("Condición de" of a "Condición de venta" the box wrapped, "Dirección", "Fecha"): no
    /// value of the label above it, which then has none.
    /// </summary>
    private static bool LabelLike(string text) => LabelStart().IsMatch(OcrText.Fold(text));

    [GeneratedRegex(@"^(?:condicion|cond\.|domicil|direccion|fecha|c\.?u\.?[i1l!]\.?t|forma\s+de|tel\b|tel\.|telefono|ingresos|inicio|actividades|razon\s+social|cliente|senor|cuenta\s+corriente|contado|comprobante|factura\b|original|duplicado|triplicado)")]
    private static partial Regex LabelStart();

    /// <summary>
    /// A name wrapped in its box ("Razón Social: Distribuidora Mayorista de" / "Golosinas La Golondrina S.R.L."): the line
    /// after the name's (line <paramref name="i"/>, from word <paramref name="valueWord"/>) starts right under the name's
    /// first word, or under the label, with words that are no label, no address and no IVA condition.
    /// </summary>
    private static string? ContinuedName(OcrPage page, List<IReadOnlyList<InvoiceLabels.Found>> labelsByLine, int i, int valueWord, double labelLeft, string value, double body)
    {
        if (i + 1 >= page.Lines.Count) return null;
        var line = page.Lines[i];
        if (valueWord >= line.Words.Count) return null;
        var next = page.Lines[i + 1];
        var prefix = InvoiceLabels.Prefix(next.Text, labelsByLine[i + 1]);
        // Under the name's first word, or wrapped back to the box's left edge, where the label starts.
        var tolerance = Math.Max(body * 2, 20);
        if (prefix.Length == 0 || (Math.Abs(next.Words[0].Left - line.Words[valueWord].Left) > tolerance && Math.Abs(next.Words[0].Left - labelLeft) > tolerance)) return null;
        if (prefix.Count(char.IsAsciiDigit) >= 3 || InvoiceHeader.IvaConditionIn(prefix) is not null || !prefix.Any(char.IsLetter) || LabelLike(prefix)) return null;
        // A wrapped name continues in the same type; the same name printed again (larger, as a heading) is not a continuation.
        // The value's type is the median height of its words up to the next column (a photograph can swell one word:
        // "Distribuidora" 46 px high beside "de Golosinas La" at 30).
        var heights = new List<double> { line.Words[valueWord].Height };
        for (var w = valueWord + 1; w < line.Words.Count && line.Words[w].Left - line.Words[w - 1].Right <= Math.Max(line.Words[w].Height, line.Words[w - 1].Height) * 1.2; w++)
        {
            heights.Add(line.Words[w].Height);
        }
        heights.Sort();
        var height = heights[heights.Count / 2];
        if (next.Words[0].Height > height * 1.25 || next.Words[0].Height < height * 0.75) return null;
        if (OcrText.Fold(value).Contains(OcrText.Fold(prefix), StringComparison.Ordinal)) return null;
        // The next line's first column ends in a colon, or is words the OCR hardly recognised: a label it misread
        // ("Domicilio Comercial:" as "Comcrlo Comaroal:", at 0.00 and 0.13), not the name going on.
        var column = 1;
        while (column < next.Words.Count && next.Words[column].Left - next.Words[column - 1].Right <= Math.Max(next.Words[column].Height, next.Words[column - 1].Height) * 1.2) column++;
        if (next.Words.Take(column).Any(w => w.Text.Contains(':', StringComparison.Ordinal)) || next.Words.Take(column).Average(w => w.Confidence) < 0.35) return null;
        return prefix;
    }

    /// <summary>
    /// A name's or address's value up to the first gap between columns: the OCR reads the header's rows across its
    /// columns, so "Razón Social: Mayorista del Sur S.R.L." may go on with the type box's "COD.06". Null when the value
    /// is in one column already.
    /// </summary>
    private static string? ValueInColumn(OcrLine line, InvoiceLabels.Found label)
    {
        // From the label's last word, the words that follow without a gap between columns; none when the text after the
        // label belongs to the next column ("Condición frente al IVA:" in a row the OCR shares with "24/02/2015").
        var labelEnd = WordAt(line, Math.Max(label.Start, label.End - 1));
        if (labelEnd >= line.Words.Count) return null;
        var last = labelEnd;
        while (last + 1 < line.Words.Count)
        {
            var gap = line.Words[last + 1].Left - line.Words[last].Right;
            if (gap > Math.Max(line.Words[last].Height, line.Words[last + 1].Height) * 1.2) break;
            last++;
        }
        if (last == line.Words.Count - 1) return null;
        var first = WordAt(line, label.End);
        // The label's own last word ("IVA:") is no value, unless text is glued to the label after it ("Social:Almacén").
        if (first == labelEnd && !OcrText.Normalize(line.Words[first].Text).Split(':', 2).ElementAtOrDefault(1).AsSpan().ContainsAnyExcept(" .:;"))
        {
            first++;
        }
        var value = first > last ? "" : OcrText.Normalize(string.Join(' ', line.Words.Skip(first).Take(last - first + 1).Select(w => w.Text)));
        return value.Length < label.Value.Length ? value : null;
    }

    /// <summary>Where a label's first word starts on the page.</summary>
    private static int LabelLeft(OcrLine line, InvoiceLabels.Found label) => line.Words[Math.Min(WordAt(line, label.Start), line.Words.Count - 1)].Left;

    /// <summary>The word of a line that holds (or follows) a character of its text.</summary>
    private static int WordAt(OcrLine line, int charIndex)
    {
        var position = 0;
        for (var w = 0; w < line.Words.Count; w++)
        {
            var length = OcrText.Normalize(line.Words[w].Text).Length;
            if (length == 0) continue;
            if (position + length > charIndex) return w;
            position += length + 1;
        }
        return line.Words.Count;
    }

    /// <summary>The horizontal centre of a label's words in its line (the text's characters mapped back to the words).</summary>
    private static double Center(OcrLine line, InvoiceLabels.Found label)
    {
        var position = 0;
        int? first = null, last = null;
        for (var w = 0; w < line.Words.Count; w++)
        {
            var length = OcrText.Normalize(line.Words[w].Text).Length;
            if (length == 0) continue;
            var end = position + length;
            if (end > label.Start && position < label.End)
            {
                first ??= w;
                last = w;
            }
            position = end + 1;
        }
        return first is null ? WordCenter(line, 0) : (line.Words[first.Value].Left + line.Words[last!.Value].Right) / 2.0;
    }

    private static double WordCenter(OcrLine line, int word) => line.Words[word].Left + line.Words[word].Width / 2.0;

    /// <summary>
    /// The detail: rows with amounts between the header blocks and the totals (<see cref="InvoiceDetail.ParseRow"/>). A row
    /// without amounts right under a detail row is its description wrapped onto a second line.
    /// </summary>
    private static void ReadDetail(InvoiceReading reading, OcrPage page, int from, int to)
    {
        OcrLine? previousRow = null;
        for (var i = from; i < to; i++)
        {
            var line = page.Lines[i];
            if (InvoiceDetail.ParseRow(line) is { } detail)
            {
                reading.Lines.Add(detail);
                previousRow = line;
            }
            else if (previousRow is not null && OcrValues.AmountsIn(line.Words).Count == 0 && line.Words.Count <= 8 && InvoiceLabels.In(line.Text).Count == 0
                     && UnderDescription(line, previousRow, reading.Lines[^1].Description))
            {
                var previous = reading.Lines[^1];
                reading.Lines[^1] = previous with { Description = previous.Description + " " + line.Text };
                previousRow = null;
            }
            else
            {
                previousRow = null;
            }
        }
    }

    /// <summary>
    /// Whether a line starts where the row above's description starts (a description wrapped in its column), not at the
    /// page's margin like a note under the table ("Régimen de Transparencia Fiscal…").
    /// </summary>
    private static bool UnderDescription(OcrLine line, OcrLine row, string description)
    {
        var first = description.Split(' ', 2)[0];
        var start = row.Words.FirstOrDefault(w => OcrText.Normalize(w.Text) == first) ?? row.Words[0];
        var height = row.Words.Select(w => w.Height).Order().ElementAt(row.Words.Count / 2);
        return Math.Abs(line.Words[0].Left - start.Left) <= 2 * height;
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

    /// <summary>
    /// The amount of a tax row: the first amount after its label, or the last when the first is its rate printed without
    /// its "%" (AFIP's "Otros tributos" table: "Percepción Ingresos Brutos  3,00  36.312,20").
    /// </summary>
    private static decimal? TaxAmount(string value)
    {
        var amounts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(OcrValues.ParseAmount).OfType<decimal>().ToList();
        return amounts.Count >= 2 && amounts[0] is >= 0 and <= 100 ? amounts[^1] : FirstAmount(value);
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

    /// <summary>An amount printed as digit groups apart ("$ 414 52 4 05"): all its digits, the last two the cents.</summary>
    private static decimal? SplitAmount(string value)
    {
        var groups = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(t => t == "$").TakeWhile(t => t.All(c => char.IsAsciiDigit(c) || c is '.' or ',')).ToList();
        return groups.Count >= 2 ? OcrValues.LostMarkAmount(string.Concat(groups)) : null;
    }

    private static string Digits(string value) => new(OcrValues.DigitsOf(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "").Where(char.IsAsciiDigit).ToArray());

    /// <summary>The number at the start of a value (OCR look-alikes fixed), when it has between min and max digits.</summary>
    private static int? LeadingDigits(string value, int min, int max)
    {
        var digits = Digits(value);
        return digits.Length >= min && digits.Length <= max ? int.Parse(digits, CultureInfo.InvariantCulture) : null;
    }
}
