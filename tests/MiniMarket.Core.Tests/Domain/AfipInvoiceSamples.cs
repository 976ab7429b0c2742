using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

/// <summary>Consistent invoices of each type; tests change one thing with <c>with</c>.</summary>
internal static class AfipInvoiceSamples
{
    public static readonly InvoiceParty Supplier =
        new("Distribuidora Sur SA", Cuit.Parse("30-71234567-1"), IvaCondition.ResponsableInscripto, "Av. Belgrano 100, CABA");

    public static readonly InvoiceParty Store =
        new("MiniMarket Don Pepe", Cuit.Parse("20-12345678-6"), IvaCondition.ResponsableInscripto, "Corrientes 2000, CABA");

    // A: 10 × 100 = 1.000 at 21 % (IVA 210) and 2 × 250 = 500 at 10,5 % (IVA 52,50); percepciones 30;
    // total 1.500 + 262,50 + 30 = 1.792,50.
    public static AfipInvoice ValidA() => new()
    {
        Type = InvoiceType.A,
        Number = InvoiceNumber.Parse("0001-00012345"),
        IssueDate = new DateOnly(2026, 3, 10),
        Cae = Cae.Parse("75123456789012"),
        CaeDueDate = new DateOnly(2026, 3, 20),
        Issuer = Supplier,
        Receiver = Store,
        Lines =
        [
            new InvoiceLine("BEB000001", "Gaseosa cola 2,25 l", 10m, new Ars(100m), new Ars(1000m), IvaRate.General),
            new InvoiceLine("ALM000002", "Yerba mate 1 kg", 2m, new Ars(250m), new Ars(500m), IvaRate.Reduced),
        ],
        Subtotal = new Ars(1500m),
        Iva = [new IvaAmount(IvaRate.General, new Ars(210m)), new IvaAmount(IvaRate.Reduced, new Ars(52.50m))],
        Perceptions = new Ars(30m),
        Total = new Ars(1792.50m),
    };

    // B to a consumidor final, IVA included in the lines: 3 × 121 = 363.
    public static AfipInvoice ValidB() => ValidA() with
    {
        Type = InvoiceType.B,
        Receiver = new InvoiceParty("Consumidor Final", null, IvaCondition.ConsumidorFinal),
        Lines = [new InvoiceLine("LIM000001", "Lavandina 1 l", 3m, new Ars(121m), new Ars(363m), IvaRate.General)],
        Subtotal = new Ars(363m),
        Iva = [],
        Perceptions = Ars.Zero,
        Total = new Ars(363m),
    };

    public static AfipInvoice ValidC() => ValidB() with
    {
        Type = InvoiceType.C,
        Issuer = new InvoiceParty("Almacén Juan", Cuit.Parse("27-11111111-7"), IvaCondition.Monotributista),
        Receiver = Store,
    };
}
