namespace MiniMarket.InvoiceCorpus;

/// <summary>A product a minimarket buys: consumer price range (IVA included, pesos of mid 2026) and IVA rate.</summary>
internal sealed record CatalogProduct(string Description, string Unit, decimal MinPrice, decimal MaxPrice, decimal IvaPercent,
    decimal InternalTaxPercent = 0m);

/// <summary>Names, products and places for realistic Argentine invoices. Data only.</summary>
internal static partial class ArgentineCatalog
{
    public const string Units = "unidades";
    public const string Kilograms = "kilogramos";

    /// <summary>Companies that are Responsables Inscriptos (issue A and B).</summary>
    public static readonly string[] CompanySuppliers =
    [
        "Distribuidora Los Andes S.A.", "Mayorista del Sur S.R.L.", "Distribuidora San Martín S.A.",
        "Comercial Río de la Plata S.A.", "Alimentos del Litoral S.R.L.", "Bebidas Cuyanas S.A.",
        "Lácteos La Pampa S.A.", "Distribuidora El Progreso S.R.L.", "Mayorista Norte Grande S.A.",
        "Logística Patagónica S.A.", "Distribuciones Mediterránea S.R.L.", "Almacén Mayorista Belgrano S.A.",
        "Frigorífico Las Heras S.A.", "Panificadora Santa Rita S.R.L.", "Limpieza Total Distribuidora S.A.",
        "Golosinas del Centro S.R.L.", "Distribuidora Tres Arroyos S.A.", "Comercializadora Pampeana S.R.L.",
        "Autoservicio Mayorista Diarco S.A.", "Distribuidora Avellaneda Hnos. S.R.L.",
    ];

    /// <summary>Trade names of small monotributista suppliers (issue C).</summary>
    public static readonly string[] SmallBusinessNames =
    [
        "Panadería La Espiga", "Huevos Don Pedro", "Verdulería El Tano", "Pastas Frescas Doña Rosa",
        "Soderia La Cascada", "Fiambrería El Gaucho", "Granja Los Álamos", "Alfajores Artesanales Mimí",
        "Distribuidora de Hielo Polar", "Dietética Vida Sana",
    ];

    /// <summary>The minimarkets that receive the invoices, by IVA condition.</summary>
    public static readonly string[] StoreCompanies =
    [
        "Minimercado La Esquina S.R.L.", "Autoservicio Don José S.A.", "Supermercado El Sol S.R.L.",
        "Minimarket Los Hermanos S.R.L.", "Almacén y Despensa San Cayetano S.A.",
    ];

    public static readonly string[] ExemptReceivers =
    [
        "Asociación Cooperadora Escuela N° 12", "Club Atlético Villa del Parque", "Fundación Manos Solidarias",
        "Cooperativa de Trabajo La Unión Ltda.",
    ];

    public static readonly string[] Surnames =
    [
        "González", "Rodríguez", "Fernández", "López", "Martínez", "Pérez", "Gómez", "Sánchez", "Romero", "Díaz",
        "Álvarez", "Torres", "Ruiz", "Ramírez", "Flores", "Benítez", "Acosta", "Medina", "Herrera", "Aguirre",
    ];

    public static readonly string[] MaleNames = ["Juan Carlos", "Roberto Daniel", "Carlos Alberto", "Jorge Luis", "Martín", "Diego Hernán", "Sergio Omar"];

    public static readonly string[] FemaleNames = ["María Laura", "Ana María", "Silvia Beatriz", "Laura Andrea", "Gabriela", "Claudia Inés", "Rosa Elena"];

    public static readonly string[] Streets =
    [
        "Av. Rivadavia", "Av. San Martín", "Belgrano", "Av. Corrientes", "Sarmiento", "Mitre", "Av. Colón",
        "9 de Julio", "Av. Independencia", "Lavalle", "Moreno", "Av. Libertador", "Pueyrredón", "Tucumán",
        "Av. Hipólito Yrigoyen", "Güemes", "Entre Ríos", "Av. Pellegrini", "Alem", "Juan B. Justo",
    ];

    public static readonly string[] Cities =
    [
        "Ciudad Autónoma de Buenos Aires", "La Plata, Buenos Aires", "Rosario, Santa Fe", "Córdoba, Córdoba",
        "Mendoza, Mendoza", "San Miguel de Tucumán, Tucumán", "Mar del Plata, Buenos Aires", "Neuquén, Neuquén",
        "Salta, Salta", "Santa Fe, Santa Fe", "Quilmes, Buenos Aires", "Morón, Buenos Aires", "Lanús, Buenos Aires",
        "Bahía Blanca, Buenos Aires", "San Isidro, Buenos Aires", "Paraná, Entre Ríos",
    ];

    public static readonly string[] SaleConditions = ["Contado", "Contado", "Contado", "Cuenta Corriente", "Transferencia Bancaria"];

    public static readonly CatalogProduct[] Products =
    [
        new("Yerba Mate Playadito 1 kg", Units, 4200m, 5600m, 21m),
        new("Yerba Mate Taragüi con palo 500 g", Units, 2100m, 2800m, 21m),
        new("Fideos Tirabuzón Matarazzo 500 g", Units, 1100m, 1600m, 21m),
        new("Fideos Spaghetti Lucchetti 500 g", Units, 900m, 1300m, 21m),
        new("Arroz Largo Fino Gallo Oro 1 kg", Units, 1500m, 2100m, 21m),
        new("Harina de Trigo 000 Blancaflor 1 kg", Units, 900m, 1300m, 10.5m),
        new("Aceite de Girasol Natura 1,5 L", Units, 3200m, 4200m, 21m),
        new("Azúcar Ledesma 1 kg", Units, 1100m, 1500m, 21m),
        new("Gaseosa Coca-Cola 2,25 L", Units, 2800m, 3600m, 21m, 8m),
        new("Gaseosa Sprite Lima Limón 1,5 L", Units, 2000m, 2700m, 21m, 8m),
        new("Agua Mineral Villavicencio 2 L", Units, 1100m, 1500m, 21m),
        new("Cerveza Quilmes Clásica Lata 473 ml", Units, 1300m, 1800m, 21m, 14m),
        new("Leche Entera La Serenísima 1 L", Units, 1300m, 1700m, 0m),
        new("Yogur Bebible Sancor Frutilla 1 L", Units, 1900m, 2500m, 21m),
        new("Queso Cremoso Punta de Agua", Kilograms, 7800m, 9800m, 21m),
        new("Galletitas Criollitas 3 x 100 g", Units, 1200m, 1600m, 10.5m),
        new("Pan Lactal Bimbo Blanco 610 g", Units, 2600m, 3300m, 10.5m),
        new("Carne Picada Común", Kilograms, 6500m, 8200m, 10.5m),
        new("Papa Negra", Kilograms, 600m, 1100m, 10.5m),
        new("Tomate Redondo", Kilograms, 1500m, 2600m, 10.5m),
        new("Detergente Magistral Limón 500 ml", Units, 1900m, 2500m, 21m),
        new("Lavandina Ayudín 1 L", Units, 900m, 1300m, 21m),
        new("Papel Higiénico Higienol 4 x 30 m", Units, 2200m, 3000m, 21m),
        new("Jabón en Polvo Ala 800 g", Units, 3100m, 4000m, 21m),
        new("Alfajor Guaymallén Dulce de Leche", Units, 350m, 500m, 21m),
        new("Galletitas Oreo 118 g", Units, 1100m, 1500m, 21m),
        new("Dulce de Leche La Serenísima 400 g", Units, 2300m, 3000m, 21m),
        new("Mayonesa Hellmann's 475 g", Units, 2600m, 3400m, 21m),
        new("Puré de Tomate Arcor 520 g", Units, 800m, 1200m, 21m),
        new("Café Molido La Virginia 250 g", Units, 4500m, 5800m, 21m),
        new("Té en Saquitos Taragüi x 50", Units, 1300m, 1800m, 21m),
        new("Huevos Blancos Maple x 30", Units, 5200m, 6800m, 21m),
        new("Servicio de conectividad POS mensual", Units, 18000m, 26000m, 27m),
    ];
}
