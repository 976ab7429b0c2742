using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Ml.Ocr;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.InvoiceCorpus;

namespace MiniMarket.Benchmarks;

/// <summary>
/// The OCR pipeline over the synthetic corpus: key-field accuracy per degradation kind (issuer CUIT, type, point of
/// sale + number, issue date, total), latency per page and throughput with the agent's in-flight limit. The pipeline
/// runs in this process exactly as the ml agent runs it (same classes, same Tesseract child process); only HTTP is left out.
/// </summary>
public static class OcrBenchmark
{
    public static readonly string[] KeyFields = ["cuit", "type", "number", "date", "total"];

    public static async Task RunAsync(int pagesPerKind, int inFlight, int seed, IReadOnlyList<string> kinds)
    {
        var options = Options.Create(new OcrOptions { MaxInFlight = inFlight, MaxQueue = 10_000 });
        using var gate = new OcrGate(options);
        // MM_OCR_BENCH_PASSES=1: print why a page needed another pass (the pipeline's own debug log).
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(Environment.GetEnvironmentVariable("MM_OCR_BENCH_PASSES") == "1" ? LogLevel.Debug : LogLevel.Warning));
        var ocr = new InvoiceOcr(options, gate, new InvoiceImagePreprocessor(), new TesseractRunner(options, NullLogger<TesseractRunner>.Instance), logs.CreateLogger<InvoiceOcr>());

        System.Console.WriteLine($"OCR benchmark — {Environment.ProcessorCount} cores, {pagesPerKind} pages per kind, {inFlight} in flight, seeds from {seed}");
        System.Console.WriteLine("kind           pages  cuit    type    number  date    total   all-5   median s  p95 s   pages/s  passes");
        var allLatencies = new List<double>();
        var totalPages = 0;
        var totalTime = TimeSpan.Zero;
        foreach (var kind in kinds)
        {
            var invoices = Enumerable.Range(seed, pagesPerKind).Select(s => InvoiceCorpus.InvoiceCorpus.Generate(s, kind)).ToList();
            await ocr.ReadAsync(invoices[0].Image, CancellationToken.None); // warm-up: JIT, first Tesseract start
            var results = new ConcurrentBag<(SyntheticInvoice Invoice, OcrInvoiceDto? Result, double Seconds)>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(invoices, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (invoice, ct) =>
            {
                var page = Stopwatch.StartNew();
                try
                {
                    var result = await ocr.ReadAsync(invoice.Image, ct);
                    results.Add((invoice, result, page.Elapsed.TotalSeconds));
                }
                catch (Exception e) when (e is OcrTimeoutException or InvalidImageException or OcrEngineException)
                {
                    results.Add((invoice, null, page.Elapsed.TotalSeconds));
                }
            });
            var elapsed = clock.Elapsed;
            totalPages += invoices.Count;
            totalTime += elapsed;
            var scored = results.Select(r => (r.Invoice, Correct: Score(r.Invoice.Truth, r.Result), r.Seconds, Passes: r.Result?.Timings.Passes ?? 0, r.Result)).ToList();
            var latencies = scored.Select(s => s.Seconds).Order().ToList();
            allLatencies.AddRange(latencies);
            string Rate(int field) => Percent(scored.Count(s => s.Correct[field]), scored.Count);
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind,-14} {scored.Count,5}  {Rate(0),-7} {Rate(1),-7} {Rate(2),-7} {Rate(3),-7} {Rate(4),-7} {Percent(scored.Count(s => s.Correct.All(c => c)), scored.Count),-7} {Median(latencies),8:0.00}  {Quantile(latencies, 0.95),6:0.00}  {invoices.Count / elapsed.TotalSeconds,7:0.00}  {scored.Average(s => s.Passes):0.00}"));
            if (Environment.GetEnvironmentVariable("MM_OCR_BENCH_PASSES") == "1")
            {
                foreach (var r in scored.Where(s => s.Passes > 1 && s.Result is not null).Take(6))
                {
                    var x = r.Result!;
                    System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    2 passes {r.Invoice.Truth.FullNumber}: type {x.Type.Confidence:0.00} number {x.Number.Confidence:0.00} date {x.IssueDate.Confidence:0.00} cuit {x.Issuer.Cuit.Confidence:0.00} total {x.Total.Confidence:0.00}"));
                }
            }
            if (Environment.GetEnvironmentVariable("MM_OCR_BENCH_MISSES") == "1")
            {
                foreach (var miss in scored.Where(s => !s.Correct.All(c => c)).Take(5))
                {
                    if (Environment.GetEnvironmentVariable("MM_OCR_BENCH_DUMP") is { Length: > 0 } dump)
                    {
                        Directory.CreateDirectory(dump);
                        var name = Path.Combine(dump, $"{kind}-{miss.Invoice.Truth.FullNumber}");
                        File.WriteAllBytes(name + "." + miss.Invoice.FileExtension, miss.Invoice.Image);
                        var prepared = new InvoiceImagePreprocessor().Prepare(miss.Invoice.Image, 1);
                        File.WriteAllBytes(name + ".prepared.pgm", prepared.Binary[0].Image);
                    }
                    System.Console.WriteLine($"    miss {miss.Invoice.Truth.FullNumber}: " + string.Join(", ", KeyFields.Where((_, i) => !miss.Correct[i]))
                        + $" (type {miss.Invoice.Truth.Type} read {miss.Result?.Type.Value} {miss.Result?.Type.Confidence}; total {miss.Invoice.Truth.Total} read {miss.Result?.Total.Value})");
                    if (miss.Result is { } r) System.Console.WriteLine(string.Join("\n", r.RawText.Split('\n').Where(l => l.Contains("COD", StringComparison.OrdinalIgnoreCase) || l.Contains("Total", StringComparison.Ordinal)).Select(l => "      | " + l)));
                }
            }
        }
        var sortedLatencies = allLatencies.Order().ToList();
        System.Console.WriteLine();
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all kinds: {totalPages} pages, median {Median(sortedLatencies):0.00} s, p95 {Quantile(sortedLatencies, 0.95):0.00} s, throughput {totalPages / totalTime.TotalSeconds:0.00} pages/s"));
    }

    /// <summary>Which key fields the OCR got exactly right.</summary>
    public static bool[] Score(InvoiceTruth truth, OcrInvoiceDto? result) => result is null
        ? new bool[KeyFields.Length]
        :
        [
            result.Issuer.Cuit.Value == truth.Issuer.Cuit.ToString(),
            result.Type.Value == truth.Type.Letter(),
            result.PointOfSale.Value == truth.PointOfSale && result.Number.Value == truth.Number,
            result.IssueDate.Value == truth.IssueDate,
            result.Total.Value == truth.Total,
        ];

    private static string Percent(int part, int whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static double Median(IReadOnlyList<double> sorted) => Quantile(sorted, 0.5);

    private static double Quantile(IReadOnlyList<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
