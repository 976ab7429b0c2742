namespace MiniMarket.Core.Domain;

/// <summary>A product category ("Bebidas", "Almacén"): trimmed, 1..60 characters. Compared as written (ordinal).</summary>
public readonly record struct Category
{
    public const int MaxLength = 60;

    private readonly string? _name;

    private Category(string name) => _name = name;

    public string Name => _name ?? string.Empty;

    public override string ToString() => Name;

    public static Category Create(string? name, string field = "category")
    {
        var trimmed = DomainText.TrimToNull(name) ?? throw new DomainException(field, "La categoría es obligatoria");
        if (trimmed.Length > MaxLength)
        {
            throw new DomainException(field, $"La categoría tiene {trimmed.Length} caracteres; el máximo es {MaxLength}");
        }

        return new Category(trimmed);
    }
}
