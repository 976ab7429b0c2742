namespace MiniMarket.Agents.Hosting;

/// <summary>Amounts as the database keeps them: numeric(14,2), so at most two decimals and below 10^12.</summary>
public static class PriceRules
{
    public const decimal Max = 1_000_000_000_000m;

    public static void Check(decimal? value, string field)
    {
        if (value is not { } amount) return;
        if (amount != decimal.Round(amount, 2))
            throw new Core.Domain.DomainException(field, $"El importe {amount} tiene más de dos decimales.");
        if (Math.Abs(amount) >= Max)
            throw new Core.Domain.DomainException(field, $"El importe {amount} es demasiado grande.");
    }
}
