using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class AfipInvoiceTests
{
    private static readonly InvoiceParty Supplier =
        new("Distribuidora Sur SA", Cuit.Parse("30-71234567-1"), IvaCondition.ResponsableInscripto, "Av. Belgrano 100, CABA");

    private static readonly InvoiceParty Store =
        new("MiniMarket Don Pepe", Cuit.Parse("20-12345678-6"), IvaCondition.ResponsableInscripto, "Corrientes 2000, CABA");

    // A: 10 × 100 = 1.000 at 21 % (IVA 210) and 2 × 250 = 500 at 10,5 % (IVA 52,50); percepciones 30;
    // total 1.500 + 262,50 + 30 = 1.792,50.
    private static AfipInvoice ValidA() => new()
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
    private static AfipInvoice ValidB() => ValidA() with
    {
        Type = InvoiceType.B,
        Receiver = new InvoiceParty("Consumidor Final", null, IvaCondition.ConsumidorFinal),
        Lines = [new InvoiceLine("LIM000001", "Lavandina 1 l", 3m, new Ars(121m), new Ars(363m), IvaRate.General)],
        Subtotal = new Ars(363m),
        Iva = [],
        Perceptions = Ars.Zero,
        Total = new Ars(363m),
    };

    private static AfipInvoice ValidC() => ValidB() with
    {
        Type = InvoiceType.C,
        Issuer = new InvoiceParty("Almacén Juan", Cuit.Parse("27-11111111-7"), IvaCondition.Monotributista),
        Receiver = Store,
    };

    private static string[] Fields(AfipInvoice invoice) => invoice.Validate().Select(p => p.Field).ToArray();

    [Fact]
    public void Validate_ConsistentInvoiceA_NoProblems()
    {
        Assert.Empty(ValidA().Validate());
        Assert.True(ValidA().IsValid);
        Assert.Equal(new Ars(262.50m), ValidA().IvaTotal);
        Assert.Equal(new Ars(1792.50m), ValidA().ExpectedTotal);
    }

    [Fact]
    public void Validate_ConsistentInvoiceB_NoProblems() => Assert.Empty(ValidB().Validate());

    [Fact]
    public void Validate_ConsistentInvoiceC_NoProblems() => Assert.Empty(ValidC().Validate());

    [Fact]
    public void Validate_InvoiceCFromExento_Accepted()
    {
        var invoice = ValidC() with { Issuer = ValidC().Issuer with { IvaCondition = IvaCondition.Exento } };

        Assert.Empty(invoice.Validate());
    }

    [Fact]
    public void Validate_TotalOffByMoreThanOnePercent_Flagged()
    {
        var problem = Assert.Single((ValidA() with { Total = new Ars(1900m) }).Validate());

        Assert.Equal("total", problem.Field);
        Assert.Equal("El total ($ 1.900,00) no coincide con subtotal + IVA + otros impuestos ($ 1.792,50)", problem.Message);
    }

    [Theory]
    [InlineData("1810.4250", true)]    // 17,925 above = 1 % of 1.792,50, under 1 % of the larger 1.810,425
    [InlineData("1774.5750", true)]    // exactly 1 % below 1.792,50
    [InlineData("1774.5", false)]      // 18.00 below: 1.004 % of 1.792,50
    [InlineData("1811", false)]        // 18.50 above: 1.0215 % of 1.811
    [InlineData("1792.51", true)]
    public void Validate_TotalAtOnePercentBoundary(string total, bool ok)
    {
        var invoice = ValidA() with { Total = new Ars(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture)) };

        Assert.Equal(ok, !Fields(invoice).Contains("total"));
    }

    [Fact]
    public void Validate_LineAmountNotQuantityTimesPrice_FlaggedWithIndex()
    {
        var lines = ValidA().Lines.ToList();
        lines[1] = lines[1] with { Amount = new Ars(520m) };
        var invoice = ValidA() with { Lines = lines, Subtotal = new Ars(1520m), Total = new Ars(1812.50m) };

        var problems = invoice.Validate();

        Assert.Contains(problems, p => p.Field == "lines[1].amount" && p.Message.Contains("línea 2", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Field == "lines[0].amount");
    }

    [Fact]
    public void Validate_LineRoundedToTheCent_NotFlagged()
    {
        var line = new InvoiceLine("X", "Queso por kg", 0.333m, new Ars(100m), new Ars(33.31m), IvaRate.General);
        var invoice = ValidA() with
        {
            Lines = [line],
            Subtotal = new Ars(33.31m),
            Iva = [new IvaAmount(IvaRate.General, new Ars(7m))],
            Perceptions = Ars.Zero,
            Total = new Ars(40.31m),
        };

        Assert.Empty(invoice.Validate());
    }

    [Fact]
    public void Validate_SubtotalNotSumOfLines_Flagged()
    {
        Assert.Contains("subtotal", Fields(ValidA() with { Subtotal = new Ars(1600m), Total = new Ars(1892.50m) }));
    }

    [Fact]
    public void Validate_IvaWrongForRate_FlaggedOnThatEntry()
    {
        var invoice = ValidA() with
        {
            Iva = [new IvaAmount(IvaRate.General, new Ars(210m)), new IvaAmount(IvaRate.Reduced, new Ars(105m))],
            Total = new Ars(1845m),
        };

        var problem = Assert.Single(invoice.Validate());

        Assert.Equal("iva[1].amount", problem.Field);
        Assert.Contains("10,5 %", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IvaRateMissingFromBreakdown_FlaggedOnIva()
    {
        var invoice = ValidA() with { Iva = [new IvaAmount(IvaRate.General, new Ars(210m))], Total = new Ars(1740m) };

        Assert.Equal(["iva"], Fields(invoice));
    }

    [Fact]
    public void Validate_IvaForRateWithoutLines_Flagged()
    {
        var invoice = ValidA() with
        {
            Iva = [.. ValidA().Iva, new IvaAmount(IvaRate.Increased, new Ars(27m))],
            Total = new Ars(1819.50m),
        };

        Assert.Equal(["iva[2].amount"], Fields(invoice));
    }

    [Fact]
    public void Validate_InvoiceAWithoutIva_Flagged()
    {
        var invoice = ValidA() with { Iva = [], Total = new Ars(1530m) };

        var fields = Fields(invoice);

        Assert.Contains("iva", fields);
        Assert.DoesNotContain("total", fields);
    }

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
