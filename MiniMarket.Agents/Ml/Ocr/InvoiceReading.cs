using System.Text.RegularExpressions;
using MiniMarket.Core.Contracts;

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
    public const string Total = "total";
    public const string Iva = "iva";

    [GeneratedRegex(@"(?<receiver>apellido\s*y\s*nombre\s*[/1l|]?\s*razon\s*social|\bsenor\s*\(?\s*es\s*\)?\s*(?=:))|(?<issuer>razon\s*social)|(?<issueraddr>domicilio\s*comercial)|(?<receiveraddr>domicilio)|(?<iva>condicion\s*frente\s*al\s*iva)|(?<sale>condicion\s*de\s*venta)|(?<pos>punto\s*de\s*venta)|(?<num>comp\.?\s*n(?:ro|o)?[^\w\s:]{0,2}\.?)|(?<date>fecha\s*de\s*emision)|(?<caedue>fecha\s*de\s*v(?:to|encimiento)\.?\s*(?:de(?:l)?\s*)?cae)|(?<cae>\bcae\s*(?:n(?:ro|o)?[^\w\s:]{0,2})?\.?(?=\s*:|\s*\w?\d))|(?<cuit>\bc\.?u\.?i\.?t\.?(?=\s*:|\s*\d))|(?<iibb>ingresos\s*brutos)|(?<start>fecha\s*de\s*inicio\s*de\s*actividades)|(?<code>\bcod(?:igo)?\.?\s*(?=:?\s*[0o]?\d))|(?<net>importe\s*neto\s*(?:no\s*)?gravado)|(?<other>importe\s*otros\s*tributos)|(?<total>importe\s*total)|(?<sub>\bsub\s*total\b(?!\s*c))|(?<ivarate>\biva\s*(?<rate>\d{1,2}(?:[.,]\d)?)\s*%)")]
    private static partial Regex Any();

    private static readonly (string Group, string Name)[] Groups =
    [
        ("receiver", ReceiverName), ("issuer", IssuerName), ("issueraddr", IssuerAddress), ("receiveraddr", ReceiverAddress),
        ("iva", IvaCondition), ("sale", SaleCondition), ("pos", PointOfSale), ("num", Number), ("date", IssueDate), ("caedue", CaeDue),
        ("cae", Cae), ("cuit", Cuit), ("iibb", GrossIncome), ("start", ActivityStart), ("code", Code), ("net", NetTaxed),
        ("other", OtherTaxes), ("total", Total), ("sub", Subtotal), ("ivarate", Iva),
    ];

    /// <summary>A label found in a line and the text that follows it up to the next label.</summary>
    public sealed record Found(string Name, string Value, string? Rate, int Start);

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
            result.Add(new Found(name, value, match.Groups["rate"].Success ? match.Groups["rate"].Value : null, match.Index));
        }
        return result;
    }
}
