namespace MiniMarket.Core.Domain;

/// <summary>
/// The expected replacement cost of goods bought earlier: cost × (1 + daily rate)^days, rounded to cents
/// (daily rate from <see cref="MonthlyInflation.DailyRateFraction"/>).
/// </summary>
public static class InflationAdjustedCost
{
    /// <summary>Ten years: beyond that an extrapolated replacement cost means nothing.</summary>
    public const int MaxDays = 3660;

    public static Ars At(Ars cost, MonthlyInflation inflation, int days)
    {
        if (cost.IsNegative)
        {
            throw new DomainException("cost", $"El costo no puede ser negativo (se recibió {cost})");
        }

        if (days is < 0 or > MaxDays)
        {
            throw new DomainException("days", $"Los días deben estar entre 0 y {MaxDays} (se recibió {days})");
        }

        var growth = Power(1m + inflation.DailyRateFraction, days);
        try
        {
            return (cost * growth).RoundToCents();
        }
        catch (OverflowException)
        {
            throw new DomainException("cost", $"El costo {cost} ajustado por inflación es demasiado grande");
        }
    }

    /// <summary>The growth factor (1 + daily)^days alone, e.g. for a chart: 1.045 after 30.44 days at 4.5 %.</summary>
    public static decimal GrowthFactor(MonthlyInflation inflation, int days)
    {
        if (days is < 0 or > MaxDays)
        {
            throw new DomainException("days", $"Los días deben estar entre 0 y {MaxDays} (se recibió {days})");
        }

        return Power(1m + inflation.DailyRateFraction, days);
    }

    // Exponentiation by squaring in decimal (28 significant digits): exact for days = 0 and no double drift.
    private static decimal Power(decimal value, int exponent)
    {
        var result = 1m;
        while (exponent > 0)
        {
            if ((exponent & 1) == 1)
            {
                result *= value;
            }

            exponent >>= 1;
            if (exponent > 0)
            {
                value *= value;
            }
        }

        return result;
    }
}
