using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class AfipInvoiceRulesTests
{
    private static readonly InvoiceParty Supplier = AfipInvoiceSamples.Supplier;
    private static readonly InvoiceParty Store = AfipInvoiceSamples.Store;

    private static AfipInvoice ValidA() => AfipInvoiceSamples.ValidA();

    private static AfipInvoice ValidB() => AfipInvoiceSamples.ValidB();

    private static AfipInvoice ValidC() => AfipInvoiceSamples.ValidC();

    private static string[] Fields(AfipInvoice invoice) => invoice.Validate().Select(p => p.Field).ToArray();

    [Theory]
    [InlineData(IvaCondition.Monotributista)]
    [InlineData(IvaCondition.ConsumidorFinal)]
    [InlineData(IvaCondition.Exento)]
    public void Validate_InvoiceAToNonInscripto_FlagsReceiver(IvaCondition receiver)
    {
        var invoice = ValidA() with { Receiver = Store with { IvaCondition = receiver } };

        Assert.Equal(["receiver.ivaCondition"], Fields(invoice));
    }

    [Fact]
    public void Validate_InvoiceAFromMonotributista_FlagsIssuer()
    {
        Assert.Equal(["issuer.ivaCondition"], Fields(ValidA() with { Issuer = Supplier with { IvaCondition = IvaCondition.Monotributista } }));
    }

    [Fact]
    public void Validate_InvoiceAWithoutReceiverCuit_Flagged()
    {
        Assert.Equal(["receiver.cuit"], Fields(ValidA() with { Receiver = Store with { Cuit = null } }));
    }

    [Fact]
    public void Validate_InvoiceCFromInscripto_FlagsIssuer()
    {
        Assert.Equal(["issuer.ivaCondition"], Fields(ValidC() with { Issuer = Supplier }));
    }

    [Fact]
    public void Validate_InvoiceCDiscriminatingIva_Flagged()
    {
        var invoice = ValidC() with { Iva = [new IvaAmount(IvaRate.General, new Ars(63m))] };

        Assert.Equal(["iva"], Fields(invoice));
    }

    [Fact]
    public void Validate_InvoiceBToInscripto_FlagsReceiver()
    {
        Assert.Equal(["receiver.ivaCondition"], Fields(ValidB() with { Receiver = Store }));
    }

    [Fact]
    public void Validate_InvoiceBFromMonotributista_FlagsIssuer()
    {
        Assert.Equal(["issuer.ivaCondition"], Fields(ValidB() with { Issuer = Supplier with { IvaCondition = IvaCondition.Monotributista } }));
    }

    [Fact]
    public void Validate_InvoiceBWithIvaContenido_NotAddedToTotal()
    {
        var invoice = ValidB() with { Iva = [new IvaAmount(IvaRate.General, new Ars(63m))] };

        Assert.Empty(invoice.Validate());
    }

    [Fact]
    public void Validate_CaeDueBeforeIssue_Flagged()
    {
        var problem = Assert.Single((ValidA() with { CaeDueDate = new DateOnly(2026, 3, 9) }).Validate());

        Assert.Equal("caeDueDate", problem.Field);
        Assert.Equal("El vencimiento del CAE (09/03/2026) es anterior a la fecha de emisión (10/03/2026)", problem.Message);
    }

    [Fact]
    public void Validate_CaeDueSameDay_Accepted()
    {
        Assert.Empty((ValidA() with { CaeDueDate = new DateOnly(2026, 3, 10) }).Validate());
    }

    [Fact]
    public void Validate_NoLines_Flagged()
    {
        var invoice = ValidB() with { Lines = [] };

        Assert.Contains(invoice.Validate(), p => p.Field == "lines" && p.Message == "La factura no tiene líneas");
    }

    [Fact]
    public void Validate_MissingHeaderAndParties_AllReportedAtOnce()
    {
        var invoice = ValidA() with
        {
            Number = null,
            IssueDate = default,
            Cae = null,
            CaeDueDate = null,
            Issuer = new InvoiceParty(" ", null, null),
            Receiver = new InvoiceParty("", null, null),
        };

        var fields = Fields(invoice);

        Assert.Equal(
            ["number", "issueDate", "cae", "caeDueDate", "issuer.name", "issuer.cuit", "issuer.ivaCondition",
             "receiver.name", "receiver.cuit", "receiver.ivaCondition"],
            fields);
    }

    [Fact]
    public void Validate_BadLines_EachProblemWithItsField()
    {
        var invoice = ValidB() with
        {
            Lines =
            [
                new InvoiceLine("A", "", 1m, new Ars(10m), new Ars(10m), IvaRate.General),
                new InvoiceLine("B", "Pan", 0m, new Ars(10m), Ars.Zero, IvaRate.General),
                new InvoiceLine("C", "Leche", 1m, new Ars(-5m), new Ars(-5m), IvaRate.General),
            ],
            Subtotal = new Ars(5m),
            Total = new Ars(5m),
        };

        var fields = Fields(invoice);

        Assert.Contains("lines[0].description", fields);
        Assert.Contains("lines[1].quantity", fields);
        Assert.Contains("lines[2].unitPrice", fields);
    }

    [Fact]
    public void Validate_NegativeAmounts_Flagged()
    {
        var invoice = ValidA() with { InternalTaxes = new Ars(-1m), Perceptions = new Ars(31m) };

        Assert.Equal(["internalTaxes"], Fields(invoice));
    }

    [Fact]
    public void Validate_SameCuitBothSides_Flagged()
    {
        Assert.Equal(["receiver.cuit"], Fields(ValidA() with { Receiver = Store with { Cuit = Supplier.Cuit } }));
    }

    [Fact]
    public void Validate_UnknownType_Flagged()
    {
        Assert.Contains("type", Fields(ValidA() with { Type = (InvoiceType)2 }));
    }

    [Fact]
    public void Validate_InternalTaxesAndPerceptions_AddedToTotal()
    {
        var invoice = ValidA() with { InternalTaxes = new Ars(100m), Total = new Ars(1892.50m) };

        Assert.Empty(invoice.Validate());
        Assert.Equal(new Ars(130m), invoice.OtherTaxes);
    }
}
