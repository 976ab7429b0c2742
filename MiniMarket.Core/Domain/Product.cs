namespace MiniMarket.Core.Domain;

/// <summary>
/// A product of the store, valid by construction: build it with <see cref="Create(string?, string?, string?, decimal, decimal, int, int, int, string?, string?, Guid?, bool)"/>
/// (raw input, e.g. from an API request) or the typed overload. Properties have private setters so a <c>with</c> expression
/// cannot skip the rules; use <see cref="WithStock"/>, <see cref="WithPrices"/> and <see cref="WithActive"/>.
/// </summary>
public sealed record Product
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 1000;

    private Product()
    {
    }

    public ProductCode Code { get; private init; }

    public string Name { get; private init; } = string.Empty;

    /// <summary>Free text; empty when none.</summary>
    public string Description { get; private init; } = string.Empty;

    public Category Category { get; private init; }

    public Ean13? Barcode { get; private init; }

    /// <summary>Units on hand, never negative.</summary>
    public int CurrentStock { get; private init; }

    public int MinStock { get; private init; }

    public int MaxStock { get; private init; }

    public Ars PurchasePrice { get; private init; }

    public Ars SalePrice { get; private init; }

    public Guid? SupplierId { get; private init; }

    public bool Active { get; private init; } = true;

    /// <summary>Validates raw input; the first broken rule throws <see cref="DomainException"/> naming its field.</summary>
    public static Product Create(
        string? code,
        string? name,
        string? category,
        decimal purchasePrice,
        decimal salePrice,
        int currentStock,
        int minStock,
        int maxStock,
        string? description = null,
        string? barcode = null,
        Guid? supplierId = null,
        bool active = true)
    {
        var productCode = ProductCode.Create(code);
        var trimmedName = ValidName(name);
        var productCategory = Category.Create(category);
        Ean13? ean = DomainText.TrimToNull(barcode) is { } b ? Ean13.Parse(b) : null;
        return Create(productCode, trimmedName, productCategory, new Ars(purchasePrice), new Ars(salePrice),
            currentStock, minStock, maxStock, description, ean, supplierId, active);
    }

    /// <summary>Validates typed input; the first broken rule throws <see cref="DomainException"/> naming its field.</summary>
    public static Product Create(
        ProductCode code,
        string? name,
        Category category,
        Ars purchasePrice,
        Ars salePrice,
        int currentStock,
        int minStock,
        int maxStock,
        string? description = null,
        Ean13? barcode = null,
        Guid? supplierId = null,
        bool active = true)
    {
        if (code.Value.Length == 0)
        {
            throw new DomainException("code", "El código de producto es obligatorio");
        }

        if (category.Name.Length == 0)
        {
            throw new DomainException("category", "La categoría es obligatoria");
        }

        if (barcode is { Digits.Length: 0 })
        {
            throw new DomainException("barcode", "El código de barras está vacío");
        }

        var trimmedDescription = TextInput.Free(description, "description", MaxDescriptionLength) ?? string.Empty;

        var product = new Product
        {
            Code = code,
            Name = ValidName(name),
            Description = trimmedDescription,
            Category = category,
            Barcode = barcode,
            SupplierId = supplierId == Guid.Empty ? throw new DomainException("supplierId", "El proveedor no puede ser el identificador vacío") : supplierId,
            Active = active,
        };
        return product.WithStockLevels(currentStock, minStock, maxStock).WithPrices(purchasePrice, salePrice);
    }

    /// <summary>The same product with another stock on hand (never negative).</summary>
    public Product WithStock(int currentStock) => WithStockLevels(currentStock, MinStock, MaxStock);

    /// <summary>The same product with new prices (both &gt; 0).</summary>
    public Product WithPrices(Ars purchasePrice, Ars salePrice)
    {
        if (purchasePrice.Amount <= 0m)
        {
            throw new DomainException("purchasePrice", $"El precio de compra debe ser mayor que cero (se recibió {purchasePrice})");
        }

        if (salePrice.Amount <= 0m)
        {
            throw new DomainException("salePrice", $"El precio de venta debe ser mayor que cero (se recibió {salePrice})");
        }

        return this with { PurchasePrice = purchasePrice, SalePrice = salePrice };
    }

    public Product WithActive(bool active) => this with { Active = active };

    /// <summary>True when the stock is at or below minimum × seasonal factor (see <see cref="CriticalStock"/>).</summary>
    public bool IsCritical(decimal seasonalFactor) => CriticalStock.IsCritical(CurrentStock, MinStock, seasonalFactor);

    private Product WithStockLevels(int currentStock, int minStock, int maxStock)
    {
        if (currentStock < 0)
        {
            throw new DomainException("currentStock", $"El stock actual no puede ser negativo (se recibió {currentStock})");
        }

        if (minStock < 0)
        {
            throw new DomainException("minStock", $"El stock mínimo no puede ser negativo (se recibió {minStock})");
        }

        if (maxStock < minStock)
        {
            throw new DomainException("maxStock", $"El stock máximo ({maxStock}) no puede ser menor que el mínimo ({minStock})");
        }

        return this with { CurrentStock = currentStock, MinStock = minStock, MaxStock = maxStock };
    }

    private static string ValidName(string? name)
    {
        return TextInput.RequiredName(name, "name", MaxNameLength, "El nombre del producto es obligatorio");
    }
}
