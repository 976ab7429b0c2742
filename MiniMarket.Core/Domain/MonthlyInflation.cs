namespace MiniMarket.Core.Domain;

/// <summary>
/// Monthly inflation in percent (4.5 means 4.5 % a month), valid 0..50 inclusive. <see cref="Default"/> is 4.5 %.
/// <see cref="DailyRateFraction"/> is a fraction of one (0.00144...), never a percent.
/// </summary>
public readonly record struct MonthlyInflation
{
    public const decimal MinPercent = 0m;
    public const decimal MaxPercent = 50m;
    public const decimal DefaultPercent = 4.5m;

    /// <summary>Average days in a month (365.25 / 12, rounded as the business rule states).</summary>
    public const double DaysPerMonth = 30.44;

    private MonthlyInflation(decimal percent) => Percent = percent;

    public static MonthlyInflation Default { get; } = new(DefaultPercent);

    public decimal Percent { get; }

    /// <summary>The monthly rate as a fraction: 4.5 % → 0.045.</summary>
    public decimal MonthlyFraction => Percent / 100m;

    /// <summary>
    /// (1 + m/100)^(1/30.44) − 1 as a fraction. decimal has no fractional power, so this uses double Math.Pow: the base is
    /// in [1, 1.5] and the result below 0.0135, where double's relative error (~1e-16) is an absolute error near 1e-18,
    /// far inside the 1e-12 the price rules need. Converted to decimal once, here.
    /// </summary>
    public decimal DailyRateFraction => (decimal)(Math.Pow(1.0 + (double)MonthlyFraction, 1.0 / DaysPerMonth) - 1.0);

    public static MonthlyInflation Create(decimal percent, string field = "monthlyInflationPercent")
    {
        if (percent is < MinPercent or > MaxPercent)
        {
            throw new DomainException(field,
                $"La inflación mensual debe estar entre 0 y 50 % (se recibió {percent.ToString(ArsFormat.NumberFormat)} %)");
        }

        return new MonthlyInflation(percent);
    }

    public override string ToString() => Percent.ToString("0.##", ArsFormat.NumberFormat) + " %";
}
