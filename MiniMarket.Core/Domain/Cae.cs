using System.Diagnostics.CodeAnalysis;

namespace MiniMarket.Core.Domain;

/// <summary>CAE (Código de Autorización Electrónico): exactly 14 ASCII digits; surrounding spaces trimmed.</summary>
public readonly record struct Cae
{
    private readonly string? _digits;

    private Cae(string digits) => _digits = digits;

    public string Digits => _digits ?? string.Empty;

    public override string ToString() => Digits;

    public static Cae Parse(string? text, string field = "cae") =>
        TryParse(text, out var cae, out var error) ? cae : throw new DomainException(field, error);

    public static bool TryParse(string? text, out Cae cae) => TryParse(text, out cae, out _);

    public static bool TryParse(string? text, out Cae cae, [NotNullWhen(false)] out string? error)
    {
        cae = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "El CAE es obligatorio";
            return false;
        }

        var trimmed = text.Trim();
        if (!DomainText.IsAsciiDigits(trimmed, 14))
        {
            error = $"El CAE {DomainText.Quote(trimmed)} debe tener exactamente 14 dígitos";
            return false;
        }

        cae = new Cae(trimmed);
        error = null;
        return true;
    }
}
