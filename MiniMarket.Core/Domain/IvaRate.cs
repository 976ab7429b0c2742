using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MiniMarket.Core.Domain;

/// <summary>
/// An IVA rate AFIP accepts on a factura: 0, 10.5, 21 or 27 percent. <see cref="Percent"/> is in percent (21),
/// <see cref="Fraction"/> in parts of one (0.21): never mix them.
/// </summary>
public readonly record struct IvaRate
{
    private IvaRate(decimal percent) => Percent = percent;

    public static IvaRate Zero { get; } = new(0m);

    /// <summary>10.5 %: basic food, some medicines.</summary>
    public static IvaRate Reduced { get; } = new(10.5m);

    /// <summary>21 %: the general rate.</summary>
    public static IvaRate General { get; } = new(21m);

    /// <summary>27 %: utilities sold to businesses.</summary>
    public static IvaRate Increased { get; } = new(27m);

    public static IReadOnlyList<IvaRate> All { get; } = [Zero, Reduced, General, Increased];

    /// <summary>The rate in percent: 0, 10.5, 21 or 27.</summary>
    public decimal Percent { get; }

    /// <summary>The rate as a fraction of one: 0, 0.105, 0.21, 0.27.</summary>
    public decimal Fraction => Percent / 100m;

    /// <summary>AFIP "Id alícuota IVA" (web service code): 0 % → 3, 10.5 % → 4, 21 % → 5, 27 % → 6.</summary>
    public int AfipCode => Percent switch
    {
        0m => 3,
        10.5m => 4,
        21m => 5,
        _ => 6,
    };

    /// <summary>The IVA on a net amount, unrounded.</summary>
    public Ars Of(Ars net) => net * Fraction;

    /// <summary>"21 %", "10,5 %".</summary>
    public override string ToString() => Percent.ToString("0.#", ArsFormat.NumberFormat) + " %";

    public static IvaRate Create(decimal percent, string field = "ivaRate") =>
        TryCreate(percent, out var rate) ? rate : throw new DomainException(field,
            $"La alícuota de IVA {percent.ToString(ArsFormat.NumberFormat)} % no es válida: se espera 0, 10,5, 21 o 27");

    public static bool TryCreate(decimal percent, out IvaRate rate)
    {
        // Canonical instances, so 21.00 and 21 are the same rate (same hash, same ToString).
        foreach (var known in All)
        {
            if (known.Percent == percent)
            {
                rate = known;
                return true;
            }
        }

        rate = default;
        return false;
    }

    /// <summary>Parses "21", "21%", "21 %", "10,5", "10.5", "10,5 %" (either decimal separator: no thousands here).</summary>
    public static IvaRate Parse(string? text, string field = "ivaRate") =>
        TryParse(text, out var rate) ? rate : throw new DomainException(field,
            $"La alícuota de IVA {DomainText.Quote(text?.Trim() ?? string.Empty)} no es válida: se espera 0, 10,5, 21 o 27");

    public static bool TryParse([NotNullWhen(true)] string? text, out IvaRate rate)
    {
        rate = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var number = text.Trim().TrimEnd('%').TrimEnd().Replace(',', '.');
        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
            && TryCreate(percent, out rate);
    }
}
