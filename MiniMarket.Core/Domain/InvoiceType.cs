using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniMarket.Core.Domain;

/// <summary>AFIP invoice (factura) type; the value is AFIP's voucher code (001, 006, 011).</summary>
public enum InvoiceType
{
    A = 1,
    B = 6,
    C = 11,
}

/// <summary>Parsing and display of <see cref="InvoiceType"/>.</summary>
public static partial class InvoiceTypes
{
    /// <summary>AFIP code: A → 1, B → 6, C → 11.</summary>
    public static int Code(this InvoiceType type) => (int)type;

    /// <summary>"A", "B" or "C".</summary>
    public static string Letter(this InvoiceType type) => type switch
    {
        InvoiceType.A or InvoiceType.B or InvoiceType.C => type.ToString(),
        _ => throw new DomainException("type", $"Tipo de factura desconocido ({(int)type})"),
    };

    /// <summary>"Factura A".</summary>
    public static string DisplayName(this InvoiceType type) => "Factura " + type.Letter();

    /// <summary>
    /// Tolerant parse: the letter ("A", "a", "Factura A", "FACTURA B", "Fact. C", "Factura tipo A") or the AFIP code with or
    /// without leading zeros ("1", "001", "6", "006", "11", "011"). Other letters and codes (M, E, notas de crédito) are refused.
    /// </summary>
    public static InvoiceType Parse(string? text, string field = "type") =>
        TryParse(text, out var type) ? type : throw new DomainException(field,
            $"Tipo de factura {DomainText.Quote(text?.Trim() ?? string.Empty)} no válido: se espera A (código 1), B (6) o C (11)");

    public static bool TryParse([NotNullWhen(true)] string? text, out InvoiceType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = Spelling().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var letter = match.Groups["letter"].Value.ToUpperInvariant();
        var code = match.Groups["code"].Success
            ? int.Parse(match.Groups["code"].Value, NumberStyles.None, CultureInfo.InvariantCulture)
            : -1;
        InvoiceType? found = (letter, code) switch
        {
            ("A", _) or (_, 1) => InvoiceType.A,
            ("B", _) or (_, 6) => InvoiceType.B,
            ("C", _) or (_, 11) => InvoiceType.C,
            _ => null,
        };
        type = found.GetValueOrDefault();
        return found.HasValue;
    }

    [GeneratedRegex(@"^(?:(?:factura|fact\.?|fc)\s*(?:tipo\s*)?)?(?:(?<letter>[a-z])|(?<code>[0-9]{1,3}))$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Spelling();
}
