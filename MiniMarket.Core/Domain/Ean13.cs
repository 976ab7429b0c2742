using System.Diagnostics.CodeAnalysis;

namespace MiniMarket.Core.Domain;

/// <summary>
/// EAN-13 barcode (GTIN-13), always valid once built: 13 ASCII digits whose last one is the GS1 mod-10 check digit
/// (weights 1,3,1,3,... from the left over the first 12). Surrounding spaces are trimmed; inner spaces are not accepted.
/// </summary>
public readonly record struct Ean13
{
    private readonly string? _digits;

    private Ean13(string digits) => _digits = digits;

    /// <summary>The 13 digits (empty for <c>default(Ean13)</c>).</summary>
    public string Digits => _digits ?? string.Empty;

    /// <summary>True for GS1 Argentina prefix 779 (products registered in Argentina).</summary>
    public bool IsArgentine => Digits.StartsWith("779", StringComparison.Ordinal);

    public override string ToString() => Digits;

    public static Ean13 Parse(string? text, string field = "barcode") =>
        TryParse(text, out var ean, out var error) ? ean : throw new DomainException(field, error);

    public static bool TryParse(string? text, out Ean13 ean) => TryParse(text, out ean, out _);

    public static bool TryParse(string? text, out Ean13 ean, [NotNullWhen(false)] out string? error)
    {
        ean = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "El código de barras es obligatorio";
            return false;
        }

        var trimmed = text.Trim();
        if (!DomainText.IsAsciiDigits(trimmed, 13))
        {
            error = $"El código de barras {DomainText.Quote(trimmed)} debe tener exactamente 13 dígitos (EAN-13)";
            return false;
        }

        var expected = ComputeCheckDigit(trimmed[..12]);
        if (trimmed[12] - '0' != expected)
        {
            error = $"El código de barras {trimmed} tiene el dígito verificador incorrecto (esperado {expected})";
            return false;
        }

        ean = new Ean13(trimmed);
        error = null;
        return true;
    }

    /// <summary>GS1 check digit of the first 12 digits: (10 - (Σ dᵢ·wᵢ mod 10)) mod 10, weights 1,3 alternating from the left.</summary>
    public static int ComputeCheckDigit(string first12)
    {
        if (!DomainText.IsAsciiDigits(first12, 12))
        {
            throw new DomainException("barcode", "Para calcular el dígito verificador del EAN-13 hacen falta exactamente 12 dígitos");
        }

        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (first12[i] - '0') * (i % 2 == 0 ? 1 : 3);
        }

        return (10 - sum % 10) % 10;
    }
}
