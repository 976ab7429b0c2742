using System.Globalization;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// A synthetic invoice and the truth it shows. <see cref="Kind"/> is one of <see cref="DegradationKinds.All"/>;
/// <see cref="ContentType"/> is "image/png" or "image/jpeg" (every page has the same). <see cref="Image"/> is the first
/// page; an invoice split over two pages has both in <see cref="Pages"/>.
/// </summary>
public sealed record SyntheticInvoice(InvoiceTruth Truth, string Kind, byte[] Image, string ContentType)
{
    /// <summary>"png" or "jpg".</summary>
    public string FileExtension => ContentType == Degrader.Png ? "png" : "jpg";

    /// <summary>One of <see cref="InvoiceLayouts.All"/>; the classic corpus is <see cref="InvoiceLayouts.Afip"/>.</summary>
    public string Layout { get; init; } = InvoiceLayouts.Afip;

    /// <summary>Every page in order, each degraded as <see cref="Kind"/>; <c>Pages[0]</c> is <see cref="Image"/>.</summary>
    public IReadOnlyList<byte[]> Pages { get; init; } = [Image];

    /// <summary>How many of <see cref="InvoiceTruth.Lines"/> each page prints, in order; they add up to all of them.</summary>
    public IReadOnlyList<int> LinesPerPage { get; init; } = [Truth.Lines.Count];
}

/// <summary>
/// Synthetic AFIP invoices with known truth, for OCR tests and benchmarks. Everything is a pure function of the seed
/// (and of the fonts installed: see <see cref="FontLibrary"/>): the same seed and kind give the same bytes.
/// </summary>
public static partial class InvoiceCorpus
{
    /// <summary>A4 at 200 DPI.</summary>
    public const int PageWidth = InvoiceRenderer.PageWidth;

    public const int PageHeight = InvoiceRenderer.PageHeight;

    public const int Dpi = RenderStyle.Dpi;

    /// <summary>"clean", "rotated", "photographed", "lowres", "shadow", "noisy", "blurred".</summary>
    public static IReadOnlyList<string> Kinds => DegradationKinds.All;

    /// <summary>"afip", "tres-columnas", "erp-grilla", "encabezado-2-lineas": see <see cref="InvoiceLayouts"/>.</summary>
    public static IReadOnlyList<string> Layouts => InvoiceLayouts.All;

    /// <summary>The truth of a seed's invoice: <c>new InvoiceFaker(seed).Next()</c>.</summary>
    public static InvoiceTruth Truth(int seed) => new InvoiceFaker(seed).Next();

    /// <summary>
    /// The seed's invoice of the classic corpus (1–12 lines, always on one "ORIGINAL" page in AFIP's layout), rendered
    /// and degraded as <paramref name="kind"/>: the same bytes as before layouts existed, so tests written against
    /// it keep their invoices. <see cref="Generate(int, string, string, InvoicePaging)"/> is the corpus with layouts.
    /// </summary>
    public static SyntheticInvoice Generate(int seed, string kind) => Render(Truth(seed), seed, kind);

    /// <summary>The seed's invoice in every kind (rendered once).</summary>
    public static IReadOnlyList<SyntheticInvoice> GenerateAllKinds(int seed)
    {
        var truth = Truth(seed);
        using var page = InvoiceRenderer.Render(truth, seed);
        return [.. Kinds.Select(kind => Create(truth, kind, Degrader.Apply(page, kind, seed)))];
    }

    /// <summary>
    /// Renders a given truth (for instance a hand-made edge case) with the layout variations and degradation of
    /// <paramref name="seed"/>. The truth must be consistent: the renderer prints it as is.
    /// </summary>
    public static SyntheticInvoice Render(InvoiceTruth truth, int seed, string kind)
    {
        ArgumentNullException.ThrowIfNull(truth);
        using var page = InvoiceRenderer.Render(truth, seed);
        return Create(truth, kind, Degrader.Apply(page, kind, seed));
    }

    /// <summary>
    /// Writes seeds <paramref name="seed"/> .. <paramref name="seed"/> + <paramref name="count"/> − 1 to a folder, for a person
    /// to look at: <c>&lt;seed&gt;-&lt;kind&gt;.png|jpg</c> for every kind and <c>&lt;seed&gt;.truth.json</c>. Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteSamples(string directory, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        for (var s = seed; s < seed + count; s++)
        {
            var name = s.ToString(CultureInfo.InvariantCulture);
            foreach (var sample in GenerateAllKinds(s))
            {
                var path = Path.Combine(directory, $"{name}-{sample.Kind}.{sample.FileExtension}");
                File.WriteAllBytes(path, sample.Image);
                written.Add(path);
            }

            var truthPath = Path.Combine(directory, $"{name}.truth.json");
            File.WriteAllText(truthPath, TruthJson.Serialize(Truth(s)));
            written.Add(truthPath);
        }

        return written;
    }

    /// <summary>The truth as indented JSON (camelCase; CUITs "NN-NNNNNNNN-N"; IVA rates in percent; enums by name).</summary>
    public static string ToJson(InvoiceTruth truth) => TruthJson.Serialize(truth);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static InvoiceTruth FromJson(string json) => TruthJson.Deserialize(json);

    private static SyntheticInvoice Create(InvoiceTruth truth, string kind, (byte[] Image, string ContentType) image) =>
        new(truth, kind, image.Image, image.ContentType);
}
