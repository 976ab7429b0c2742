using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.InvoiceCorpus.Tests;

public class InvoiceScoreTests
{
    private static readonly OcrTimingsDto Timings = new(1, 2, 3, 4, 5, 15, 1);

    [Fact]
    public void Of_PerfectRead_EverythingExact()
    {
        var truth = InvoiceCorpus.Truth(3, InvoiceLayouts.TresColumnas);

        var score = InvoiceScore.Of(truth, Perfect(truth));

        Assert.True(score.AllKeyFields);
        Assert.Equal(truth.Lines.Count, score.LinesExact);
        Assert.True(score.AllLinesExact);
        Assert.True(score.IssuerNameExact);
        Assert.True(score.IssuerIvaConditionExact);
        Assert.Empty(score.MissedKeyFields);
    }

    [Fact]
    public void Of_OneAmountWrong_ThatLineIsNotExact()
    {
        var truth = InvoiceCorpus.Truth(3, InvoiceLayouts.TresColumnas);
        var read = Perfect(truth);
        var lines = read.Lines.ToList();
        lines[1] = lines[1] with { Amount = lines[1].Amount + 0.01m };

        var score = InvoiceScore.Of(truth, read with { Lines = lines });

        Assert.Equal(truth.Lines.Count - 1, score.LinesExact);
        Assert.False(score.AllLinesExact);
        Assert.True(score.AllKeyFields);
    }

    [Fact]
    public void Of_ExtraLineRead_EveryTruthLineExactButNotAllLinesExact()
    {
        var truth = InvoiceCorpus.Truth(3, InvoiceLayouts.TresColumnas);
        var read = Perfect(truth);

        var score = InvoiceScore.Of(truth, read with { Lines = [.. read.Lines, new OcrLineDto(null, "Transporte", null, null, 1234.56m, null, 0.5)] });

        Assert.Equal(truth.Lines.Count, score.LinesExact);
        Assert.Equal(truth.Lines.Count + 1, score.ReadLines);
        Assert.False(score.AllLinesExact);
    }

    [Fact]
    public void Of_FirstLineMissing_LinesAreComparedByPosition()
    {
        var truth = InvoiceCorpus.Truth(3, InvoiceLayouts.TresColumnas);
        var read = Perfect(truth);

        var score = InvoiceScore.Of(truth, read with { Lines = [.. read.Lines.Skip(1)] });

        Assert.True(score.LinesExact < truth.Lines.Count - 1, $"{score.LinesExact} lines exact after a shift");
        Assert.False(score.AllLinesExact);
    }

    [Theory]
    [InlineData("Lácteos La Pampa S.A.", "LACTEOS  LA PAMPA s.a. ", true)]
    [InlineData("González María Laura", "gonzalez   maria\tlaura", true)]
    [InlineData("Lácteos La Pampa S.A.", "Lacteos La Pampa SA", false)]
    [InlineData("Lácteos La Pampa S.A.", "Lácteos La Pampa", false)]
    [InlineData("Lácteos La Pampa S.A.", null, false)]
    public void SameName_CaseAccentsAndSpacesIgnoredNothingElse(string expected, string? read, bool same)
    {
        Assert.Equal(same, InvoiceScore.SameName(expected, read));
    }

    [Theory]
    [InlineData("IVA Responsable Inscripto", IvaCondition.ResponsableInscripto, true)]
    [InlineData("Resp. Inscripto", IvaCondition.ResponsableInscripto, true)]
    [InlineData("Responsable Monotributo", IvaCondition.Monotributista, true)]
    [InlineData("Monotributo", IvaCondition.ResponsableInscripto, false)]
    [InlineData("Inscripto", IvaCondition.ResponsableInscripto, false)]
    [InlineData(null, IvaCondition.Exento, false)]
    public void SameIvaCondition_ByTheDomainParser(string? read, IvaCondition expected, bool same)
    {
        Assert.Equal(same, InvoiceScore.SameIvaCondition(expected, read));
    }

    [Fact]
    public void Of_NoResult_NothingRight()
    {
        var truth = InvoiceCorpus.Truth(4);

        var score = InvoiceScore.Of(truth, null);

        Assert.All(score.KeyFields, Assert.False);
        Assert.Equal(0, score.LinesExact);
        Assert.False(score.AllLinesExact || score.IssuerNameExact || score.IssuerIvaConditionExact);
        Assert.Equal(InvoiceScore.KeyFieldNames, score.MissedKeyFields);
    }

    [Fact]
    public void Of_WrongCuitAndDate_NamedAsMissed()
    {
        var truth = InvoiceCorpus.Truth(4);
        var read = Perfect(truth);

        var score = InvoiceScore.Of(truth, read with
        {
            Issuer = read.Issuer with { Cuit = new OcrField<string>(truth.Receiver.Cuit.ToString(), 0.9) },
            IssueDate = new OcrField<DateOnly?>(truth.IssueDate.AddDays(1), 0.9),
        });

        Assert.Equal(["cuit", "date"], score.MissedKeyFields);
        Assert.False(score.AllKeyFields);
    }

    /// <summary>What a perfect OCR would return for <paramref name="truth"/>.</summary>
    internal static OcrInvoiceDto Perfect(InvoiceTruth truth)
    {
        static OcrField<T> Sure<T>(T value) => new(value, 1);
        static OcrPartyDto Party(string name, Cuit cuit, IvaCondition condition, string address) =>
            new(Sure(name), Sure(cuit.ToString()), Sure(condition.DisplayName()), Sure(address));
        return new OcrInvoiceDto(
            Sure(truth.Type.Letter()), Sure<int?>(truth.PointOfSale), Sure<int?>(truth.Number), Sure<DateOnly?>(truth.IssueDate),
            Sure(truth.Cae), Sure<DateOnly?>(truth.CaeDueDate),
            Party(truth.Issuer.Name, truth.Issuer.Cuit, truth.Issuer.IvaCondition, truth.Issuer.Address),
            Party(truth.Receiver.Name, truth.Receiver.Cuit, truth.Receiver.IvaCondition, truth.Receiver.Address),
            [.. truth.Lines.Select(l => new OcrLineDto(l.Code, l.Description, l.Quantity, l.UnitPrice, l.Amount, l.IvaRate.Percent, 1))],
            Sure<decimal?>(truth.Subtotal), [.. truth.Iva.Select(i => new OcrIvaDto(i.Rate.Percent, i.Amount, 1))],
            Sure<decimal?>(truth.OtherTaxes), Sure<decimal?>(truth.Total), 1, [], "texto", Timings);
    }
}
