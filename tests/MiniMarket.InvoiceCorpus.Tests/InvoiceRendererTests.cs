using System.Diagnostics;
using MiniMarket.Core.Domain;

namespace MiniMarket.InvoiceCorpus.Tests;

public class InvoiceRendererTests
{
    [Fact]
    public void Render_150Seeds_EveryInvoiceFitsTheA4Page()
    {
        // The renderer throws when the table and totals would run into the footer; long tables shrink their font instead.
        foreach (var seed in Enumerable.Range(1000, 150))
        {
            using var page = InvoiceRenderer.Render(InvoiceCorpus.Truth(seed), seed);
            Assert.Equal((InvoiceCorpus.PageWidth, InvoiceCorpus.PageHeight), (page.Width, page.Height));
        }
    }

    [Fact]
    public void Render_TwelveLongLines_StillFits()
    {
        var truth = InvoiceCorpus.Truth(1);
        var line = new LineTruth("ART0001", "Yerba Mate Taragüi con palo 500 g en paquete de diez unidades", 1000m, "kilogramos",
            123456.78m, 123456780m, IvaRate.General);
        var longTruth = truth with { Type = InvoiceType.A, Lines = [.. Enumerable.Repeat(line, 12)] };

        using var page = InvoiceRenderer.Render(longTruth, 3);

        Assert.Equal(InvoiceCorpus.PageWidth, page.Width);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Generate_CleanPage_PlainTesseractReadsTheKeyFields(int seed)
    {
        var sample = InvoiceCorpus.Generate(seed, DegradationKinds.Clean);
        var text = await TesseractAsync(sample.Image);
        var flat = Flat(text);
        var truth = sample.Truth;

        Assert.Contains(Flat(InvoiceLabels.IssueDate) + BuenosAiresTime.FormatDate(truth.IssueDate), flat, StringComparison.Ordinal);
        Assert.Contains(truth.Number.ToString("D8"), flat, StringComparison.Ordinal);
        Assert.True(flat.Contains(truth.Issuer.Cuit.ToString(), StringComparison.Ordinal)
            || flat.Contains(truth.Issuer.Cuit.Digits, StringComparison.Ordinal), $"issuer CUIT {truth.Issuer.Cuit} in:\n{text}");
        // Plain Tesseract may put a mark before a bold "$" in Liberation Sans ("Importe Total: —$355.568,25" where the page
        // prints "$ 355.568,25"): the amount is still read, whole and right after its label.
        Assert.Matches(System.Text.RegularExpressions.Regex.Escape(Flat(InvoiceLabels.Total)) + @"[^\w$]{0,2}\$" + System.Text.RegularExpressions.Regex.Escape(ArsFormat.Number(truth.Total)), flat);
        Assert.Contains(truth.Cae, flat, StringComparison.Ordinal);
    }

    private static string Flat(string text) => text.Replace(" ", string.Empty, StringComparison.Ordinal);

    // Tesseract and its Spanish data come with the machine set-up (run.sh installs tesseract-ocr-spa).
    private static async Task<string> TesseractAsync(byte[] image)
    {
        var start = new ProcessStartInfo("tesseract") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "stdin", "stdout", "-l", "spa" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("tesseract did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(image);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"tesseract failed: {await errors}");
        return await output;
    }
}
