using System.Globalization;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Demo;

/// <summary>A demo supplier: who it is, what it delivers, and the point of sale its invoices come from.</summary>
public sealed record DemoSupplier(string Name, string CuitFirstTen, IvaCondition IvaCondition, string Address, string Contact, int PointOfSale, IReadOnlyList<string> Supplies)
{
    /// <summary>The full CUIT with its check digit (the first ten digits were chosen so that it exists).</summary>
    public string Cuit => CuitFirstTen + Core.Domain.Cuit.ComputeCheckDigit(CuitFirstTen)!.Value.ToString(CultureInfo.InvariantCulture);

    public InvoiceType InvoiceType => IvaCondition == IvaCondition.ResponsableInscripto ? InvoiceType.A : InvoiceType.C;

    public SupplierRequest Request() => new(Name, Cuit, IvaCondition.DisplayName(), Contact, null, null, Supplies);
}

/// <summary>
/// The demo store's twelve suppliers (invented companies with valid CUITs), covering every category of
/// <see cref="DemoCatalog"/>, and the store itself as the invoices' receiver.
/// </summary>
public static class DemoSuppliers
{
    public static InvoicePartyDto Store { get; } = new("Minimercado MiniMarket SRL", "30-71234567-1", "Responsable Inscripto", "Av. Rivadavia 4520 - CABA");

    public static IReadOnlyList<DemoSupplier> All { get; } =
    [
        new("Distribuidora Mayorista del Plata SA", "3071045821", IvaCondition.ResponsableInscripto, "Av. Mosconi 1820 - CABA", "Marcelo Ruiz", 3, ["Almacén"]),
        new("Almacenes Unidos SRL", "3070988514", IvaCondition.ResponsableInscripto, "Belgrano 455 - Avellaneda", "Patricia Soto", 2, ["Almacén", "Kiosco"]),
        new("Bebidas del Litoral SA", "3071122307", IvaCondition.ResponsableInscripto, "Ruta 9 km 302 - Rosario", "Hernán Videla", 7, ["Bebidas"]),
        new("Cosmética Norte SRL", "3071266409", IvaCondition.ResponsableInscripto, "Catamarca 880 - Tucumán", "Lucía Ferreyra", 1, ["Perfumería"]),
        new("Fiambres Tandil SA", "3069874412", IvaCondition.ResponsableInscripto, "Av. España 1200 - Tandil", "Raúl Benítez", 4, ["Fiambrería"]),
        new("Frigorífico Don Julio SRL", "3071333901", IvaCondition.ResponsableInscripto, "Colectora Este 2300 - Pilar", "Julio Acosta", 2, ["Congelados"]),
        new("Golosinas Rosario SA", "3070712298", IvaCondition.ResponsableInscripto, "San Martín 1450 - Rosario", "Verónica Paz", 5, ["Kiosco"]),
        new("Lácteos La Pampeana SA", "3070555143", IvaCondition.ResponsableInscripto, "Ruta 5 km 140 - Suipacha", "Esteban Molina", 6, ["Lácteos"]),
        new("Panadería Los Hermanos", "2725784391", IvaCondition.Monotributista, "Lavalle 230 - Morón", "Rosa Gómez", 1, ["Panadería"]),
        new("Panificadora San Cayetano SRL", "3071490030", IvaCondition.ResponsableInscripto, "Liniers 990 - CABA", "Mario Quiroga", 3, ["Panadería"]),
        new("Química Limpia SA", "3070833277", IvaCondition.ResponsableInscripto, "Parque Industrial lote 12 - Burzaco", "Gabriela Ríos", 8, ["Limpieza"]),
        new("Granja Martín Pérez", "2024567810", IvaCondition.Monotributista, "Camino Real 45 - Cañuelas", "Martín Pérez", 1, ["Congelados"]),
    ];

    /// <summary>Who delivers a category: the first supplier by name that lists it (negocio's order proposals choose the same way).</summary>
    public static DemoSupplier For(string category) =>
        All.Where(s => s.Supplies.Contains(category)).OrderBy(s => s.Name, StringComparer.Ordinal).First();

    /// <summary>The IVA rate of a category's goods (AFIP: bread and flour 10,5 %, the rest of the shop 21 %).</summary>
    public static decimal IvaPercent(string category) => category == "Panadería" ? 10.5m : 21m;
}
