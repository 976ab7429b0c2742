using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Ml.Ocr;
using MiniMarket.Core.Contracts;
using MiniMarket.InvoiceCorpus;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Benchmarks;

/// <summary>What the OCR benchmark runs: every layout × kind, <see cref="Invoices"/> invoices each (seeds from <see cref="Seed"/>).</summary>
public sealed record OcrBenchmarkOptions
{
    /// <summary>The classic corpus (<c>InvoiceCorpus.Generate(seed, kind)</c>: AFIP layout, 1–12 lines, one page), to compare with older figures.</summary>
    public const string ClassicLayout = "clasico";

    /// <summary>Invoices per layout × kind (<c>--pages</c>, named when every invoice had one page).</summary>
    public int Invoices { get; init; } = 40;

    /// <summary>Pages read at the same time, like the agent's Ml:Ocr:MaxInFlight.</summary>
    public int InFlight { get; init; } = 2;

    /// <summary>Bands a page is cut into, each read by its own Tesseract, like the agent's Ml:Ocr:BandsPerPage.</summary>
    public int Bands { get; init; } = new OcrOptions().BandsPerPage;

    public int Seed { get; init; } = 1000;

    public IReadOnlyList<string> Kinds { get; init; } = InvoiceCorpus.InvoiceCorpus.Kinds;

    /// <summary>Any of <see cref="InvoiceLayouts.All"/> and <see cref="ClassicLayout"/>.</summary>
    public IReadOnlyList<string> Layouts { get; init; } = InvoiceLayouts.All;

    public InvoicePaging Paging { get; init; } = InvoicePaging.FromSeed;

    /// <summary>Read AFIP's QR code (<c>--no-qr</c> turns it off, as Ml:Ocr:ReadAfipQr=false does, to compare).</summary>
    public bool ReadAfipQr { get; init; } = true;

    /// <summary>
    /// Only prepare the pages (<c>--prepare-only</c>): OpenCV's share, one page at a time on one thread, without Tesseract
    /// (whose time varies most on a shared machine), to compare changes to the preprocessing.
    /// </summary>
    public bool PrepareOnly { get; init; }
}

/// <summary>
/// The OCR pipeline over the synthetic corpus, per layout × degradation kind: the five key fields (issuer CUIT, type,
/// point of sale + number, issue date, total) each and all together, lines exact, invoices with every line exact, issuer
/// name and IVA condition exact (<see cref="InvoiceScore"/>), latency per page and throughput with the agent's in-flight
/// limit. The pipeline runs in this process exactly as the ml agent runs it (same classes, same Tesseract child process);
/// only HTTP is left out.
/// </summary>
public static class OcrBenchmark
{
    public static readonly string[] KeyFields = [.. InvoiceScore.KeyFieldNames];

    public static async Task RunAsync(OcrBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // As the ml agent does at start (AddMlAgent), unless MM_OCR_BENCH_MALLOC_DEFAULT=1 (to compare).
        if (Environment.GetEnvironmentVariable("MM_OCR_BENCH_MALLOC_DEFAULT") != "1") NativeAllocator.MapLargeBlocksApart();
        var ocrOptions = Options.Create(new OcrOptions { MaxInFlight = options.InFlight, MaxQueue = 10_000, ReadAfipQr = options.ReadAfipQr, BandsPerPage = options.Bands });
        using var gate = new OcrGate(ocrOptions);
        // MM_OCR_BENCH_PASSES=1: print why a page needed another pass (the pipeline's own debug log).
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(Environment.GetEnvironmentVariable("MM_OCR_BENCH_PASSES") == "1" ? LogLevel.Debug : LogLevel.Warning));
        var ocr = new InvoiceOcr(ocrOptions, gate, new InvoiceImagePreprocessor(), new TesseractRunner(ocrOptions, NullLogger<TesseractRunner>.Instance), logs.CreateLogger<InvoiceOcr>());

        if (options.PrepareOnly)
        {
            PreparePages(options);
            return;
        }
        System.Console.WriteLine($"OCR benchmark — {Environment.ProcessorCount} cores, {options.Invoices} invoices per layout × kind, {options.InFlight} pages in flight, {options.Bands} bands a page, seeds from {options.Seed}, paging {options.Paging}, AFIP QR {(options.ReadAfipQr ? "read" : "not read")}");
        System.Console.WriteLine(OcrBenchmarkReport.Header);
        var all = new OcrBenchmarkReport("all", "all");
        var stages = new List<(OcrTimingsDto Timings, int Pages)>();
        var warm = false;
        foreach (var layout in options.Layouts)
        {
            foreach (var kind in options.Kinds)
            {
                var invoices = Enumerable.Range(options.Seed, options.Invoices).Select(seed => Generate(seed, kind, layout, options.Paging)).ToList();
                if (!warm)
                {
                    await ocr.ReadAsync(invoices[0].Image, CancellationToken.None); // warm-up: JIT, first Tesseract start
                    warm = true;
                }

                var results = new ConcurrentBag<(SyntheticInvoice Invoice, OcrInvoiceDto? Result, List<double> PageSeconds)>();
                var clock = Stopwatch.StartNew();
                await Parallel.ForEachAsync(invoices, new ParallelOptions { MaxDegreeOfParallelism = options.InFlight }, async (invoice, ct) =>
                {
                    var (result, seconds) = await ReadInvoiceAsync(ocr, invoice, ct);
                    results.Add((invoice, result, seconds));
                });
                var elapsed = clock.Elapsed;

                var report = new OcrBenchmarkReport(layout, kind);
                foreach (var (invoice, result, seconds) in results)
                {
                    report.Add(InvoiceScore.Of(invoice.Truth, result), seconds, result?.AfipQr is not null, result?.Timings.Passes ?? 0);
                }

                report.Elapsed = elapsed;
                all.Merge(report);
                stages.AddRange(results.Where(r => r.Result is not null).Select(r => (r.Result!.Timings, r.Invoice.Pages.Count)));
                System.Console.WriteLine(report.Row());
                PrintDebug(kind, [.. results.Select(r => (r.Invoice, r.Result, InvoiceScore.Of(r.Invoice.Truth, r.Result)))]);
            }
        }

        System.Console.WriteLine();
        System.Console.WriteLine(all.Row());
        System.Console.WriteLine(OcrBenchmarkReport.Legend);
        System.Console.WriteLine(StageMedians(stages));
        // The OCR runs in this process as in the ml agent (OpenCV's native buffers, the decoded pages; the corpus is
        // rendered here too, with SkiaSharp): its memory after the run, once the GC has collected what it can; native
        // memory the allocator kept shows as anonymous memory above the GC's committed bytes (compare with
        // MM_OCR_BENCH_MALLOC_DEFAULT=1).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        System.Console.WriteLine(ProcessMemory.Describe("this process (the OCR) at the end", Environment.ProcessId)
            + string.Create(CultureInfo.InvariantCulture, $"; GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576} MiB"));
        if (Environment.GetEnvironmentVariable("MM_OCR_BENCH_TRIM") == "1")
        {
            var released = MallocTrim(0);
            System.Console.WriteLine(ProcessMemory.Describe($"this process after malloc_trim (released: {released == 1})", Environment.ProcessId));
        }
    }

    /// <summary>Every page of every cell prepared in turn (decoded, QR read, cleaned, binarised, encoded; the grey bands too).</summary>
    private static void PreparePages(OcrBenchmarkOptions options)
    {
        var preprocessor = new InvoiceImagePreprocessor();
        var ocrOptions = new OcrOptions { BandsPerPage = options.Bands };
        System.Console.WriteLine($"OCR preparation only — one page at a time, {ocrOptions.BandsPerPage} bands, AFIP QR {(options.ReadAfipQr ? "read" : "not read")}");
        var all = new List<double>();
        var greys = new List<double>();
        var warm = false;
        foreach (var layout in options.Layouts)
        {
            foreach (var kind in options.Kinds)
            {
                var pages = Enumerable.Range(options.Seed, options.Invoices).SelectMany(seed => Generate(seed, kind, layout, options.Paging).Pages).ToList();
                if (!warm)
                {
                    _ = preprocessor.Prepare(pages[0], ocrOptions.BandsPerPage, options.ReadAfipQr).Grey;
                    warm = true;
                }
                var times = new List<double>();
                foreach (var page in pages)
                {
                    var clock = Stopwatch.StartNew();
                    var prepared = preprocessor.Prepare(page, ocrOptions.BandsPerPage, options.ReadAfipQr);
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    clock.Restart();
                    _ = prepared.Grey;
                    greys.Add(clock.Elapsed.TotalMilliseconds);
                }
                all.AddRange(times);
                System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{layout,-20} {kind,-13} {times.Count,4} pages  prepare median {Median(times),6:F0} ms  p95 {Percentile(times, 0.95),6:F0} ms"));
            }
        }
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"all",-20} {"all",-13} {all.Count,4} pages  prepare median {Median(all),6:F0} ms  p95 {Percentile(all, 0.95),6:F0} ms; grey bands when a page needs them: median {Median(greys):F0} ms"));
    }

    private static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    private static double Percentile(IEnumerable<double> values, double share) => OcrBenchmarkReport.Quantile([.. values.Order()], share);

    /// <summary>
    /// Where a page's time goes, as the OCR itself measures it (its timings): the median per page of each stage over every
    /// invoice read, recognition per pass too (a page read twice costs two passes).
    /// </summary>
    private static string StageMedians(List<(OcrTimingsDto Timings, int Pages)> read)
    {
        if (read.Count == 0) return "stages: nothing read";
        return string.Create(CultureInfo.InvariantCulture,
            $"stages, median ms per page: decode {Median(read.Select(r => r.Timings.DecodeMs / r.Pages)):F0}, preprocess (QR included) {Median(read.Select(r => r.Timings.PreprocessMs / r.Pages)):F0}, "
            + $"recognize {Median(read.Select(r => r.Timings.RecognizeMs / r.Pages)):F0} ({Median(read.Select(r => r.Timings.RecognizeMs / r.Timings.Passes)):F0} a pass), "
            + $"extract {Median(read.Select(r => r.Timings.ExtractMs / r.Pages)):F0}; queue {Median(read.Select(r => r.Timings.QueueMs)):F0} an invoice");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    /// <summary>Which key fields the OCR got exactly right (<see cref="InvoiceScore.KeyFields"/>).</summary>
    public static bool[] Score(InvoiceTruth truth, OcrInvoiceDto? result) => [.. InvoiceScore.Of(truth, result).KeyFields];

    /// <summary>
    /// Reads one invoice as the agent does (<see cref="InvoiceOcr.ReadPagesAsync"/>, every page in one call) and shares its
    /// time out evenly over the pages. An invoice the OCR fails on (timeout, unreadable image, engine error) is a failure
    /// (null: nothing right).
    /// </summary>
    private static async Task<(OcrInvoiceDto? Result, List<double> PageSeconds)> ReadInvoiceAsync(InvoiceOcr ocr, SyntheticInvoice invoice, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        OcrInvoiceDto? result;
        try
        {
            result = await ocr.ReadPagesAsync(invoice.Pages, cancellationToken);
        }
        catch (Exception e) when (e is OcrTimeoutException or InvalidImageException or OcrEngineException)
        {
            result = null;
        }
        var perPage = clock.Elapsed.TotalSeconds / invoice.Pages.Count;
        return (result, invoice.Pages.Select(_ => perPage).ToList());
    }

    private static SyntheticInvoice Generate(int seed, string kind, string layout, InvoicePaging paging) =>
        layout == OcrBenchmarkOptions.ClassicLayout
            ? InvoiceCorpus.InvoiceCorpus.Generate(seed, kind)
            : InvoiceCorpus.InvoiceCorpus.Generate(seed, kind, layout, paging);

    // MM_OCR_BENCH_PASSES=1: confidences of invoices that needed another pass; MM_OCR_BENCH_MISSES=1: the first misses
    // (MM_OCR_BENCH_DUMP=<folder>: with their pages, the first page's binarised and grey images, every other page's binarised one, the raw text read and the truth).
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static void PrintDebug(string kind, List<(SyntheticInvoice Invoice, OcrInvoiceDto? Result, InvoiceScore Score)> scored)
    {
        if (Environment.GetEnvironmentVariable("MM_OCR_BENCH_PASSES") == "1")
        {
            foreach (var (invoice, x, _) in scored.Where(s => s.Result is { Timings.Passes: > 1 }).Take(6))
            {
                System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {x!.Timings.Passes} passes {invoice.Truth.FullNumber}: type {x.Type.Confidence:0.00} number {x.Number.Confidence:0.00} date {x.IssueDate.Confidence:0.00} cuit {x.Issuer.Cuit.Confidence:0.00} total {x.Total.Confidence:0.00}"));
            }
        }

        if (Environment.GetEnvironmentVariable("MM_OCR_BENCH_MISSES") != "1")
        {
            return;
        }

        foreach (var (invoice, result, score) in scored.Where(s => !s.Score.AllKeyFields || !s.Score.AllLinesExact || !s.Score.IssuerNameExact || !s.Score.IssuerIvaConditionExact).Take(5))
        {
            if (Environment.GetEnvironmentVariable("MM_OCR_BENCH_DUMP") is { Length: > 0 } dump)
            {
                Directory.CreateDirectory(dump);
                var name = Path.Combine(dump, $"{invoice.Layout}-{kind}-{invoice.Truth.FullNumber}");
                File.WriteAllBytes(name + "." + invoice.FileExtension, invoice.Image);
                var prepared = new InvoiceImagePreprocessor().Prepare(invoice.Image, 1);
                File.WriteAllBytes(name + ".prepared.pbm", prepared.Binary[0].Image);
                File.WriteAllBytes(name + ".prepared-grey.png", prepared.Grey[0].Image);
                for (var page = 1; page < invoice.Pages.Count; page++)
                {
                    File.WriteAllBytes($"{name}-p{page + 1}.{invoice.FileExtension}", invoice.Pages[page]);
                    File.WriteAllBytes($"{name}-p{page + 1}.prepared.pbm", new InvoiceImagePreprocessor().Prepare(invoice.Pages[page], 1).Binary[0].Image);
                }
                File.WriteAllText(name + ".txt", result?.RawText ?? "");
                File.WriteAllText(name + ".truth.json", System.Text.Json.JsonSerializer.Serialize(invoice.Truth, Indented));
            }

            System.Console.WriteLine($"    miss {invoice.Truth.FullNumber} ({invoice.Pages.Count} p.): " + string.Join(", ", score.MissedKeyFields)
                + $"; lines {score.LinesExact}/{score.TruthLines} exact, {score.ReadLines} read; name '{result?.Issuer.Name.Value}' ({result?.Issuer.Name.Confidence}) for '{invoice.Truth.Issuer.Name}'; IVA '{result?.Issuer.IvaCondition.Value}' for {invoice.Truth.Issuer.IvaCondition}"
                + $" (type {invoice.Truth.Type} read {result?.Type.Value} {result?.Type.Confidence}; total {invoice.Truth.Total} read {result?.Total.Value})");
            if (result is { } r)
            {
                System.Console.WriteLine(string.Join("\n", r.RawText.Split('\n').Where(l => l.Contains("COD", StringComparison.OrdinalIgnoreCase) || l.Contains("Total", StringComparison.Ordinal)).Select(l => "      | " + l)));
            }
        }
    }
}
