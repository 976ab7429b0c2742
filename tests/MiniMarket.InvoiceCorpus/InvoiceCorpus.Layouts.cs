using System.Globalization;

namespace MiniMarket.InvoiceCorpus;

/// <summary>The corpus with layouts: long tables (2–30 lines), two-page invoices, every layout of <see cref="InvoiceLayouts"/>.</summary>
public static partial class InvoiceCorpus
{
    /// <summary>
    /// The truth <see cref="Generate(int, string, string, InvoicePaging)"/> shows for a seed:
    /// <c>new InvoiceFaker(seed, InvoiceMix.Layouts).Next()</c>. It is the same invoice in every layout, so that layouts
    /// are compared on the same invoices; <paramref name="layout"/> is checked.
    /// </summary>
    public static InvoiceTruth Truth(int seed, string layout)
    {
        InvoiceLayouts.IndexOf(layout);
        return new InvoiceFaker(seed, InvoiceMix.Layouts).Next();
    }

    /// <summary>
    /// The seed's invoice (<see cref="Truth(int, string)"/>) in <paramref name="layout"/>, degraded as
    /// <paramref name="kind"/> (every page). Same seed, kind, layout and paging: same bytes.
    /// </summary>
    public static SyntheticInvoice Generate(int seed, string kind, string layout, InvoicePaging paging = InvoicePaging.FromSeed) =>
        Render(Truth(seed, layout), seed, kind, layout, paging);

    /// <summary>The seed's invoice in one layout and every kind (rendered once).</summary>
    public static IReadOnlyList<SyntheticInvoice> GenerateAllKinds(int seed, string layout, InvoicePaging paging = InvoicePaging.FromSeed)
    {
        var truth = Truth(seed, layout);
        using var rendered = PagedRenderer.Render(truth, seed, layout, paging);
        return [.. Kinds.Select(kind => Degrade(truth, layout, rendered, kind, seed))];
    }

    /// <summary>
    /// Renders a given truth (for instance a hand-made edge case) in <paramref name="layout"/> with the variations,
    /// paging and degradation of <paramref name="seed"/>. The truth must be consistent: the renderer prints it as is.
    /// Throws <see cref="InvalidOperationException"/> when it does not fit two pages (or one, with <see cref="InvoicePaging.OnePage"/>).
    /// </summary>
    public static SyntheticInvoice Render(InvoiceTruth truth, int seed, string kind, string layout, InvoicePaging paging = InvoicePaging.FromSeed)
    {
        ArgumentNullException.ThrowIfNull(truth);
        using var rendered = PagedRenderer.Render(truth, seed, layout, paging);
        return Degrade(truth, layout, rendered, kind, seed);
    }

    /// <summary>
    /// Writes seeds <paramref name="seed"/> .. <paramref name="seed"/> + <paramref name="count"/> − 1 of every layout in
    /// <paramref name="layouts"/> to a folder, for a person to look at: <c>&lt;layout&gt;-&lt;seed&gt;-&lt;kind&gt;.png|jpg</c>
    /// (a second page: <c>…-&lt;kind&gt;-p2.png|jpg</c>) for every kind in <paramref name="kinds"/> (default: all) and
    /// <c>&lt;layout&gt;-&lt;seed&gt;.truth.json</c>. Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteSamples(string directory, int count, int seed, IReadOnlyList<string> layouts,
        IReadOnlyList<string>? kinds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(layouts);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var layout in layouts)
        {
            for (var s = seed; s < seed + count; s++)
            {
                var name = $"{layout}-{s.ToString(CultureInfo.InvariantCulture)}";
                var truth = Truth(s, layout);
                using var rendered = PagedRenderer.Render(truth, s, layout, InvoicePaging.FromSeed);
                foreach (var kind in kinds ?? Kinds)
                {
                    var sample = Degrade(truth, layout, rendered, kind, s);
                    for (var page = 0; page < sample.Pages.Count; page++)
                    {
                        var suffix = page == 0 ? string.Empty : $"-p{(page + 1).ToString(CultureInfo.InvariantCulture)}";
                        var path = Path.Combine(directory, $"{name}-{kind}{suffix}.{sample.FileExtension}");
                        File.WriteAllBytes(path, sample.Pages[page]);
                        written.Add(path);
                    }
                }

                var truthPath = Path.Combine(directory, $"{name}.truth.json");
                File.WriteAllText(truthPath, TruthJson.Serialize(truth));
                written.Add(truthPath);
            }
        }

        return written;
    }

    // Page 1 is degraded with the seed itself, a following page with a seed of its own (a second photo is not the first).
    private static SyntheticInvoice Degrade(InvoiceTruth truth, string layout, RenderedInvoice rendered, string kind, int seed)
    {
        var images = rendered.Pages.Select((page, i) => Degrader.Apply(page, kind, i == 0 ? seed : unchecked(seed * 31 + i * 1_000_033))).ToList();
        return new SyntheticInvoice(truth, kind, images[0].Image, images[0].ContentType)
        {
            Layout = layout,
            Pages = [.. images.Select(i => i.Image)],
            LinesPerPage = [.. rendered.LinesPerPage],
        };
    }
}
