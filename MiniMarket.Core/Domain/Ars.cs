using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniMarket.Core.Domain;

/// <summary>
/// An amount of Argentine pesos. <see cref="Amount"/> keeps full decimal precision (a unit price times a quantity is not
/// rounded behind the caller's back); <see cref="RoundToCents"/> rounds half away from zero, as cash registers and AFIP do,
/// and <see cref="ToString"/> always shows cents: "$ 15.230,50", "-$ 1.000,00".
/// </summary>
public readonly partial record struct Ars(decimal Amount) : IComparable<Ars>
{
    public static Ars Zero { get; } = new(0m);

    public bool IsZero => Amount == 0m;

    public bool IsNegative => Amount < 0m;

    public bool IsPositive => Amount > 0m;

    /// <summary>Rounded to 2 decimals, midpoint away from zero: 10,005 → 10,01; -10,005 → -10,01.</summary>
    public Ars RoundToCents() => new(Math.Round(Amount, 2, MidpointRounding.AwayFromZero));

    public Ars Abs() => new(Math.Abs(Amount));

    public static Ars operator +(Ars left, Ars right) => new(left.Amount + right.Amount);

    public static Ars operator -(Ars left, Ars right) => new(left.Amount - right.Amount);

    public static Ars operator -(Ars value) => new(-value.Amount);

    public static Ars operator *(Ars money, decimal factor) => new(money.Amount * factor);

    public static Ars operator *(decimal factor, Ars money) => new(money.Amount * factor);

    public static Ars operator /(Ars money, decimal divisor) => new(money.Amount / divisor);

    public static bool operator <(Ars left, Ars right) => left.Amount < right.Amount;

    public static bool operator >(Ars left, Ars right) => left.Amount > right.Amount;

    public static bool operator <=(Ars left, Ars right) => left.Amount <= right.Amount;

    public static bool operator >=(Ars left, Ars right) => left.Amount >= right.Amount;

    public int CompareTo(Ars other) => Amount.CompareTo(other.Amount);

    public static Ars Add(Ars left, Ars right) => left + right;

    public static Ars Subtract(Ars left, Ars right) => left - right;

    public static Ars Multiply(Ars money, decimal factor) => money * factor;

    public static Ars Divide(Ars money, decimal divisor) => money / divisor;

    public static Ars Negate(Ars value) => -value;

    /// <summary>The sum of the amounts (zero for none).</summary>
    public static Ars Sum(IEnumerable<Ars> amounts) => new(amounts.Sum(a => a.Amount));

    /// <summary>es-AR with symbol, rounded to cents: "$ 15.230,50", "-$ 15.230,50", "$ 0,00".</summary>
    public override string ToString() => Cents().ToString("C2", ArsFormat.NumberFormat);

    /// <summary>es-AR without symbol, rounded to cents: "15.230,50".</summary>
    public string ToNumberString() => Cents().ToString("N2", ArsFormat.NumberFormat);

    // A tiny negative rounds to -0,00: show it as 0,00, never "-$ 0,00".
    private decimal Cents()
    {
        var rounded = Math.Round(Amount, 2, MidpointRounding.AwayFromZero);
        return rounded == 0m ? 0m : rounded;
    }

    /// <summary>
    /// Parses es-AR money only: optional '-' (before or after '$'), optional '$', integer part either plain ("15230") or
    /// grouped by '.' in threes ("15.230"), optional ',' and 1 or 2 decimals. Accepted: "$ 15.230,50", "15.230,50",
    /// "15230,5", "$15.230", "-$ 1.000,00". Rejected: English "15,230.50", "1,2,3", "1.23", more than 2 decimals, garbage.
    /// Note "1.234" is one thousand two hundred thirty-four, as an Argentine reads it.
    /// </summary>
    public static Ars Parse(string? text, string field = "amount") =>
        TryParse(text, out var value, out var error) ? value : throw new DomainException(field, error);

    public static bool TryParse(string? text, out Ars value) => TryParse(text, out value, out _);

    public static bool TryParse(string? text, out Ars value, [NotNullWhen(false)] out string? error)
    {
        value = Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "El importe es obligatorio";
            return false;
        }

        var trimmed = text.Trim();
        var match = EsArMoney().Match(trimmed);
        if (!match.Success || (match.Groups["s1"].Success && match.Groups["s2"].Success))
        {
            error = $"El importe {DomainText.Quote(trimmed)} no es válido: use el formato $ 15.230,50 (punto para miles, coma para decimales)";
            return false;
        }

        var invariant = match.Groups["int"].Value.Replace(".", string.Empty, StringComparison.Ordinal);
        if (match.Groups["dec"].Success)
        {
            invariant += "." + match.Groups["dec"].Value;
        }

        if (!decimal.TryParse(invariant, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            error = $"El importe {DomainText.Quote(trimmed)} es demasiado grande";
            return false;
        }

        var negative = match.Groups["s1"].Success || match.Groups["s2"].Success;
        value = new Ars(negative ? -amount : amount);
        error = null;
        return true;
    }

    [GeneratedRegex(@"^(?<s1>-)?\s*(?:\$\s*)?(?<s2>-)?\s*(?<int>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?<dec>[0-9]{1,2}))?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex EsArMoney();
}
