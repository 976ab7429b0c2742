namespace MiniMarket.Core.Domain;

/// <summary>
/// Sale price from purchase price and markup, and back. Markup is on cost (purchase × (1 + markup/100)); margin is on
/// the sale price ((sale − purchase) / sale). Both in percent, as the names say.
/// </summary>
public static class SalePrice
{
    /// <summary>purchase × (1 + markupPercent/100), rounded to cents. Purchase &gt; 0, markup &gt;= 0.</summary>
    public static Ars From(Ars purchase, decimal markupPercent)
    {
        CheckPurchase(purchase);
        if (markupPercent < 0m)
        {
            throw new DomainException("markupPercent", $"El recargo no puede ser negativo (se recibió {markupPercent.ToString(ArsFormat.NumberFormat)} %)");
        }

        return (purchase * (1m + markupPercent / 100m)).RoundToCents();
    }

    /// <summary>(sale / purchase − 1) × 100: 100 → 130 is 30 %. Unrounded.</summary>
    public static decimal MarkupPercent(Ars purchase, Ars sale)
    {
        CheckPurchase(purchase);
        CheckSale(sale);
        return (sale.Amount / purchase.Amount - 1m) * 100m;
    }

    /// <summary>(sale − purchase) / sale × 100: 100 → 125 is 20 %. Negative when selling below cost. Unrounded.</summary>
    public static decimal MarginPercent(Ars purchase, Ars sale)
    {
        CheckPurchase(purchase);
        CheckSale(sale);
        return (sale.Amount - purchase.Amount) / sale.Amount * 100m;
    }

    private static void CheckPurchase(Ars purchase)
    {
        if (!purchase.IsPositive)
        {
            throw new DomainException("purchasePrice", $"El precio de compra debe ser mayor que cero (se recibió {purchase})");
        }
    }

    private static void CheckSale(Ars sale)
    {
        if (!sale.IsPositive)
        {
            throw new DomainException("salePrice", $"El precio de venta debe ser mayor que cero (se recibió {sale})");
        }
    }
}
