using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus.Tests;

/// <summary>The corpus with layouts through its public API: determinism, pages, truths, samples.</summary>
public class InvoiceLayoutsTests
{
    public static TheoryData<string> Layouts => [.. InvoiceLayouts.All];

    [Fact]
    public void Layouts_TheFourLayoutsTheIssueAsksFor()
    {
        Assert.Equal(["afip", "tres-columnas", "erp-grilla", "encabezado-2-lineas"], InvoiceCorpus.Layouts);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Generate_SameSeedKindLayoutTwice_SameBytesOnEveryPage(string layout)
    {
        var first = InvoiceCorpus.Generate(21, DegradationKinds.Photographed, layout, InvoicePaging.TwoPages);
        var second = InvoiceCorpus.Generate(21, DegradationKinds.Photographed, layout, InvoicePaging.TwoPages);

        Assert.Equal(2, first.Pages.Count);
        Assert.Equal(first.Pages, second.Pages);
        Assert.NotEqual(first.Pages[0], first.Pages[1]);
        Assert.NotEqual(first.Image, InvoiceCorpus.Generate(22, DegradationKinds.Photographed, layout, InvoicePaging.TwoPages).Image);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Generate_EveryKind_EveryPageDecodesInTheKindsFormatAndTheLayoutIsRecorded(string layout)
    {
        var samples = InvoiceCorpus.GenerateAllKinds(3, layout, InvoicePaging.TwoPages);

        Assert.Equal(InvoiceCorpus.Kinds, samples.Select(s => s.Kind));
        foreach (var sample in samples)
        {
            Assert.Equal(layout, sample.Layout);
            Assert.Same(sample.Image, sample.Pages[0]);
            Assert.Equal(sample.Truth.Lines.Count, sample.LinesPerPage.Sum());
            foreach (var image in sample.Pages)
            {
                using var bitmap = SKBitmap.Decode(image);
                Assert.NotNull(bitmap);
                var jpeg = image[0] == 0xFF && image[1] == 0xD8;
                Assert.Equal(sample.ContentType == "image/jpeg", jpeg);
                if (sample.Kind == DegradationKinds.Clean)
                {
                    Assert.Equal((InvoiceCorpus.PageWidth, InvoiceCorpus.PageHeight), (bitmap.Width, bitmap.Height));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Generate_OnePageOption_OnePageWhenItFits(string layout)
    {
        var seed = Enumerable.Range(0, 200).First(s => InvoiceCorpus.Truth(s, layout).Lines.Count is >= 4 and <= 8);

        var sample = InvoiceCorpus.Generate(seed, DegradationKinds.Clean, layout, InvoicePaging.OnePage);

        Assert.Single(sample.Pages);
        Assert.Equal([sample.Truth.Lines.Count], sample.LinesPerPage);
    }

    [Fact]
    public void Generate_ClassicOverload_AfipLayoutOnOnePageWithTheClassicTruth()
    {
        var sample = InvoiceCorpus.Generate(1001, DegradationKinds.Clean);

        Assert.Equal(InvoiceLayouts.Afip, sample.Layout);
        Assert.Single(sample.Pages);
        Assert.Equal(InvoiceCorpus.ToJson(InvoiceCorpus.Truth(1001)), InvoiceCorpus.ToJson(sample.Truth));
        Assert.Equal(InvoiceCorpus.Render(InvoiceCorpus.Truth(1001), 1001, DegradationKinds.Clean).Image, sample.Image);
    }

    [Fact]
    public void Generate_UnknownLayout_ArgumentExceptionListingTheLayouts()
    {
        var error = Assert.Throws<ArgumentException>(() => InvoiceCorpus.Generate(1, DegradationKinds.Clean, "factura-c-vieja"));

        Assert.Contains("afip, tres-columnas, erp-grilla, encabezado-2-lineas", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truth_LayoutsMix500Seeds_2To30LinesMostly10OrMoreAndEveryOneValidates()
    {
        var truths = Enumerable.Range(0, 500).Select(seed => InvoiceCorpus.Truth(seed, InvoiceLayouts.TresColumnas)).ToList();

        Assert.All(truths, t => Assert.InRange(t.Lines.Count, 2, 30));
        Assert.InRange(truths.Count(t => t.Lines.Count >= 10), 300, 450);
        Assert.Contains(truths, t => t.Lines.Count == 30);
        Assert.Contains(truths, t => t.Lines.Count == 2);
        Assert.Contains(truths, t => t.Issuer.Name.Length >= 34);
        foreach (var truth in truths)
        {
            Assert.Empty(truth.ToAfipInvoice().Validate());
            Assert.Equal(truth.Lines.Count, truth.Lines.Select(l => l.Description).Distinct().Count());
            Assert.Equal(truth.Subtotal + truth.IvaTotal + truth.OtherTaxes, truth.Total);
        }
    }

    [Fact]
    public void Truth_SameSeed_SameInvoiceInEveryLayoutAndNotTheClassicOne()
    {
        var json = InvoiceLayouts.All.Select(layout => InvoiceCorpus.ToJson(InvoiceCorpus.Truth(8, layout))).Distinct().ToList();

        Assert.Single(json);
        Assert.NotEqual(InvoiceCorpus.ToJson(InvoiceCorpus.Truth(8)), json[0]);
    }

    [Fact]
    public void WriteSamples_EveryLayout_EveryPageOfEveryKindAskedAndTheTruth()
    {
        var directory = Path.Combine(Path.GetTempPath(), "minimarket-layouts-" + Guid.NewGuid().ToString("N"));
        var twoPages = Enumerable.Range(40, 40).First(s => InvoiceCorpus.Generate(s, DegradationKinds.Clean, InvoiceLayouts.TresColumnas).Pages.Count == 2);
        try
        {
            var written = InvoiceCorpus.WriteSamples(directory, count: 2, seed: twoPages, InvoiceCorpus.Layouts, [DegradationKinds.Clean, DegradationKinds.LowRes]);

            var expected = InvoiceLayouts.All.SelectMany(layout => new[] { twoPages, twoPages + 1 }
                .Select(seed => InvoiceCorpus.Generate(seed, DegradationKinds.Clean, layout))).Sum(sample => 2 * sample.Pages.Count + 1);
            Assert.Equal(expected, written.Count);
            Assert.All(written, path => Assert.True(File.Exists(path), path));
            foreach (var layout in InvoiceLayouts.All)
            {
                Assert.True(File.Exists(Path.Combine(directory, $"{layout}-{twoPages}-clean.png")));
                Assert.True(File.Exists(Path.Combine(directory, $"{layout}-{twoPages + 1}-lowres.jpg")));
                var truth = InvoiceCorpus.FromJson(File.ReadAllText(Path.Combine(directory, $"{layout}-{twoPages + 1}.truth.json")));
                Assert.Equal(InvoiceCorpus.ToJson(InvoiceCorpus.Truth(twoPages + 1, layout)), InvoiceCorpus.ToJson(truth));
            }

            Assert.True(File.Exists(Path.Combine(directory, $"tres-columnas-{twoPages}-clean-p2.png")));
            Assert.True(File.Exists(Path.Combine(directory, $"tres-columnas-{twoPages}-lowres-p2.jpg")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void LayoutWording_EveryConditionVariant_TheDomainParserReadsItBack()
    {
        foreach (var seed in Enumerable.Range(0, 60))
        {
            var wording = LayoutWording.Erp(new Random(seed));
            foreach (var condition in Enum.GetValues<IvaCondition>())
            {
                var (_, value) = wording.Condition(condition, "IVA:");
                Assert.True(IvaConditions.TryParse(value, out var parsed) && parsed == condition, $"'{value}' for {condition}");
            }
        }
    }
}
