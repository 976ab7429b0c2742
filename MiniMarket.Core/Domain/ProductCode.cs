using System.Diagnostics.CodeAnalysis;

namespace MiniMarket.Core.Domain;

/// <summary>
/// A product code: trimmed, upper-cased (invariant), 1..32 characters among ASCII letters, digits, '-' and '_'.
/// By convention a category prefix plus 6 digits ("ALM000123"), but that is not enforced: older codes exist.
/// </summary>
public readonly record struct ProductCode
{
    public const int MaxLength = 32;

    private readonly string? _value;

    private ProductCode(string value) => _value = value;

    public string Value => _value ?? string.Empty;

    public override string ToString() => Value;

    public static ProductCode Create(string? text, string field = "code") =>
        TryCreate(text, out var code, out var error) ? code : throw new DomainException(field, error);

    public static bool TryCreate(string? text, out ProductCode code) => TryCreate(text, out code, out _);

    public static bool TryCreate(string? text, out ProductCode code, [NotNullWhen(false)] out string? error)
    {
        code = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "El código de producto es obligatorio";
            return false;
        }

        var value = text.Trim().ToUpperInvariant();
        if (value.Length > MaxLength)
        {
            error = $"El código de producto tiene {value.Length} caracteres; el máximo es {MaxLength}";
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                error = $"El código de producto {DomainText.Quote(value)} tiene un carácter no permitido ('{c}'): use letras, dígitos, '-' o '_'";
                return false;
            }
        }

        code = new ProductCode(value);
        error = null;
        return true;
    }
}
