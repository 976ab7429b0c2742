using System.Globalization;
using System.Text;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// How an OCR result compares with the truth, exactly: the five key fields the OCR benchmark has always reported (issuer
/// CUIT as "NN-NNNNNNNN-N", type letter, point of sale and number, issue date, total), the lines, the issuer's name and
/// IVA condition. A null result (the OCR failed) scores nothing. Shared by the benchmark and the OCR tests.
/// </summary>
public sealed record InvoiceScore(
    bool Cuit,
    bool Type,
    bool Number,
    bool Date,
    bool Total,
    int TruthLines,
    int ReadLines,
    int LinesExact,
    bool IssuerNameExact,
    bool IssuerIvaConditionExact)
{
    /// <summary>"cuit", "type", "number", "date", "total", in the order of <see cref="KeyFields"/>.</summary>
    public static IReadOnlyList<string> KeyFieldNames { get; } = ["cuit", "type", "number", "date", "total"];

    public IReadOnlyList<bool> KeyFields => [Cuit, Type, Number, Date, Total];

    public bool AllKeyFields => Cuit && Type && Number && Date && Total;

    /// <summary>Every truth line exact and no line read beyond them.</summary>
    public bool AllLinesExact => LinesExact == TruthLines && ReadLines == TruthLines;

    /// <summary>The names of the key fields that are wrong.</summary>
    public IEnumerable<string> MissedKeyFields => KeyFieldNames.Where((_, i) => !KeyFields[i]);

    public static InvoiceScore Of(InvoiceTruth truth, OcrInvoiceDto? read)
    {
        ArgumentNullException.ThrowIfNull(truth);
        if (read is null)
        {
            return new(false, false, false, false, false, truth.Lines.Count, 0, 0, false, false);
        }

        var lines = read.Lines ?? [];
        return new(
            Cuit: read.Issuer.Cuit.Value == truth.Issuer.Cuit.ToString(),
            Type: read.Type.Value == truth.Type.Letter(),
            Number: read.PointOfSale.Value == truth.PointOfSale && read.Number.Value == truth.Number,
            Date: read.IssueDate.Value == truth.IssueDate,
            Total: read.Total.Value == truth.Total,
            TruthLines: truth.Lines.Count,
            ReadLines: lines.Count,
            LinesExact: truth.Lines.Where((line, i) => i < lines.Count && LineExact(line, lines[i])).Count(),
            IssuerNameExact: SameName(truth.Issuer.Name, read.Issuer.Name.Value),
            IssuerIvaConditionExact: SameIvaCondition(truth.Issuer.IvaCondition, read.Issuer.IvaCondition.Value));
    }

    /// <summary>Quantity, unit price and amount exactly equal (code and description are not compared).</summary>
    public static bool LineExact(LineTruth truth, OcrLineDto read)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(read);
        return read.Quantity == truth.Quantity && read.UnitPrice == truth.UnitPrice && read.Amount == truth.Amount;
    }

    /// <summary>Equal ignoring case, accents and repeated or surrounding whitespace; punctuation counts ("S.A." is not "SA").</summary>
    public static bool SameName(string expected, string? read) =>
        read is not null && string.Equals(NormalizeName(expected), NormalizeName(read), StringComparison.Ordinal);

    /// <summary>"  Lácteos  La Pampa S.A. " → "lacteos la pampa s.a.".</summary>
    public static string NormalizeName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>The read text means the same condition by the domain's tolerant parser ("IVA Resp. Inscripto", "RI", ...).</summary>
    public static bool SameIvaCondition(IvaCondition expected, string? read) =>
        IvaConditions.TryParse(read, out var condition) && condition == expected;
}
