namespace MiniMarket.Core.Domain;

/// <summary>A product category ("Bebidas", "Almacén"): trimmed, 1..60 characters, one line without control or format characters (see <see cref="TextInput"/>). Compared as written (ordinal).</summary>
public readonly record struct Category
{
    public const int MaxLength = 60;

    private readonly string? _name;

    private Category(string name) => _name = name;

    public string Name => _name ?? string.Empty;

    public override string ToString() => Name;

    public static Category Create(string? name, string field = "category")
    {
        // A category name becomes a metric label value (deposito_productos_por_categoria): one clean line only.
        return new Category(TextInput.RequiredName(name, field, MaxLength, "La categoría es obligatoria"));
    }
}
