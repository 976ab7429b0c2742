using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class AfipInvoiceTests
{
    private static readonly InvoiceParty Supplier = AfipInvoiceSamples.Supplier;
    private static readonly InvoiceParty Store = AfipInvoiceSamples.Store;

    private static AfipInvoice ValidA() => AfipInvoiceSamples.ValidA();

    private static AfipInvoice ValidB() => AfipInvoiceSamples.ValidB();

    private static AfipInvoice ValidC() => AfipInvoiceSamples.ValidC();

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
}
