using System.Diagnostics;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>The image is bigger than the limits (bytes or pixels): refused before it is decoded.</summary>
public sealed class ImageTooLargeException(string message) : Exception(message);

/// <summary>The OCR queue is full: try again after <see cref="RetryAfter"/>.</summary>
public sealed class OcrBusyException(TimeSpan retryAfter) : Exception("El lector de facturas está ocupado.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Reads an invoice of one or more pages: checks each image's header against the limits, waits for a slot, decodes and
/// preprocesses each page (OpenCV) and decodes AFIP's QR code (whose values stand for the key fields), and recognises each
/// page (Tesseract) in up to three passes — the binarised page as one block,
/// the same page with Tesseract finding the columns, the grey page — stopping as soon as nothing is missing or doubtful;
/// then assembles the invoice from every pass of every page.
/// </summary>
public sealed partial class InvoiceOcr(
    IOptions<OcrOptions> options, OcrGate gate, InvoiceImagePreprocessor preprocessor, TesseractRunner tesseract, ILogger<InvoiceOcr> logger)
{
    /// <summary>
    /// A page is done after a pass when every key field is found at least this confidently: another pass costs as much as
    /// the first, so it is spent on fields that are missing or contradicted, not merely unconfirmed.
    /// </summary>
    public const double ConfidentEnough = 0.75;

    /// <summary>The most pages one invoice is read from.</summary>
    public const int MaxPages = 5;

    public Task<OcrInvoiceDto> ReadAsync(byte[] image, CancellationToken cancellationToken) => ReadPagesAsync([image], cancellationToken);

    /// <summary>
    /// An invoice of one or more pages (in order; a long detail continues on the next page): every page is checked first,
    /// then read in one slot of the gate, and the fields are assembled from all of them.
    /// </summary>
    public async Task<OcrInvoiceDto> ReadPagesAsync(IReadOnlyList<byte[]> images, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (images.Count is < 1 or > MaxPages) throw new InvalidImageException($"Una factura se lee de 1 a {MaxPages} páginas (llegaron {images.Count}).");
        var headers = images.Select(i => Check(i, limits)).ToList();
        var queued = Stopwatch.StartNew();
        using var slot = await gate.EnterAsync(cancellationToken) ?? throw new OcrBusyException(gate.RetryAfter);
        var queueTime = queued.Elapsed;
        var clock = Stopwatch.StartNew();
        var outcome = "error";
        try
        {
            var pages = new List<IReadOnlyList<InvoiceReading>>();
            var stages = new Stages();
            // Every page prepared first: AFIP's QR code (on the last page of a long invoice) gives the key fields exactly,
            // and then the first page needs no further pass for them.
            var prepared = new List<PreparedPage>(images.Count);
            foreach (var image in images) prepared.Add(await PrepareAsync(image, limits, stages, clock, cancellationToken));
            var (qr, qrError) = AfipQrOf(prepared);
            for (var i = 0; i < images.Count; i++) pages.Add(await ReadPageAsync(prepared[i], qr, qrError, first: i == 0, onlyPage: images.Count == 1, stages, queueTime, clock, cancellationToken));
            MlMetrics.OcrStageDuration.WithLabels("recognize").Observe(stages.Recognize.TotalSeconds);
            MlMetrics.OcrStageDuration.WithLabels("extract").Observe(stages.Extract.TotalSeconds);
            var result = InvoiceAssembler.Assemble(pages, Timings(queueTime, stages.Decode, stages.Preprocess, stages.Recognize, stages.Extract, clock.Elapsed, pages.Sum(p => p.Count)));
            outcome = "ok";
            MlMetrics.OcrPages.Inc(images.Count);
            MlMetrics.OcrConfidence.Observe(result.Confidence);
            LogRead(logger, headers[0].Width, headers[0].Height, result.Timings.Passes, result.Confidence, result.Warnings.Count, clock.ElapsedMilliseconds);
            return result;
        }
        catch (OcrTimeoutException)
        {
            outcome = "timeout";
            MlMetrics.OcrTimeouts.Inc();
            MlMetrics.Errors.WithLabels("ocr").Inc();
            MlMetrics.OcrErrors.WithLabels(MlMetrics.OcrErrorReason.Timeout).Inc();
            throw;
        }
        catch (InvalidImageException)
        {
            MlMetrics.OcrErrors.WithLabels(MlMetrics.OcrErrorReason.InvalidImage).Inc();
            throw;
        }
        catch (OcrEngineException e)
        {
            MlMetrics.OcrErrors.WithLabels(MlMetrics.OcrErrorReason.Engine).Inc();
            MlMetrics.Errors.WithLabels("ocr").Inc();
            LogEngineFailed(logger, e.Message);
            throw;
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                MlMetrics.OcrDuration.WithLabels(outcome).Observe(clock.Elapsed.TotalSeconds);
                gate.Record(clock.Elapsed);
            }
        }
    }

    /// <summary>Time spent per stage over the pages of one invoice.</summary>
    private sealed class Stages
    {
        public TimeSpan Decode, Preprocess, Recognize, Extract;
    }

    /// <summary>One page decoded and preprocessed (OpenCV), its QR codes decoded, on a pool thread.</summary>
    private async Task<PreparedPage> PrepareAsync(byte[] image, OcrOptions limits, Stages stages, Stopwatch clock, CancellationToken cancellationToken)
    {
        var started = clock.Elapsed;
        var prepared = await Task.Run(() => preprocessor.Prepare(image, limits.BandsPerPage, limits.ReadAfipQr), cancellationToken);
        var preprocessTime = clock.Elapsed - started - prepared.DecodeTime;
        stages.Decode += prepared.DecodeTime;
        stages.Preprocess += preprocessTime;
        MlMetrics.OcrStageDuration.WithLabels("decode").Observe(prepared.DecodeTime.TotalSeconds);
        MlMetrics.OcrStageDuration.WithLabels("preprocess").Observe(preprocessTime.TotalSeconds);
        return prepared with { PreprocessTime = preprocessTime };
    }

    /// <summary>
    /// The invoice's AFIP QR code: the first valid one on any page. Another QR code (a payment link) is no error; one
    /// of AFIP's whose data is broken is, when no page has a valid one.
    /// </summary>
    private static (AfipQr? Qr, string? Error) AfipQrOf(IReadOnlyList<PreparedPage> pages)
    {
        string? error = null;
        foreach (var text in pages.SelectMany(p => p.QrCodes))
        {
            if (AfipQr.TryParse(text, out var qr, out var isAfip, out var why)) return (qr, null);
            if (isAfip) error ??= why;
        }
        return (null, error);
    }

    /// <summary>
    /// One prepared page recognised (Tesseract, binarised page first), and read again
    /// (Tesseract's own columns, then the grey page) while something it should give is missing or doubtful: on the first
    /// page the key fields, on every page a detail row that does not add up, and on an invoice of one page rows that do not
    /// close with its subtotal.
    /// </summary>
    private async Task<List<InvoiceReading>> ReadPageAsync(PreparedPage prepared, AfipQr? qr, string? qrError, bool first, bool onlyPage, Stages stages, TimeSpan queueTime, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var decodeTime = prepared.DecodeTime;
        var preprocessTime = prepared.PreprocessTime;
        var readings = new List<InvoiceReading>();
        var recognize = TimeSpan.Zero;
        var extract = TimeSpan.Zero;
        // Pass 2 lets Tesseract find the columns itself (psm 3): psm 6 reads the page as one block and can swallow a
        // line of the header's right half between two of its left half. Pass 3 reads the grey page: Tesseract's own
        // thresholding, for pages our binarisation lost.
        // The grey bands are encoded when that pass comes, not before (most pages end sooner).
        (bool Grey, int Mode)[] passes = [(false, 6), (false, 3), (true, 6)];
        for (var next = 0; next < passes.Length; next++)
        {
            var (grey, mode) = passes[next];
            // A page with hardly any invoice label after the first pass (blank, not an invoice, or lost by our
            // binarisation) gains nothing from finding columns: only the grey pass is worth its time. (A page whose only
            // doubt is its detail still gets this pass: on a grid, Tesseract's own columns put right rows the first pass
            // read wrong — skipping it cost an ERP invoice 8 of its 13 rows.)
            if (mode == 3 && readings[0].InvoiceLabelsFound < 3) continue;
            var pass = Stopwatch.StartNew();
            var bands = grey ? prepared.Grey : prepared.Binary;
            OcrPage page;
            try
            {
                var tsvs = await Task.WhenAll(bands.Select(b => tesseract.RecognizeTsvAsync(b.Image, mode, cancellationToken)));
                page = OcrPages.Concat(tsvs.Select((tsv, i) => OcrPage.FromTsv(tsv, bands[i].Top)));
            }
            catch (OcrTimeoutException) when (readings.Count > 0)
            {
                // A later pass ran out of time: the readings so far stand, with their warnings.
                MlMetrics.OcrTimeouts.Inc();
                break;
            }
            recognize += pass.Elapsed;
            var extracting = Stopwatch.StartNew();
            var reading = InvoiceFieldExtractor.Read(page);
            reading.AfipQr = qr;
            reading.AfipQrError = qrError;
            readings.Add(reading);
            extract += extracting.Elapsed;
            var assembled = InvoiceAssembler.Assemble(readings, Timings(queueTime, decodeTime, preprocessTime, recognize, extract, clock.Elapsed, readings.Count));
            var doubtful = (first ? Doubtful(assembled) : []).Concat(DoubtfulLines(assembled, onlyPage)).ToArray();
            if (doubtful.Length == 0 || next == passes.Length - 1) break;
            LogAnotherPass(logger, readings.Count, doubtful);
        }
        stages.Recognize += recognize;
        stages.Extract += extract;
        return readings;
    }

    /// <summary>Refuses, from the header alone, what is not a PNG or JPEG, or too big or too small to be a page.</summary>
    private static ImageHeader.Info Check(byte[] image, OcrOptions limits)
    {
        if (image.LongLength > limits.MaxImageBytes)
        {
            MlMetrics.OcrErrors.WithLabels(MlMetrics.OcrErrorReason.TooLarge).Inc();
            throw new ImageTooLargeException($"La imagen pesa {image.LongLength} bytes; el máximo es {limits.MaxImageBytes}.");
        }
        var header = ImageHeader.Read(image, out var error);
        if (header is null)
        {
            MlMetrics.OcrErrors.WithLabels(MlMetrics.OcrErrorReason.InvalidImage).Inc();
            throw new InvalidImageException(error!);
        }
        if (header.Pixels > limits.MaxImagePixels)
        {
            MlMetrics.OcrErrors.WithLabels(MlMetrics.OcrErrorReason.TooLarge).Inc();
            throw new ImageTooLargeException($"La imagen mide {header.Width} x {header.Height} píxeles; el máximo es {limits.MaxImagePixels} píxeles.");
        }
        if (Math.Min(header.Width, header.Height) < limits.MinImageSide)
        {
            MlMetrics.OcrErrors.WithLabels(MlMetrics.OcrErrorReason.InvalidImage).Inc();
            throw new InvalidImageException($"La imagen mide {header.Width} x {header.Height} píxeles: es demasiado chica para leer una factura (mínimo {limits.MinImageSide} por lado).");
        }
        return header;
    }

    /// <summary>
    /// "lines" when a detail row does not add up and the detail does not close with the subtotal, or (on an invoice of one
    /// page, whose subtotal covers the rows read) when the rows read do not close with it: a row was missed, another pass
    /// may read it.
    /// </summary>
    private static string[] DoubtfulLines(OcrInvoiceDto result, bool onlyPage) =>
        (result.Lines.Any(l => l.Confidence < InvoiceDetail.Exact && l.Confidence < 0.9) && !result.Warnings.Any(w => w.Code == "linea_reparada"))
        || (onlyPage && result.Warnings.Any(w => w.Code == "detalle_no_cierra")) ? ["lines"] : [];

    /// <summary>
    /// The key fields not yet found confidently enough, with their confidence (AFIP's QR code gives them at 0.99); the
    /// issuer's name when no pass found one or found it doubtfully (Tesseract reading the page as one block can drop a line
    /// in type much larger than the rest, or split its letters); the issuer's IVA condition when none was found or it is no
    /// condition the domain knows ("Resp." alone).
    /// </summary>
    private static string[] Doubtful(OcrInvoiceDto result) =>
        new[] { ("type", result.Type.Confidence), ("number", result.Number.Confidence), ("issueDate", result.IssueDate.Confidence),
                ("issuer.cuit", result.Issuer.Cuit.Confidence), ("total", result.Total.Confidence),
                ("issuer.name", string.IsNullOrEmpty(result.Issuer.Name.Value) ? 0 : result.Issuer.Name.Confidence),
                ("issuer.ivaCondition", string.IsNullOrEmpty(result.Issuer.IvaCondition.Value) ? 0 : result.Issuer.IvaCondition.Confidence) }
            .Where(f => f.Item2 < ConfidentEnough).Select(f => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.Item1} {f.Item2:0.00}")).ToArray();

    private static OcrTimingsDto Timings(TimeSpan queue, TimeSpan decode, TimeSpan preprocess, TimeSpan recognize, TimeSpan extract, TimeSpan total, int passes) =>
        new(Math.Round(queue.TotalMilliseconds, 1), Math.Round(decode.TotalMilliseconds, 1), Math.Round(preprocess.TotalMilliseconds, 1), Math.Round(recognize.TotalMilliseconds, 1),
            Math.Round(extract.TotalMilliseconds, 1), Math.Round((queue + total).TotalMilliseconds, 1), passes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Factura leída: {Width}x{Height}, {Passes} pasadas, confianza {Confidence:0.00}, {Warnings} advertencias, {ElapsedMs} ms")]
    private static partial void LogRead(ILogger logger, int width, int height, int passes, double confidence, int warnings, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tras {Passes} pasada(s) siguen dudosos: {Fields}; otra pasada")]
    private static partial void LogAnotherPass(ILogger logger, int passes, string[] fields);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tesseract falló: {Reason}")]
    private static partial void LogEngineFailed(ILogger logger, string reason);
}
