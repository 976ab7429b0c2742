using System.Globalization;
using MiniMarket.Core.Domain;
using MiniMarket.InvoiceCorpus;

namespace MiniMarket.Console.Demo;

/// <summary>
/// A supplier's invoice for the demo traffic, printed and photographed like the OCR corpus does it: a registered
/// supplier, products of its categories at today's prices, the store as receiver. Consistent by construction (its parts add up).
/// </summary>
public static class DemoInvoices
{
    private static readonly string[] Kinds = [DegradationKinds.Clean, DegradationKinds.Photographed, DegradationKinds.Shadow, DegradationKinds.Rotated];

    public static SyntheticInvoice Photograph(DemoSupplier supplier, IReadOnlyList<(DemoProduct Product, int Quantity)> items, DateOnly day, Random random)
    {
        var type = supplier.InvoiceType;
        var lines = items.Select(i =>
        {
            var rate = type == InvoiceType.A ? IvaRate.Create(DemoSuppliers.IvaPercent(i.Product.Category)) : IvaRate.Zero;
            var unit = i.Product.PurchasePriceToday;
            return new LineTruth(i.Product.Code, i.Product.Name, i.Quantity, "unidades", unit, Math.Round(unit * i.Quantity, 2, MidpointRounding.AwayFromZero), rate);
        }).ToList();
        var subtotal = lines.Sum(l => l.Amount);
        var iva = type == InvoiceType.A
            ? lines.GroupBy(l => l.IvaRate).Select(g => new IvaTruth(g.Key, g.Sum(l => l.Amount), Math.Round(g.Sum(l => l.Amount) * g.Key.Fraction, 2, MidpointRounding.AwayFromZero))).ToList()
            : [];
        var store = DemoSuppliers.Store;
        var truth = new InvoiceTruth(
            type,
            supplier.PointOfSale,
            random.Next(100_000, 99_999_999),
            day,
            "7" + random.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString(CultureInfo.InvariantCulture),
            day.AddDays(10),
            new IssuerTruth(supplier.Name, null, Cuit.Parse(supplier.Cuit), supplier.IvaCondition, supplier.Address, "Exento", new DateOnly(2012, 3, 1)),
            new PartyTruth(store.Name!, Cuit.Parse(store.Cuit), IvaCondition.ResponsableInscripto, store.Address!),
            "Contado",
            lines,
            subtotal,
            iva,
            [],
            subtotal + iva.Sum(i => i.Amount));
        return InvoiceCorpus.InvoiceCorpus.Render(truth, random.Next(), Kinds[random.Next(Kinds.Length)]);
    }
}
