using System.Text.RegularExpressions;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>One way a field was read, with the OCR's confidence in the words it came from.</summary>
public sealed record Candidate<T>(T Value, double Confidence);

/// <summary>Everything one recognition pass offers for each field; <see cref="InvoiceAssembler"/> chooses among passes.</summary>
public sealed class InvoiceReading
{
    public List<Candidate<string>> TypeLetters { get; } = [];
    public List<Candidate<string>> TypeCodes { get; } = [];
    public List<Candidate<(int PointOfSale, int Number)>> Numbers { get; } = [];
    public List<Candidate<DateOnly>> IssueDates { get; } = [];
    public List<Candidate<DateOnly>> CaeDueDates { get; } = [];
    public List<Candidate<string>> Caes { get; } = [];

    /// <summary>The issuer's CUITs as read (the first is the one that counts), each with its look-alike alternatives.</summary>
    public List<List<Candidate<OcrValues.CuitReading>>> IssuerCuits { get; } = [];
    public List<List<Candidate<OcrValues.CuitReading>>> ReceiverCuits { get; } = [];

    /// <summary>Valid CUITs printed as the issuer's Ingresos Brutos number: used only when no issuer CUIT was read.</summary>
    public List<Candidate<OcrValues.CuitReading>> IssuerGrossIncomeCuits { get; } = [];
    public List<Candidate<string>> IssuerIvaConditions { get; } = [];
    public List<Candidate<string>> ReceiverIvaConditions { get; } = [];
    public List<Candidate<string>> IssuerNames { get; } = [];

    /// <summary>The issuer's name read from the header's typography, without a label: used when no pass read a labelled one.</summary>
    public List<Candidate<string>> UnlabelledIssuerNames { get; } = [];
    public List<Candidate<string>> ReceiverNames { get; } = [];
    public List<Candidate<string>> IssuerAddresses { get; } = [];
    public List<Candidate<string>> ReceiverAddresses { get; } = [];

    public List<OcrLineDto> Lines { get; } = [];
    public List<Candidate<decimal>> Subtotals { get; } = [];
    public List<Candidate<decimal>> Totals { get; } = [];
    public List<Candidate<decimal>> OtherTaxes { get; } = [];
    public Dictionary<decimal, Candidate<decimal>> Iva { get; } = [];

    /// <summary>Words in the page and their mean confidence: an empty or unreadable page says so.</summary>
    public int WordCount { get; init; }
    public double MeanConfidence { get; init; }
    public required string RawText { get; init; }

    /// <summary>"Importe Neto Gravado" is printed: only a factura A shows the net apart.</summary>
    public bool ShowsNetTaxed { get; set; }

    /// <summary>"Régimen de Transparencia Fiscal al Consumidor" / "IVA Contenido": a factura B to a final consumer (Ley 27.743).</summary>
    public bool ShowsContainedIva { get; set; }

    /// <summary>The invoice's AFIP QR code, decoded from any of its pages (every reading of the invoice carries it).</summary>
    public AfipQr? AfipQr { get; set; }

    /// <summary>Why a QR code of AFIP's on the invoice could not be used (its data broken), when none could.</summary>
    public string? AfipQrError { get; set; }

    /// <summary>Labels that only an AFIP invoice carries; none found means the picture is probably not an invoice.</summary>
    public int InvoiceLabelsFound { get; set; }
}

/// <summary>The labels printed on AFIP invoices, matched on folded text (lower case, no accents).</summary>
internal static partial class InvoiceLabels
{
    public const string ReceiverName = "receiver-name";
    public const string IssuerName = "issuer-name";
    public const string IssuerAddress = "issuer-address";
    public const string ReceiverAddress = "receiver-address";
    public const string IvaCondition = "iva-condition";
    public const string SaleCondition = "sale-condition";
    public const string PointOfSale = "point-of-sale";
    public const string Number = "number";
    public const string IssueDate = "issue-date";
    public const string Cuit = "cuit";
    public const string GrossIncome = "gross-income";
    public const string ActivityStart = "activity-start";
    public const string Cae = "cae";
    public const string CaeDue = "cae-due";
    public const string Code = "code";
    public const string NetTaxed = "net-taxed";
    public const string Subtotal = "subtotal";
    public const string OtherTaxes = "other-taxes";

    /// <summary>One other tax on its own row ("Percepción IIBB 3%", "Impuestos Internos"): the rows add up to the other taxes.</summary>
    public const string TaxItem = "tax-item";
    public const string Total = "total";
    public const string Iva = "iva";

    // One alternative per label, in the wordings Argentine invoices print (AFIP's own, and the ERPs' and pre-printed
    // forms' variants: "C.U.I.T. N°", "Fecha Emisión", "Cond. IVA", "Forma de pago", "I.V.A. 21,00%", "Perc. IIBB 1,5%"),
    // with the look-alikes Tesseract gives ("N*" for "N°", "1.V.A." for "I.V.A.", "C.U.!.T.", "CUTT", "CUUT", "Perc. 1188",
    // "Brutos:" after an "Ingresos" garbled beyond recognition).
    // Labels printed in a grid cell have no colon: a bare word ("Fecha", "TOTAL", "IVA", "Señor(es)") counts only when a
    // value of its kind follows ("TOTAL" also last on its row, before at most two specks of a photograph's edge:
    // "Total ] É"). At one position the first alternative wins; a longer label starts earlier, so
    // "Percepción IIBB" is never "IIBB".
    [GeneratedRegex("""
        (?<receiver>apellido\s*y\s*nombre\s*[/1l|]?\s*(?:razon\s*social)?|\bsenor\s*\(?\s*es\s*\)?\s*(?=:)|\bsenor\s*\(\s*es\s*\)(?=\s+\w)
            |\bcliente\b(?=\s*:|\s+\w))
        |(?<issuer>razon\s*social)
        |(?<issueraddr>domicilio\s*comercial)
        |(?<receiveraddr>\bdomicilio\b|\bdireccion\b)
        |(?<iva>condicion\s*frente\s*al\s*iva|\bcond\.?\s*(?:frente\s*al\s*)?i\.?v\.?a\b\.?|\biva\s*(?=:)|\biva\s+(?=(?:responsable|resp|monotributista|monotributo|sujeto\s*exento|exento)\b))
        |(?<sale>condicion\s*de\s*venta|\bcond\.?\s*de\s*venta|forma\s*de\s*pago)
        |(?<pos>punto\s*de\s*venta|\bpto\.?\s*(?:de\s*)?vta\b\.?)
        |(?<num>comp\.?\s*n(?:ro|o)?[^\w\s:]{0,2}\.?|\b(?:numero|nro)\b\.?(?=\s*:?\s*\d)|\bn\s*(?:°|º|\*|2)?[^\w\s]{0,2}(?=\s*:?\s*\d{4,5}\s?-\s?\d{8}))
        |(?<date>fecha\s*(?:de\s*)?emision)
        |(?<caedue>(?:fecha\s*de\s*)?\bv(?:to|encimiento)\.?\s*(?:de(?:l)?\s*)?c\.?a\.?e\b\.?)
        |(?<cae>\bc\.?a\.?e\b\.?\s*(?:n\s*(?:ro|o|º|°)?[^\w\s:]{0,2})?\.?(?=\s*:|\s*\w?\d))
        |(?<cuit>\bc\.?\s*u\.?\s*[i1l!|tu]{1,2}\.?\s*t\b\.?(?:\s*n\s*(?:ro|o|º|°)?[^\w\s:]{0,2}\.?)?(?=\s*:|\s*\d))
        |(?<other>importe\s*otros\s*tributos)
        |(?<tax>(?:\bperc(?:epcion|\.)?\s*(?:de\s*)?(?:iva|[i1l][i1l][b8][b8]|ingresos(?:\s*brutos)?)|\bimp(?:uestos|\.)?\s*internos)(?:\s*(?<taxrate>\d{1,2}(?:[.,]\d{1,2})?)\s*%)?)
        |(?<iibb>ingresos\s*brutos|\bing\.?\s*brutos|\bi\.?i\.?b\.?b\b\.?|\b[i1l]{1,2}bb\b(?=\s*:?\s*[\d-]{8})|\bbrutos\b(?=\s*:))
        |(?<start>fecha\s*de\s*inicio\s*de\s*actividades|\binicio\s*(?:de\s*)?act(?:ividades|\.)?|\binicio\s*de(?=\s*\d))
        |(?<code>\bcod(?:igo)?\.?\s*(?:n\s*(?:ro|o|º|°)?[^\w\s:]{0,2}\.?\s*)?(?=:?\s*[0o]?\d))
        |(?<net>importe\s*neto\s*(?:no\s*)?gravado|\bneto\s*gravado|\bimporte\s*neto\b)
        |(?<total>importe\s*total)
        |(?<sub>\bsub\s*-?\s*total\b(?!\s*c\b))
        |(?<ivarate>\b[i1l]\.?\s*v\.?\s*a\.?\s*(?<rate>\d{1,2}(?:[.,]\d{1,2})?)\s*%)
        |(?<baretotal>(?<!sub\s*-?\s*)\btotal\b(?=\s*[:$]|\s*\d|(?:\s+\S(?!\S)){0,2}\s*$))
        |(?<baredate>(?:\bfecha|\becha\b)(?:\s*de?\b)?(?=\s*[:.]?\s*[\[(]?\s*\d))
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Any();

    private static readonly (string Group, string Name)[] Groups =
    [
        ("receiver", ReceiverName), ("issuer", IssuerName), ("issueraddr", IssuerAddress), ("receiveraddr", ReceiverAddress),
        ("iva", IvaCondition), ("sale", SaleCondition), ("pos", PointOfSale), ("num", Number), ("date", IssueDate), ("caedue", CaeDue),
        ("cae", Cae), ("cuit", Cuit), ("other", OtherTaxes), ("tax", TaxItem), ("iibb", GrossIncome), ("start", ActivityStart), ("code", Code),
        ("net", NetTaxed), ("total", Total), ("sub", Subtotal), ("ivarate", Iva), ("baretotal", Total), ("baredate", IssueDate),
    ];

    /// <summary>A label found in a line and the text that follows it up to the next label.</summary>
    public sealed record Found(string Name, string Value, string? Rate, int Start, int End);

    /// <summary>The text of a line before its first label: a value printed under its label ("Domicilio Comercial:" then the address).</summary>
    public static string Prefix(string line, IReadOnlyList<Found> labels) =>
        labels.Count == 0 ? line.Trim() : line[..Math.Min(labels[0].Start, line.Length)].Trim();

    public static IReadOnlyList<Found> In(string line)
    {
        var folded = OcrText.Fold(line);
        var sameLength = folded.Length == line.Length;
        var matches = Any().Matches(folded);
        var result = new List<Found>(matches.Count);
        for (var i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            var name = Groups.First(g => match.Groups[g.Group].Success).Name;
            var end = match.Index + match.Length;
            var next = i + 1 < matches.Count ? matches[i + 1].Index : folded.Length;
            var value = (sameLength ? line : folded)[end..next].Trim().TrimStart(':', '.', ';', ' ').Trim();
            result.Add(new Found(name, value, match.Groups["rate"].Success ? match.Groups["rate"].Value : null, match.Index, end));
        }
        return result;
    }
}
