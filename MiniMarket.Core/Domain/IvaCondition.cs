using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace MiniMarket.Core.Domain;

/// <summary>A taxpayer's condition before IVA.</summary>
public enum IvaCondition
{
    ResponsableInscripto,
    Monotributista,
    Exento,
    ConsumidorFinal,
}

/// <summary>Display names and tolerant parsing of <see cref="IvaCondition"/>.</summary>
public static class IvaConditions
{
    /// <summary>"Responsable Inscripto", "Monotributista", "Exento", "Consumidor Final".</summary>
    public static string DisplayName(this IvaCondition condition) => condition switch
    {
        IvaCondition.ResponsableInscripto => "Responsable Inscripto",
        IvaCondition.Monotributista => "Monotributista",
        IvaCondition.Exento => "Exento",
        IvaCondition.ConsumidorFinal => "Consumidor Final",
        _ => throw new DomainException("ivaCondition", $"Condición de IVA desconocida ({(int)condition})"),
    };

    /// <summary>
    /// Tolerant parse, ignoring case, accents, punctuation, spaces and a leading "IVA": "Responsable Inscripto", "RI",
    /// "R.I.", "IVA Responsable Inscripto", "Resp. Inscripto", "Monotributo", "Responsable Monotributo", "Exento",
    /// "IVA Sujeto Exento", "Consumidor Final", "CF", and the enum names ("ResponsableInscripto").
    /// </summary>
    public static IvaCondition Parse(string? text, string field = "ivaCondition") =>
        TryParse(text, out var condition) ? condition : throw new DomainException(field,
            $"Condición de IVA {DomainText.Quote(text?.Trim() ?? string.Empty)} desconocida: use Responsable Inscripto, Monotributista, Exento o Consumidor Final");

    public static bool TryParse([NotNullWhen(true)] string? text, out IvaCondition condition)
    {
        condition = default;
        var key = Normalize(text);
        if (key.StartsWith("iva", StringComparison.Ordinal) && key.Length > 3)
        {
            key = key[3..];
        }

        IvaCondition? found = key switch
        {
            "responsableinscripto" or "respinscripto" or "responsableinscrito" or "ri" => IvaCondition.ResponsableInscripto,
            "monotributista" or "monotributo" or "responsablemonotributo" or "respmonotributo" or "mt" => IvaCondition.Monotributista,
            "exento" or "sujetoexento" or "ex" => IvaCondition.Exento,
            "consumidorfinal" or "cf" => IvaCondition.ConsumidorFinal,
            _ => null,
        };
        condition = found.GetValueOrDefault();
        return found.HasValue;
    }

    // Lower-case ASCII letters only: "IVA Resp. Inscripto" → "ivarespinscripto".
    private static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetter(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
