using System.Globalization;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>
/// Chooses each field among the readings of one or more recognition passes, and checks the invoice as a whole: a CUIT
/// whose check digit is right beats one read with more confidence but wrong; amounts are chosen as the combination that
/// adds up (neto + IVA + otros = total); the type letter is checked against its AFIP code. Whatever does not add up
/// becomes a warning, never a silent correction.
/// </summary>
public static class InvoiceAssembler
{
    /// <summary>Below this a field is highlighted for the person reviewing it.</summary>
    public const double LowConfidence = 0.6;

    public static OcrInvoiceDto Assemble(IReadOnlyList<InvoiceReading> readings, OcrTimingsDto timings) => Assemble([readings], timings);

    /// <summary>
    /// An invoice of one or more pages, each read by one or more passes: every field is chosen among all the readings (a
    /// second page repeats the type and number); the detail is each page's rows in page order.
    /// </summary>
    public static OcrInvoiceDto Assemble(IReadOnlyList<IReadOnlyList<InvoiceReading>> pages, OcrTimingsDto timings)
    {
        var readings = pages.SelectMany(p => p).ToList();
        var warnings = new List<OcrWarningDto>();
        var best = readings.OrderByDescending(r => r.InvoiceLabelsFound).ThenByDescending(r => r.MeanConfidence).First();

        var type = ChooseType(readings);
        if (type.Value is null && DeduceType(readings) is { } deduced)
        {
            type = deduced;
            warnings.Add(new("tipo_deducido", "type", $"No se leyó la letra ni el código del comprobante: el tipo {deduced.Value} se dedujo de las condiciones de IVA y los totales."));
        }
        var number = Choose(readings.SelectMany(r => r.Numbers));
        var cae = Choose(readings.SelectMany(r => r.Caes));
        var caeDue = Choose(readings.SelectMany(r => r.CaeDueDates));
        // Passes that disagree on a digit of the date ("03/02" and "05/02" on a photograph): a CAE falls due ten days after
        // the invoice is issued, so the date ten days before its due date weighs double.
        var issueDate = Choose(readings.SelectMany(r => r.IssueDates)
            .Select(d => caeDue is not null && d.Value.AddDays(CaeDays) == caeDue.Value ? d with { Confidence = d.Confidence * 2 } : d));

        // AFIP's QR code, when a page had one that decodes: what AFIP authorised, read exactly. Its values stand; where the
        // printed text was read confidently as something else, the person is told (an invoice whose print and QR differ).
        var qr = readings.Select(r => r.AfipQr).OfType<AfipQr>().FirstOrDefault();
        if (qr is null && readings.Select(r => r.AfipQrError).OfType<string>().FirstOrDefault() is { } qrError)
        {
            warnings.Add(new("qr_invalido", null, qrError + " Los datos se tomaron del texto impreso."));
        }
        if (qr is not null)
        {
            if (qr.Type is { } qrType)
            {
                type = FromQr(type, qrType.Letter(), "type", t => t ?? "", warnings);
                warnings.RemoveAll(w => w.Code == "tipo_deducido");
            }
            else warnings.Add(new("qr_no_es_factura", "type", $"El código QR de AFIP dice que el comprobante es del tipo {qr.TypeCode}: no es una factura A, B ni C."));
            number = FromQr(number, (qr.PointOfSale, qr.Number), "number", n => InvoiceNumber.Create(n.PointOfSale, n.Number).ToString(), warnings);
            issueDate = FromQr(issueDate, qr.IssueDate, "issueDate", BuenosAiresTime.FormatDate, warnings);
            if (qr.Cae is { } qrCae) cae = FromQr(cae, qrCae, "cae", c => c, warnings);
        }
        // A CUIT some pass read in the receiver's box is not the issuer's, when a pass read another one there.
        var receiversRead = readings.SelectMany(r => r.ReceiverCuits).SelectMany(l => l).Where(c => c.Value.Valid).Select(c => c.Value.Digits).ToHashSet();
        var issuerCuit = ChooseCuit(readings.Select(r => r.IssuerCuits), "issuer.cuit", warnings, receiversRead);
        if (!issuerCuit.Found && Choose(readings.SelectMany(r => r.IssuerGrossIncomeCuits).Select(c => new Candidate<string>(c.Value.Digits, c.Confidence))) is { } fromGrossIncome)
        {
            issuerCuit = new OcrField<string>(Cuit.Parse(fromGrossIncome.Value).ToString(), Math.Round(Math.Min(fromGrossIncome.Confidence, 0.6), 3));
            warnings.Add(new("cuit_de_ingresos_brutos", "issuer.cuit", "No se leyó el CUIT del emisor: se tomó el número de Ingresos Brutos, que suele ser el mismo. Verificarlo."));
        }
        var receiverCuit = ChooseCuit(readings.Select(r => r.ReceiverCuits), "receiver.cuit", warnings);
        if (qr is not null)
        {
            issuerCuit = FromQr(issuerCuit, qr.IssuerCuit.ToString(), "issuer.cuit", warnings);
            if (qr.ReceiverCuit is { } qrReceiver) receiverCuit = FromQr(receiverCuit, qrReceiver.ToString(), "receiver.cuit", warnings);
        }
        var issuerIva = Condition(Choose(Conditions(readings.SelectMany(r => r.IssuerIvaConditions.Take(1)))));
        var receiverIva = Condition(Choose(Conditions(readings.SelectMany(r => r.ReceiverIvaConditions.Take(1)))));
        // A name read after its label ("Razón Social:") is the legal name; the header's big letters may be a trade name.
        // Unlabelled, from the first page that has one: a continuation page's top ("Transporte") is no header.
        var unlabelled = pages.Select(p => p.SelectMany(r => r.UnlabelledIssuerNames).ToList()).FirstOrDefault(n => n.Count > 0) ?? [];
        var labelledName = Choose(readings.SelectMany(r => r.IssuerNames));
        var headerName = Choose(Completed(unlabelled));
        // Printed twice, read twice: a word the label's value and the header's large type read otherwise is taken from
        // the header (IssuerNameReconciler), at the lower of the two confidences.
        var issuerName = labelledName is null || headerName is null ? labelledName ?? headerName
            : IssuerNameReconciler.Reconcile(labelledName.Value, headerName.Value) is var reconciled && reconciled != labelledName.Value
                ? new Candidate<string>(reconciled, Math.Min(labelledName.Confidence, headerName.Confidence))
                : labelledName;
        var issuer = new OcrPartyDto(Text(issuerName), issuerCuit, issuerIva, Text(Choose(readings.SelectMany(r => r.IssuerAddresses))));
        var receiver = new OcrPartyDto(Text(Choose(readings.SelectMany(r => r.ReceiverNames))), receiverCuit, receiverIva, Text(Choose(readings.SelectMany(r => r.ReceiverAddresses))));

        var amounts = InvoiceArithmetic.Choose(readings, type.Value, warnings);
        if (qr is not null && qr.Currency != AfipQr.Pesos)
        {
            warnings.Add(new("qr_moneda", "total", string.Create(CultureInfo.InvariantCulture,
                $"El código QR de AFIP dice que la factura está en {qr.Currency} (cotización {qr.ExchangeRate}): los importes son los impresos; verificar la moneda.")));
        }
        else if (qr is not null)
        {
            // The parts chosen again so that they add up to the QR's total; a total read confidently as another is said.
            if (amounts.Total is { Found: true, Value: { } readTotal } && readTotal != qr.Total && amounts.Total.Confidence >= LowConfidence)
            {
                warnings.Add(Differs("total", ArsFormat.Number(qr.Total), ArsFormat.Number(readTotal)));
            }
            var scratch = new List<OcrWarningDto>();
            amounts = InvoiceArithmetic.Choose(readings, type.Value, scratch, new Candidate<decimal>(qr.Total, QrConfidence));
            warnings.RemoveAll(w => w.Code is "totales_redondeo" or "totales_no_cierran");
            warnings.AddRange(scratch);
        }
        var lines = InvoiceArithmetic.ChooseLines(pages, amounts, warnings);
        InvoiceArithmetic.CheckLines(lines, amounts, type.Value, warnings);

        var typeField = new OcrField<string>(type.Value, type.Confidence);
        var numberField = number is null ? Missing<int?>() : new OcrField<int?>(number.Value.PointOfSale, number.Confidence);
        var numberOnly = number is null ? Missing<int?>() : new OcrField<int?>(number.Value.Number, number.Confidence);
        var dateField = issueDate is null ? Missing<DateOnly?>() : new OcrField<DateOnly?>(issueDate.Value, issueDate.Confidence);
        var caeField = cae is null ? OcrField<string>.Missing : new OcrField<string>(cae.Value, cae.Confidence);
        var caeDueField = caeDue is null ? Missing<DateOnly?>() : new OcrField<DateOnly?>(caeDue.Value, caeDue.Confidence);

        var keyFields = new (string Field, double Confidence, bool Found)[]
        {
            ("type", typeField.Confidence, typeField.Found), ("number", numberOnly.Confidence, numberOnly.Found),
            ("issueDate", dateField.Confidence, dateField.Found), ("issuer.cuit", issuerCuit.Confidence, issuerCuit.Found),
            ("total", amounts.Total.Confidence, amounts.Total.Found),
        };
        foreach (var (field, confidence, found) in keyFields)
        {
            if (!found) warnings.Add(new("campo_no_encontrado", field, $"No se pudo leer '{field}'."));
            else if (confidence < LowConfidence) warnings.Add(new("baja_confianza", field, $"Lectura dudosa de '{field}' (confianza {confidence:0.00}): revisarla."));
        }
        if (best.WordCount == 0) warnings.Add(new("sin_texto", null, "No se reconoció texto en la imagen."));
        else if (readings.Max(r => r.InvoiceLabelsFound) < 3) warnings.Add(new("no_parece_factura", null, "La imagen no parece una factura AFIP: no tiene sus rótulos (CUIT, Punto de Venta, Importe Total)."));
        var overall = keyFields.Average(k => k.Found ? k.Confidence : 0);

        return new OcrInvoiceDto(typeField, numberField, numberOnly, dateField, caeField, caeDueField, issuer, receiver, lines,
            amounts.Subtotal, amounts.Iva, amounts.OtherTaxes, amounts.Total, Math.Round(overall, 3), warnings, RawText(pages), timings)
        {
            AfipQr = qr is null ? null : new OcrAfipQrDto(qr.IssuerCuit.ToString(), qr.TypeCode, qr.Type?.Letter(), qr.PointOfSale, qr.Number, qr.IssueDate, qr.Total,
                qr.Currency, qr.ExchangeRate, qr.ReceiverCuit?.ToString(), qr.AuthorizationKind, qr.AuthorizationCode),
        };
    }

    private static OcrField<T> Missing<T>() => OcrField<T>.Missing;

    /// <summary>How sure a value of AFIP's QR code is: decoded with error correction, not recognised.</summary>
    public const double QrConfidence = 0.99;

    /// <summary>The QR's value for a field; a warning when the print was read confidently as another value.</summary>
    private static Candidate<T> FromQr<T>(Candidate<T>? read, T fromQr, string field, Func<T, string> show, List<OcrWarningDto> warnings)
    {
        if (read is not null && !EqualityComparer<T>.Default.Equals(read.Value, fromQr) && read.Confidence >= LowConfidence)
        {
            warnings.Add(Differs(field, show(fromQr), show(read.Value)));
        }
        return new Candidate<T>(fromQr, QrConfidence);
    }

    private static OcrField<string> FromQr(OcrField<string> read, string fromQr, string field, List<OcrWarningDto> warnings)
    {
        if (read.Found && read.Value != fromQr && read.Confidence >= LowConfidence) warnings.Add(Differs(field, fromQr, read.Value!));
        warnings.RemoveAll(w => w.Field == field && w.Code is "cuit_invalido" or "cuit_de_ingresos_brutos");
        return new OcrField<string>(fromQr, QrConfidence);
    }

    private static OcrWarningDto Differs(string field, string fromQr, string read) =>
        new("qr_distinto", field, $"El código QR de AFIP dice {fromQr} y el texto impreso se leyó {read}: se tomó el del QR. Si la factura dice otra cosa, no coincide con lo que AFIP autorizó.");

    /// <summary>The text of the best pass of each page; pages apart by a line that says where the next one starts.</summary>
    private static string RawText(IReadOnlyList<IReadOnlyList<InvoiceReading>> pages) => pages.Count == 1
        ? Best(pages[0]).RawText
        : string.Join('\n', pages.Select((p, i) => $"--- página {i + 1} ---\n" + Best(p).RawText));

    private static InvoiceReading Best(IReadOnlyList<InvoiceReading> readings) =>
        readings.OrderByDescending(r => r.InvoiceLabelsFound).ThenByDescending(r => r.MeanConfidence).First();

    private static OcrField<string> Text(Candidate<string>? candidate) =>
        candidate is null ? OcrField<string>.Missing : new OcrField<string>(candidate.Value, Math.Round(candidate.Confidence, 3));

    /// <summary>
    /// Names read from the header's typography: a reading that begins, ends or lies within another, longer one is that
    /// name with a part lost (a pass that dropped the name's first row, "CARLOS" of "GONZALEZ JUAN / CARLOS", its first
    /// letters, "ificadora Santa", or its legal form) and votes for the longer one — when that one was read nearly as
    /// surely (not a line of noise a pass added to the name). Readings with the same letters are the same name: one
    /// pass's stray dot or split word ("Río." read at 0.11, "Avel la neda") votes for the most confident spelling.
    /// </summary>
    private static List<Candidate<string>> Completed(List<Candidate<string>> names)
    {
        var completed = names.Select(name =>
        {
            var folded = OcrText.Fold(name.Value);
            var longer = names.Where(o => o.Value.Length > name.Value.Length && o.Confidence >= name.Confidence * 0.85 && OcrText.Fold(o.Value) is var other
                                          && (other.StartsWith(folded + " ", StringComparison.Ordinal) || other.EndsWith(" " + folded, StringComparison.Ordinal)
                                              || (other.Length > folded.Length && other.StartsWith(folded, StringComparison.Ordinal) && other[folded.Length] is '.' or ' ')
                                              || (folded.Count(char.IsLetter) >= 6 && other.Contains(folded, StringComparison.Ordinal))))
                .MaxBy(o => o.Confidence);
            return longer is null ? name : name with { Value = longer.Value };
        }).ToList();
        return completed.Select(name => name with { Value = completed.Where(o => SameLetters(o.Value, name.Value)).MaxBy(o => o.Confidence)!.Value }).ToList();
    }

    private static bool SameLetters(string a, string b) =>
        OcrText.Fold(a).Where(char.IsLetterOrDigit).SequenceEqual(OcrText.Fold(b).Where(char.IsLetterOrDigit));

    /// <summary>Days from an invoice's issue to its CAE's due date, as AFIP grants a CAE.</summary>
    private const int CaeDays = 10;

    /// <summary>
    /// The value most passes agree on, weighted by confidence. Agreement between passes raises the confidence; a
    /// contradiction lowers it by the share of the weight the chosen value has.
    /// </summary>
    public static Candidate<T>? Choose<T>(IEnumerable<Candidate<T>> candidates)
    {
        var groups = candidates.GroupBy(c => c.Value).Select(g => (Value: g.Key, Score: g.Sum(c => c.Confidence), Max: g.Max(c => c.Confidence), Count: g.Count())).ToList();
        if (groups.Count == 0) return null;
        var total = groups.Sum(g => g.Score);
        var winner = groups.OrderByDescending(g => g.Score).ThenByDescending(g => g.Max).First();
        var share = total <= 0 ? 0 : winner.Score / total;
        var confidence = Math.Min(0.99, winner.Max * share + 0.05 * (winner.Count - 1));
        return new Candidate<T>(winner.Value, Math.Round(confidence, 3));
    }

    /// <summary>
    /// The type from its code ("COD. 01") and its big letter: agreeing, nearly certain; one of them, less so, unless the
    /// rest of the invoice agrees with it (only an A itemises IVA; a C comes from a Monotributista).
    /// </summary>
    private static Candidate<string?> ChooseType(IReadOnlyList<InvoiceReading> readings)
    {
        var code = Choose(readings.SelectMany(r => r.TypeCodes));
        var letter = Choose(readings.SelectMany(r => r.TypeLetters));
        var itemisesIva = readings.Any(r => r.Iva.Values.Any(i => i.Value != 0));
        var monotributo = readings.Any(r => r.IssuerIvaConditions.Count > 0 && OcrValues.IvaConditionOf(r.IssuerIvaConditions[0].Value) == IvaCondition.Monotributista);
        bool Consistent(string type) => type switch
        {
            "A" => itemisesIva,
            "B" => !itemisesIva && !monotributo,
            _ => !itemisesIva && monotributo,
        };
        return (code, letter) switch
        {
            (null, null) => new(null, 0),
            ({ } c, { } l) when c.Value == l.Value => new(c.Value, Math.Max(0.97, Math.Max(c.Confidence, l.Confidence))),
            ({ } c, _) when Consistent(c.Value) => new(c.Value, Math.Max(0.95, c.Confidence)),
            ({ } c, _) => new(c.Value, c.Confidence * 0.85),
            (null, { } l) when Consistent(l.Value) => new(l.Value, Math.Max(0.9, l.Confidence)),
            (null, { } l) => new(l.Value, l.Confidence * 0.7),
        };
    }

    /// <summary>
    /// The type by AFIP's rules when neither its letter nor its code was read: a Monotributista issues C; only an A shows
    /// the net and IVA apart; a B to a final consumer shows the IVA contained (Ley 27.743), and a Responsable Inscripto
    /// billing someone who is not one issues a B. A block only one type prints makes it fairly sure; the receiver's
    /// condition alone leaves it doubtful.
    /// </summary>
    private static Candidate<string?>? DeduceType(IReadOnlyList<InvoiceReading> readings)
    {
        var issuer = Condition(Choose(Conditions(readings.SelectMany(r => r.IssuerIvaConditions.Take(1))))).Value;
        var receiver = Condition(Choose(Conditions(readings.SelectMany(r => r.ReceiverIvaConditions.Take(1))))).Value;
        var net = readings.Any(r => r.ShowsNetTaxed || r.Iva.Values.Any(i => i.Value != 0));
        var contained = readings.Any(r => r.ShowsContainedIva);
        const string Inscripto = "Responsable Inscripto";
        var votes = new Dictionary<string, int> { ["A"] = 0, ["B"] = 0, ["C"] = 0 };
        // Printed blocks only one type has weigh 2 (net taxed apart: A; the IVA-contained block: B; a Monotributista issuer: C);
        // the receiver's condition, read less reliably, weighs 1.
        if (issuer == "Monotributista") votes["C"] += 2;
        if (net) votes["A"] += 2;
        if (issuer == Inscripto && receiver == Inscripto) votes["A"]++;
        if (contained) votes["B"] += 2;
        if (issuer == Inscripto && receiver is not null && receiver != Inscripto) votes["B"]++;
        var best = votes.OrderByDescending(v => v.Value).First();
        if (best.Value == 0 || votes.Count(v => v.Value == best.Value) > 1) return null;
        var runnerUp = votes.Where(v => v.Key != best.Key).Max(v => v.Value);
        return new Candidate<string?>(best.Key, best.Value - runnerUp >= 3 ? 0.95 : best.Value - runnerUp >= 2 ? 0.9 : 0.7);
    }

    /// <summary>
    /// The issuer's or the receiver's CUIT (the first of each pass that is not one of <paramref name="others"/>): a right
    /// check digit wins; a wrong one is a warning.
    /// </summary>
    private static OcrField<string> ChooseCuit(IEnumerable<List<List<Candidate<OcrValues.CuitReading>>>> perReading, string field, List<OcrWarningDto> warnings,
        HashSet<string>? others = null)
    {
        // Each pass's first CUIT for the party, skipping one another pass read as the other party's (a pass that read the
        // receiver's box before the issuer's CUIT); if every one was, each pass's first.
        bool Other(List<Candidate<OcrValues.CuitReading>> cuit) => others is not null && cuit.Any(c => c.Value.Valid && others.Contains(c.Value.Digits));
        var read = perReading.Where(cuits => cuits.Count > 0).ToList();
        var own = read.Select(cuits => cuits.FirstOrDefault(c => !Other(c))).OfType<List<Candidate<OcrValues.CuitReading>>>().ToList();
        var candidates = (own.Count > 0 ? own : read.Select(cuits => cuits[0])).SelectMany(c => c).ToList();
        var valid = Choose(candidates.Where(c => c.Value.Valid).Select(c => new Candidate<string>(c.Value.Digits, c.Confidence)));
        if (valid is not null)
        {
            var cuit = Cuit.Parse(valid.Value);
            var readAsIs = candidates.Any(c => c.Value.Valid && !c.Value.Corrected && c.Value.Digits == valid.Value);
            return new OcrField<string>(cuit.ToString(), Math.Round(readAsIs ? Math.Max(valid.Confidence, 0.9) : Math.Min(valid.Confidence, 0.75), 3));
        }
        var invalid = Choose(candidates.Select(c => new Candidate<string>(c.Value.Digits, c.Confidence)));
        if (invalid is null) return OcrField<string>.Missing;
        warnings.Add(new("cuit_invalido", field, $"El CUIT leído ({invalid.Value}) no tiene un dígito verificador válido."));
        return new OcrField<string>(invalid.Value, Math.Round(Math.Min(invalid.Confidence, 0.3), 3));
    }

    /// <summary>An IVA condition read with OCR noise, mapped to its proper name when it is recognisable.</summary>
    private static OcrField<string> Condition(Candidate<string>? read) =>
        read is null ? OcrField<string>.Missing
        : OcrValues.IvaConditionOf(read.Value) is { } condition ? new OcrField<string>(condition.DisplayName(), read.Confidence)
        : new OcrField<string>(read.Value, Math.Min(read.Confidence, 0.4));

    /// <summary>The passes' readings of an IVA condition, each by its proper name when recognisable, so that "Inseripto" votes with "Inscripto".</summary>
    private static IEnumerable<Candidate<string>> Conditions(IEnumerable<Candidate<string>> read) =>
        read.Select(c => OcrValues.IvaConditionOf(c.Value) is { } condition ? c with { Value = condition.DisplayName() } : c);
}
