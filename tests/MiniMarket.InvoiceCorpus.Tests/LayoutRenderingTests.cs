using System.Text.RegularExpressions;
using MiniMarket.Core.Domain;
using SkiaSharp;

namespace MiniMarket.InvoiceCorpus.Tests;

/// <summary>
/// What every layout draws, checked on the text the renderer placed (<see cref="PageCanvas.TextBoxes"/>): every field the
/// OCR is expected to read is printed, nothing overlaps, nothing leaves the page, long tables go to a second page.
/// </summary>
public class LayoutRenderingTests
{
    public static TheoryData<string> Layouts => [.. InvoiceLayouts.All];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Render_60Seeds_TextInsideThePageAndNoTwoTextLinesOverlap(string layout)
    {
        foreach (var seed in Enumerable.Range(500, 60))
        {
            using var rendered = PagedRenderer.Render(InvoiceCorpus.Truth(seed, layout), seed, layout, InvoicePaging.FromSeed);

            Assert.InRange(rendered.Pages.Count, 1, 2);
            for (var page = 0; page < rendered.Pages.Count; page++)
            {
                var where = $"{layout} seed {seed} page {page + 1}";
                var bounds = rendered.Bounds[page];
                Assert.True(bounds.Left >= 10 && bounds.Top >= 10 && bounds.Right <= InvoiceCorpus.PageWidth - 10 &&
                    bounds.Bottom <= InvoiceCorpus.PageHeight - 10, $"{where}: drawing reaches {bounds}");
                AssertNoOverlap(rendered.TextBoxes[page], where);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Render_40Seeds_EveryFieldTheOcrReadsIsPrinted(string layout)
    {
        foreach (var seed in Enumerable.Range(700, 40))
        {
            var truth = InvoiceCorpus.Truth(seed, layout);
            using var rendered = PagedRenderer.Render(truth, seed, layout, InvoicePaging.FromSeed);
            var text = Flat(rendered.TextBoxes.SelectMany(p => p));
            var lower = text.ToLowerInvariant();
            var because = $"{layout} seed {seed}";

            Assert.True(text.Contains($"FACTURA {truth.Type.Letter()}", StringComparison.Ordinal) ||
                Regex.IsMatch(text, $@"(^| ){truth.Type.Letter()} "), $"{because}: letter");
            Assert.Matches($"(COD\\.|Cód\\.|Código N°) {truth.Type.Code():D2}", text);
            Assert.Matches($"0*{truth.PointOfSale}[ -].*{truth.Number:D8}", text);
            Assert.Contains(BuenosAiresTime.FormatDate(truth.IssueDate), text, StringComparison.Ordinal);
            Assert.Contains(Flat(truth.Issuer.Name).ToLowerInvariant(), lower, StringComparison.Ordinal);
            Assert.Contains(Flat(truth.Issuer.Address), text, StringComparison.Ordinal);
            Assert.Contains(Flat(truth.Receiver.Name), text, StringComparison.Ordinal);
            foreach (var cuit in new[] { truth.Issuer.Cuit, truth.Receiver.Cuit })
            {
                Assert.True(text.Contains(cuit.ToString(), StringComparison.Ordinal) || text.Contains(cuit.Digits, StringComparison.Ordinal), $"{because}: CUIT {cuit}");
            }

            var conditions = rendered.TextBoxes.SelectMany(p => p).Select(b => IvaConditions.TryParse(b.Text, out var c) ? c : (IvaCondition?)null).ToList();
            Assert.Contains(truth.Issuer.IvaCondition, conditions);
            Assert.Contains(truth.Receiver.IvaCondition, conditions);
            Assert.Contains(truth.Cae, text, StringComparison.Ordinal);
            Assert.Contains(BuenosAiresTime.FormatDate(truth.CaeDueDate), text, StringComparison.Ordinal);
            foreach (var line in truth.Lines)
            {
                Assert.Contains(line.Code, text, StringComparison.Ordinal);
                Assert.Contains(Flat(line.Description), text, StringComparison.Ordinal);
                Assert.Contains($"{ArsFormat.Number(line.Quantity)} ", text, StringComparison.Ordinal);
                Assert.Contains(ArsFormat.Number(line.UnitPrice), text, StringComparison.Ordinal);
                Assert.Contains(ArsFormat.Number(line.Amount), text, StringComparison.Ordinal);
            }

            Assert.Contains("$ " + ArsFormat.Number(truth.Subtotal), text, StringComparison.Ordinal);
            Assert.All(truth.Iva, iva => Assert.Contains("$ " + ArsFormat.Number(iva.Amount), text, StringComparison.Ordinal));
            Assert.All(truth.Taxes, tax => Assert.Contains(ArsFormat.Number(tax.Amount), text, StringComparison.Ordinal));
            Assert.Contains("$ " + ArsFormat.Number(truth.Total), text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Render_ThirtyLongestLinesOfAnA_TwoPagesWithTheTotalsAndCaeOnTheSecondInEveryStyle(string layout)
    {
        var truth = LongTruth(30);

        foreach (var seed in Enumerable.Range(0, 20))
        {
            // Whether it fits one page depends on the style (a five-column table in a small font may); it always fits two.
            using (var fromSeed = PagedRenderer.Render(truth, seed, layout, InvoicePaging.FromSeed))
            {
                Assert.InRange(fromSeed.Pages.Count, 1, 2);
            }

            using var rendered = PagedRenderer.Render(truth, seed, layout, InvoicePaging.TwoPages);

            Assert.Equal(2, rendered.Pages.Count);
            Assert.Equal(30, rendered.LinesPerPage.Sum());
            Assert.True(rendered.LinesPerPage.All(n => n > 0), string.Join("+", rendered.LinesPerPage));
            var first = Flat(rendered.TextBoxes[0]);
            var second = Flat(rendered.TextBoxes[1]);
            Assert.DoesNotContain(truth.Cae, first, StringComparison.Ordinal);
            Assert.DoesNotContain("$ " + ArsFormat.Number(truth.Total), first, StringComparison.Ordinal);
            Assert.Contains(truth.Cae, second, StringComparison.Ordinal);
            Assert.Contains("$ " + ArsFormat.Number(truth.Total), second, StringComparison.Ordinal);
            Assert.Matches("(Hoja 2 de 2|Página 2 de 2|Pág\\. 2/2)", second);
            Assert.Matches($"{truth.Number:D8}", second);
            Assert.True(first.Contains(LayoutWording.Continues, StringComparison.Ordinal) ||
                (first.Contains(LayoutWording.Transport, StringComparison.Ordinal) && second.Contains(LayoutWording.Transport, StringComparison.Ordinal)));
            AssertNoOverlap(rendered.TextBoxes[0], $"{layout} seed {seed} page 1");
            AssertNoOverlap(rendered.TextBoxes[1], $"{layout} seed {seed} page 2");
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Render_ThirtyLongLinesOnOnePage_InvalidOperation(string layout)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PagedRenderer.Render(LongTruth(30), 5, layout, InvoicePaging.OnePage));

        Assert.Contains("does not fit one page", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TwoPagesForOneLine_ArgumentException()
    {
        var truth = LongTruth(1);

        Assert.Throws<ArgumentException>(() => PagedRenderer.Render(truth, 1, InvoiceLayouts.TresColumnas, InvoicePaging.TwoPages));
    }

    [Fact]
    public void Render_400Invoices_PlentyOfTwoPagesAndOfLongSinglePages()
    {
        var pages = InvoiceLayouts.All.SelectMany(layout => Enumerable.Range(0, 100).Select(seed =>
        {
            using var rendered = PagedRenderer.Render(InvoiceCorpus.Truth(seed, layout), seed, layout, InvoicePaging.FromSeed);
            return (Lines: rendered.LinesPerPage.Sum(), Pages: rendered.Pages.Count);
        })).ToList();

        Assert.InRange(pages.Count(p => p.Pages == 2), 60, 300);
        Assert.Contains(pages, p => p.Pages == 1 && p.Lines >= 15);
        Assert.Contains(pages, p => p.Pages == 2 && p.Lines < 15);
    }

    /// <summary>
    /// A consistent factura A with the <paramref name="count"/> longest descriptions of the catalogue (the generator's
    /// worst case: they wrap in AFIP's nine columns), six-digit amounts, at 21 % and 10,5 %, with two other taxes.
    /// </summary>
    internal static InvoiceTruth LongTruth(int count)
    {
        var template = InvoiceCorpus.Truth(1);
        var descriptions = ArgentineCatalog.AllProducts.Select(p => p.Description).OrderByDescending(d => d.Length).Take(count).ToList();
        var lines = Enumerable.Range(0, count).Select(i => new LineTruth($"ART{i:D4}", descriptions[i], 10m + i,
            "kilogramos", 12345.67m, (10m + i) * 12345.67m, i % 3 == 0 ? IvaRate.Reduced : IvaRate.General)).ToList();
        var subtotal = lines.Sum(l => l.Amount);
        var iva = lines.GroupBy(l => l.IvaRate).OrderByDescending(g => g.Key.Percent)
            .Select(g => new IvaTruth(g.Key, g.Sum(l => l.Amount), Math.Round(g.Sum(l => l.Amount) * g.Key.Fraction, 2, MidpointRounding.AwayFromZero)))
            .ToList();
        List<TaxTruth> taxes =
        [
            new(TaxKind.Perception, "Percepción Ingresos Brutos", subtotal, 3.5m, Math.Round(subtotal * 0.035m, 2, MidpointRounding.AwayFromZero)),
            new(TaxKind.InternalTax, "Impuestos Internos", 1000m, 8m, 80m),
        ];
        return template with
        {
            Type = InvoiceType.A,
            Issuer = template.Issuer with { IvaCondition = IvaCondition.ResponsableInscripto },
            Receiver = template.Receiver with { IvaCondition = IvaCondition.ResponsableInscripto },
            Lines = lines,
            Subtotal = subtotal,
            Iva = iva,
            Taxes = taxes,
            Total = subtotal + iva.Sum(i => i.Amount) + taxes.Sum(t => t.Amount),
        };
    }

    private static string Flat(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    private static string Flat(IEnumerable<(string Text, SKRect Box)> boxes) => Flat(string.Join(" ", boxes.Select(b => b.Text)));

    // Two text lines overlap when their boxes share more than 2 px each way (glyph boxes include the descent, so lines
    // that merely touch are fine).
    private static void AssertNoOverlap(List<(string Text, SKRect Box)> boxes, string where)
    {
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var a = boxes[i].Box;
                var b = boxes[j].Box;
                var overlap = SKRect.Intersect(a, b);
                Assert.False(!overlap.IsEmpty && overlap.Width > 2 && overlap.Height > 2 && boxes[i].Text.Length > 0 && boxes[j].Text.Length > 0,
                    $"{where}: '{boxes[i].Text}' {a} overlaps '{boxes[j].Text}' {b}");
            }
        }
    }
}
