namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// More suppliers and products, for <see cref="InvoiceMix.Layouts"/> only (30-line invoices need a catalogue twice as
/// long). Kept apart from the classic arrays so that the classic seeds keep their invoices.
/// </summary>
internal static partial class ArgentineCatalog
{
    /// <summary>Companies with long names, which wrap in a big header font ("Quilmes Cervecería y / Maltería S.A.").</summary>
    public static readonly string[] LongCompanySuppliers =
    [
        "Quilmes Cervecería y Maltería S.A.", "Molinos Harineros del Río de la Plata S.A.",
        "Cooperativa Láctea Unión Tambera Ltda.", "Distribuidora Mayorista de Golosinas La Golondrina S.R.L.",
        "Frigorífico y Chacinados San Javier S.A.", "Compañía Distribuidora de Bebidas Andinas S.A.",
        "Productos Alimenticios Doña Cata S.R.L.", "Droguería y Perfumería del Oeste S.R.L.",
    ];

    public static readonly CatalogProduct[] MoreProducts =
    [
        new("Vino Tinto Malbec Alamos 750 ml", Units, 9000m, 12000m, 21m),
        new("Fernet Branca 750 ml", Units, 14000m, 17000m, 21m, 20m),
        new("Cerveza Andes Origen Rubia Lata 473 ml", Units, 1500m, 2100m, 21m, 14m),
        new("Agua Saborizada Levité Pomelo 1,5 L", Units, 1400m, 1900m, 21m, 8m),
        new("Jugo en Polvo Tang Naranja 18 g", Units, 350m, 500m, 21m),
        new("Galletitas Dulces Surtido Bagley 400 g", Units, 2200m, 2900m, 21m),
        new("Leche en Polvo Entera La Serenísima 800 g", Units, 9000m, 11500m, 21m),
        new("Manteca La Serenísima 200 g", Units, 2600m, 3400m, 21m),
        new("Queso Rallado Reggianito La Paulina 150 g", Units, 3000m, 3900m, 21m),
        new("Crema de Leche Milkaut 350 ml", Units, 2300m, 3000m, 21m),
        new("Fideos Guiseros Don Vicente 500 g", Units, 1500m, 2000m, 21m),
        new("Polenta Instantánea Presto Pronta 500 g", Units, 1200m, 1700m, 21m),
        new("Lentejas Secas Egran 400 g", Units, 1300m, 1800m, 21m),
        new("Atún al Natural La Campagnola 170 g", Units, 2800m, 3600m, 21m),
        new("Arvejas en Lata Noel 300 g", Units, 700m, 1000m, 21m),
        new("Mermelada de Durazno Arcor 454 g", Units, 1800m, 2400m, 21m),
        new("Sal Fina Celusal 500 g", Units, 700m, 1000m, 21m),
        new("Vinagre de Alcohol Menoyo 1 L", Units, 900m, 1300m, 21m),
        new("Aceite de Oliva Extra Virgen Cocinero Botella de Vidrio 500 ml", Units, 9500m, 12500m, 21m),
        new("Detergente Lavavajillas Magistral Ultra Limón Concentrado Repuesto 750 ml", Units, 2600m, 3400m, 21m),
        new("Caramelos Masticables Sugus Surtidos 150 g bolsa familiar", Units, 1400m, 1900m, 21m),
        new("Chocolate con Leche Milka Aireado 110 g", Units, 3000m, 4000m, 21m),
        new("Papas Fritas Lay's Clásicas 134 g", Units, 2800m, 3600m, 21m),
        new("Shampoo Sedal Ceramidas 340 ml", Units, 3200m, 4200m, 21m),
        new("Jabón de Tocador Dove Original 90 g", Units, 1500m, 2000m, 21m),
        new("Pasta Dental Colgate Triple Acción 90 g", Units, 2000m, 2700m, 21m),
        new("Desodorante Rexona Men Aerosol 150 ml", Units, 3500m, 4500m, 21m),
        new("Esponja Multiuso Mortimer x 3", Units, 900m, 1300m, 21m),
        new("Bolsas de Residuos Consorcio 60 x 90 cm x 10 u.", Units, 1800m, 2400m, 21m),
        new("Pañales Pampers Confort Sec XG x 36", Units, 22000m, 28000m, 21m),
        new("Cebolla", Kilograms, 700m, 1300m, 10.5m),
        new("Banana Ecuador", Kilograms, 1800m, 2600m, 10.5m),
        new("Manzana Roja Deliciosa", Kilograms, 1900m, 2800m, 10.5m),
        new("Nalga Vacuna", Kilograms, 11000m, 14000m, 10.5m),
        new("Pollo Entero Fresco", Kilograms, 3300m, 4200m, 10.5m),
        new("Pan Francés", Kilograms, 2500m, 3500m, 10.5m),
    ];

    private static CatalogProduct[]? _allProducts;

    /// <summary>
    /// <see cref="Products"/> then <see cref="MoreProducts"/> (descriptions are unique across both). Built on first use:
    /// the initialisation order of static fields across the files of a partial class is not defined.
    /// </summary>
    public static CatalogProduct[] AllProducts => _allProducts ??= [.. Products, .. MoreProducts];
}
