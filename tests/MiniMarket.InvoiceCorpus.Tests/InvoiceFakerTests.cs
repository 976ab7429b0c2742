using MiniMarket.Core.Domain;

namespace MiniMarket.InvoiceCorpus.Tests;

public class InvoiceFakerTests
{
    public static TheoryData<int> SeedBlocks => [0, 100, 200, 300, 400];

    [Theory]
    [MemberData(nameof(SeedBlocks))]
    public void Next_500Seeds_TruthAddsUpExactly(int firstSeed)
    {
        foreach (var seed in Enumerable.Range(firstSeed, 100))
        {
            var truth = new InvoiceFaker(seed).Next();
            var because = $"seed {seed}";

            Assert.InRange(truth.Lines.Count, 1, 12);
            foreach (var line in truth.Lines)
            {
                Assert.True(line.Quantity > 0 && line.UnitPrice > 0, because);
                Assert.Equal(Math.Round(line.Quantity * line.UnitPrice, 2, MidpointRounding.AwayFromZero), line.Amount);
                AssertCents(line.UnitPrice, because);
                AssertCents(line.Quantity, because);
            }

            Assert.Equal(truth.Lines.Sum(l => l.Amount), truth.Subtotal);
            foreach (var tax in truth.Taxes)
            {
                Assert.Equal(Math.Round(tax.TaxBase * tax.RatePercent / 100m, 2, MidpointRounding.AwayFromZero), tax.Amount);
            }

            if (truth.Type == InvoiceType.A)
            {
                var rates = truth.Lines.Where(l => l.IvaRate.Percent > 0m).Select(l => l.IvaRate).Distinct().ToList();
                Assert.Equal(rates.Count, truth.Iva.Count);
                foreach (var iva in truth.Iva)
                {
                    var taxedBase = truth.Lines.Where(l => l.IvaRate == iva.Rate).Sum(l => l.Amount);
                    Assert.Equal(taxedBase, iva.TaxedBase);
                    Assert.Equal(Math.Round(taxedBase * iva.Rate.Fraction, 2, MidpointRounding.AwayFromZero), iva.Amount);
                }

                Assert.Equal(truth.Subtotal + truth.IvaTotal + truth.OtherTaxes, truth.Total);
            }
            else
            {
                Assert.Empty(truth.Iva);
                Assert.Equal(truth.Subtotal + truth.OtherTaxes, truth.Total);
            }

            Assert.Empty(truth.ToAfipInvoice().Validate());
        }
    }

    [Theory]
    [MemberData(nameof(SeedBlocks))]
    public void Next_500Seeds_PartiesFitTheInvoiceType(int firstSeed)
    {
        foreach (var seed in Enumerable.Range(firstSeed, 100))
        {
            var truth = new InvoiceFaker(seed).Next();
            var because = $"seed {seed}";

            foreach (var cuit in new[] { truth.Issuer.Cuit, truth.Receiver.Cuit })
            {
                Assert.True(Cuit.TryParse(cuit.Digits, out var parsed), because);
                Assert.Equal(cuit, parsed);
                Assert.Equal(Cuit.ComputeCheckDigit(cuit.Digits[..10]), cuit.Digits[10] - '0');
                Assert.Contains(cuit.Prefix, Cuit.ValidPrefixes);
            }

            Assert.NotEqual(truth.Issuer.Cuit, truth.Receiver.Cuit);
            switch (truth.Type)
            {
                case InvoiceType.A:
                    Assert.Equal(IvaCondition.ResponsableInscripto, truth.Issuer.IvaCondition);
                    Assert.Equal(IvaCondition.ResponsableInscripto, truth.Receiver.IvaCondition);
                    break;
                case InvoiceType.B:
                    Assert.Equal(IvaCondition.ResponsableInscripto, truth.Issuer.IvaCondition);
                    Assert.Contains(truth.Receiver.IvaCondition,
                        new[] { IvaCondition.ConsumidorFinal, IvaCondition.Monotributista, IvaCondition.Exento });
                    Assert.True(truth.IvaContained > 0m && truth.IvaContained < truth.Subtotal, because);
                    break;
                default:
                    Assert.Equal(IvaCondition.Monotributista, truth.Issuer.IvaCondition);
                    Assert.All(truth.Lines, l => Assert.Equal(IvaRate.Zero, l.IvaRate));
                    break;
            }

            Assert.InRange(truth.PointOfSale, 1, 9_999);
            Assert.InRange(truth.Number, 1, InvoiceNumber.MaxNumber);
            Assert.True(Cae.TryParse(truth.Cae, out _), because);
            Assert.True(truth.CaeDueDate > truth.IssueDate && truth.Issuer.ActivityStart < truth.IssueDate, because);
            Assert.False(string.IsNullOrWhiteSpace(truth.Issuer.Name) || string.IsNullOrWhiteSpace(truth.Receiver.Address), because);
        }
    }

    [Fact]
    public void Next_500Seeds_CoverEveryTypeRateAndTax()
    {
        var truths = Enumerable.Range(0, 500).Select(seed => new InvoiceFaker(seed).Next()).ToList();

        Assert.All(Enum.GetValues<InvoiceType>(), type => Assert.Contains(truths, t => t.Type == type));
        Assert.All(new[] { 0m, 10.5m, 21m, 27m },
            rate => Assert.Contains(truths, t => t.Type == InvoiceType.A && t.Lines.Any(l => l.IvaRate.Percent == rate)));
        Assert.Contains(truths, t => t.Perceptions > 0m);
        Assert.Contains(truths, t => t.InternalTaxes > 0m);
        Assert.Contains(truths, t => t.OtherTaxes == 0m);
        Assert.Contains(truths, t => t.Lines.Count == 12);
        Assert.Contains(truths, t => t.Lines.Count == 1);
        Assert.Contains(truths, t => t.Issuer.TradeName is not null);
    }

    [Fact]
    public void Next_SameSeed_SameSequence()
    {
        var first = new InvoiceFaker(42);
        var second = new InvoiceFaker(42);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(InvoiceCorpus.ToJson(first.Next()), InvoiceCorpus.ToJson(second.Next()));
        }

        Assert.NotEqual(InvoiceCorpus.ToJson(InvoiceCorpus.Truth(42)), InvoiceCorpus.ToJson(InvoiceCorpus.Truth(43)));
    }

    [Fact]
    public void FromJson_WhatToJsonWrote_SameTruth()
    {
        var truth = InvoiceCorpus.Truth(5);

        var json = InvoiceCorpus.ToJson(truth);
        var read = InvoiceCorpus.FromJson(json);

        Assert.Equal(json, InvoiceCorpus.ToJson(read));
        Assert.Equal(truth.Issuer.Cuit, read.Issuer.Cuit);
        Assert.Equal(truth.Total, read.Total);
        Assert.Contains($"\"cuit\": \"{truth.Issuer.Cuit}\"", json, StringComparison.Ordinal);
    }

    private static void AssertCents(decimal value, string because) =>
        Assert.True(value == Math.Round(value, 2), $"{value} has more than 2 decimals ({because})");
}
