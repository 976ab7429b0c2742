namespace MiniMarket.Core.Domain;

/// <summary>
/// Critical stock: a product is critical when current stock &lt;= minimum stock × seasonal factor (the threshold).
/// Inputs are checked: stocks never negative, factor &gt; 0.
/// </summary>
public static class CriticalStock
{
    /// <summary>minimum × factor, unrounded (13 × 0.8 = 10.4).</summary>
    public static decimal Threshold(int minimum, decimal factor)
    {
        CheckNotNegative("minStock", "El stock mínimo", minimum);
        if (factor <= 0m)
        {
            throw new DomainException("factor", $"El factor estacional debe ser mayor que cero (se recibió {factor.ToString(ArsFormat.NumberFormat)})");
        }

        return minimum * factor;
    }

    /// <summary>current &lt;= minimum × factor (a product exactly at the threshold is critical).</summary>
    public static bool IsCritical(int current, int minimum, decimal factor)
    {
        CheckNotNegative("currentStock", "El stock actual", current);
        return current <= Threshold(minimum, factor);
    }

    /// <summary>Units missing to reach the threshold: threshold − current rounded up to whole units, never below 0.</summary>
    public static int Deficit(int current, int minimum, decimal factor)
    {
        CheckNotNegative("currentStock", "El stock actual", current);
        var missing = Threshold(minimum, factor) - current;
        return missing <= 0m ? 0 : (int)Math.Ceiling(missing);
    }

    /// <summary>Units to order to fill up to the maximum: max − current, never below 0.</summary>
    public static int QuantityToMax(int current, int max)
    {
        CheckNotNegative("currentStock", "El stock actual", current);
        CheckNotNegative("maxStock", "El stock máximo", max);
        return Math.Max(0, max - current);
    }

    private static void CheckNotNegative(string field, string what, int value)
    {
        if (value < 0)
        {
            throw new DomainException(field, $"{what} no puede ser negativo (se recibió {value})");
        }
    }
}
