using SkiaSharp;

namespace MiniMarket.InvoiceCorpus.Tests;

public class InvoiceCorpusTests
{
    public static TheoryData<string> Kinds => [.. InvoiceCorpus.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Generate_SameSeedTwice_SameBytes(string kind)
    {
        var first = InvoiceCorpus.Generate(11, kind);
        var second = InvoiceCorpus.Generate(11, kind);

        Assert.Equal(first.Image, second.Image);
        Assert.NotEqual(first.Image, InvoiceCorpus.Generate(12, kind).Image);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GenerateAllKinds_EveryKind_DecodesToItsSizeAndFormat(int seed)
    {
        var samples = InvoiceCorpus.GenerateAllKinds(seed);

        Assert.Equal(InvoiceCorpus.Kinds, samples.Select(s => s.Kind));
        foreach (var sample in samples)
        {
            using var bitmap = SKBitmap.Decode(sample.Image);
            Assert.NotNull(bitmap);
            var (minWidth, maxWidth, minHeight, maxHeight) = sample.Kind switch
            {
                DegradationKinds.Rotated => (1654 + 20, 2200, 2339 + 20, 2700),
                DegradationKinds.Photographed => (1750, 1850, 2333, 2467),
                DegradationKinds.LowRes => (827, 992, 1169, 1404),
                _ => (1654, 1654, 2339, 2339),
            };
            Assert.InRange(bitmap.Width, minWidth, maxWidth);
            Assert.InRange(bitmap.Height, minHeight, maxHeight);

            var png = sample.Image.AsSpan(0, 4).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
            var jpeg = sample.Image[0] == 0xFF && sample.Image[1] == 0xD8;
            Assert.True(sample.ContentType == "image/png" ? png : jpeg, $"{sample.Kind} is not {sample.ContentType}");
            Assert.Equal(sample.Kind is DegradationKinds.Clean or DegradationKinds.Rotated ? "image/png" : "image/jpeg", sample.ContentType);
        }
    }

    [Fact]
    public void Generate_CleanPage_IsWhitePaperWithInk()
    {
        using var bitmap = SKBitmap.Decode(InvoiceCorpus.Generate(4, DegradationKinds.Clean).Image);

        var pixels = Enumerable.Range(0, 2000).Select(i => bitmap.GetPixel(i * 37 % bitmap.Width, i * 53 % bitmap.Height)).ToList();
        Assert.True(pixels.Count(p => p.Red > 240) > 1500, "mostly white paper");
        Assert.Contains(pixels, p => p.Red < 80);
    }

    [Fact]
    public void Generate_UnknownKind_ArgumentExceptionListingTheKinds()
    {
        var error = Assert.Throws<ArgumentException>(() => InvoiceCorpus.Generate(1, "sepia"));

        Assert.Contains("clean, rotated, photographed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteSamples_TwoSeeds_EveryKindAndTheTruth()
    {
        var directory = Path.Combine(Path.GetTempPath(), "minimarket-corpus-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = InvoiceCorpus.WriteSamples(directory, count: 2, seed: 30);

            Assert.Equal(2 * (InvoiceCorpus.Kinds.Count + 1), written.Count);
            Assert.True(File.Exists(Path.Combine(directory, "30-clean.png")));
            Assert.True(File.Exists(Path.Combine(directory, "31-photographed.jpg")));
            var truth = InvoiceCorpus.FromJson(File.ReadAllText(Path.Combine(directory, "31.truth.json")));
            Assert.Equal(InvoiceCorpus.ToJson(InvoiceCorpus.Truth(31)), InvoiceCorpus.ToJson(truth));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
