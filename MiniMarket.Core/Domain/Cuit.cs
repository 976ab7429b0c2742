using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniMarket.Core.Domain;

/// <summary>
/// CUIT/CUIL (Clave Única de Identificación Tributaria), always valid once built: 11 digits, a known prefix
/// (20, 23, 24, 27 people; 30, 33, 34 companies) and a correct mod-11 check digit.
/// Parsed from "20-12345678-6", "20123456786", "20 12345678 6", "20.12345678.6" (surrounding spaces allowed);
/// any other grouping (e.g. "201-2345678-6") is rejected as a typo.
/// </summary>
public readonly partial record struct Cuit
{
    private static readonly int[] Weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    /// <summary>The prefixes AFIP assigns: 20, 23, 24, 27 (people) and 30, 33, 34 (companies).</summary>
    public static IReadOnlyList<int> ValidPrefixes { get; } = [20, 23, 24, 27, 30, 33, 34];

    private readonly string? _digits;

    private Cuit(string digits) => _digits = digits;

    /// <summary>The 11 digits, without separators: "20123456786" (empty for <c>default(Cuit)</c>).</summary>
    public string Digits => _digits ?? string.Empty;

    /// <summary>The two-digit type prefix (20, 23, 24, 27, 30, 33 or 34).</summary>
    public int Prefix => Digits.Length == 11 ? (Digits[0] - '0') * 10 + (Digits[1] - '0') : 0;

    /// <summary>True for company prefixes 30, 33 and 34; false for people.</summary>
    public bool IsCompany => Prefix is 30 or 33 or 34;

    /// <summary>"NN-NNNNNNNN-N", e.g. "20-12345678-6".</summary>
    public override string ToString() =>
        Digits.Length == 11 ? $"{Digits[..2]}-{Digits[2..10]}-{Digits[10]}" : string.Empty;

    /// <summary>Parses any common spelling; throws <see cref="DomainException"/> naming <paramref name="field"/>.</summary>
    public static Cuit Parse(string? text, string field = "cuit") =>
        TryParse(text, out var cuit, out var error) ? cuit : throw new DomainException(field, error);

    public static bool TryParse(string? text, out Cuit cuit) => TryParse(text, out cuit, out _);

    /// <summary>Parses and validates; on failure <paramref name="error"/> explains why, in Spanish.</summary>
    public static bool TryParse(string? text, out Cuit cuit, [NotNullWhen(false)] out string? error)
    {
        cuit = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "El CUIT es obligatorio";
            return false;
        }

        var match = Spelling().Match(text.Trim());
        if (!match.Success)
        {
            error = $"El CUIT {DomainText.Quote(text.Trim())} no tiene el formato NN-NNNNNNNN-N (11 dígitos)";
            return false;
        }

        var digits = string.Concat(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
        var shown = $"{digits[..2]}-{digits[2..10]}-{digits[10]}";
        var prefix = int.Parse(digits.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        if (!ValidPrefixes.Contains(prefix))
        {
            error = $"El CUIT {shown} tiene un prefijo inválido ({digits[..2]}): se esperaba 20, 23, 24, 27, 30, 33 o 34";
            return false;
        }

        var expected = ComputeCheckDigit(digits[..10]);
        if (expected is null)
        {
            error = $"El CUIT {shown} no es válido: con el prefijo {digits[..2]} y ese número el dígito verificador daría 10";
            return false;
        }

        if (digits[10] - '0' != expected)
        {
            error = $"El CUIT {shown} tiene el dígito verificador incorrecto (esperado {expected})";
            return false;
        }

        cuit = new Cuit(digits);
        error = null;
        return true;
    }

    /// <summary>
    /// The check digit for the first ten digits: 11 - (Σ dᵢ·wᵢ mod 11) with weights 5,4,3,2,7,6,5,4,3,2;
    /// 11 becomes 0; 10 has no digit and returns null (that number cannot be a CUIT with that prefix).
    /// </summary>
    public static int? ComputeCheckDigit(string firstTen)
    {
        if (!DomainText.IsAsciiDigits(firstTen, 10))
        {
            throw new DomainException("cuit", "Para calcular el dígito verificador del CUIT hacen falta exactamente 10 dígitos");
        }

        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += (firstTen[i] - '0') * Weights[i];
        }

        var result = 11 - sum % 11;
        return result switch
        {
            11 => 0,
            10 => null,
            _ => result,
        };
    }

    [GeneratedRegex(@"^([0-9]{2})\s*[-.]?\s*([0-9]{8})\s*[-.]?\s*([0-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex Spelling();
}
