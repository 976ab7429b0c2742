using System.Diagnostics;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>The image is bigger than the limits (bytes or pixels): refused before it is decoded.</summary>
public sealed class ImageTooLargeException(string message) : Exception(message);

/// <summary>The OCR queue is full: try again after <see cref="RetryAfter"/>.</summary>
public sealed class OcrBusyException(TimeSpan retryAfter) : Exception("El lector de facturas está ocupado.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Reads an invoice page: checks the image's header against the limits, waits for a slot, decodes and preprocesses it
/// (OpenCV), recognises it (Tesseract, binarised page first), and when the key fields are not all found and confirmed
/// runs a second pass on the grey page, then assembles the fields from both passes.
/// </summary>
public sealed partial class InvoiceOcr(
    IOptions<OcrOptions> options, OcrGate gate, InvoiceImagePreprocessor preprocessor, TesseractRunner tesseract, ILogger<InvoiceOcr> logger)
{
    /// <summary>
    /// A page is done after the first pass when every key field is found at least this confidently: a second pass
    /// costs as much as the first, so it is spent on fields that are missing or contradicted, not merely unconfirmed.
    /// </summary>
    public const double ConfidentEnough = 0.75;

    public async Task<OcrInvoiceDto> ReadAsync(byte[] image, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var header = Check(image, limits);
        var queued = Stopwatch.StartNew();
        using var slot = await gate.EnterAsync(cancellationToken) ?? throw new OcrBusyException(gate.RetryAfter);
        var queueTime = queued.Elapsed;
        var clock = Stopwatch.StartNew();
        var outcome = "error";
        try
        {
            var prepared = await Task.Run(() => preprocessor.Prepare(image, limits.BandsPerPage), cancellationToken);
            var decodeTime = prepared.DecodeTime;
            var preprocessTime = clock.Elapsed - decodeTime;
            MlMetrics.OcrStageDuration.WithLabels("decode").Observe(decodeTime.TotalSeconds);
            MlMetrics.OcrStageDuration.WithLabels("preprocess").Observe(preprocessTime.TotalSeconds);

            var readings = new List<InvoiceReading>();
            var recognize = TimeSpan.Zero;
            var extract = TimeSpan.Zero;
            // Pass 2 lets Tesseract find the columns itself (psm 3): psm 6 reads the page as one block and can swallow a
            // line of the header's right half between two of its left half. Pass 3 reads the grey page: Tesseract's own
            // thresholding, for pages our binarisation lost.
            foreach (var (bands, mode) in new[] { (prepared.Binary, 6), (prepared.Binary, 3), (prepared.Grey, 6) })
            {
                // A page with hardly any invoice label after the first pass (blank, not an invoice, or lost by our
                // binarisation) gains nothing from finding columns: only the grey pass is worth its time.
                if (mode == 3 && readings[0].InvoiceLabelsFound < 3) continue;
                var pass = Stopwatch.StartNew();
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
                readings.Add(InvoiceFieldExtractor.Read(page));
                extract += extracting.Elapsed;
                var doubtful = Doubtful(InvoiceAssembler.Assemble(readings, Timings(queueTime, decodeTime, preprocessTime, recognize, extract, clock.Elapsed, readings.Count)));
                if (doubtful.Length == 0) break;
                LogAnotherPass(logger, readings.Count, doubtful);
            }
            MlMetrics.OcrStageDuration.WithLabels("recognize").Observe(recognize.TotalSeconds);
            MlMetrics.OcrStageDuration.WithLabels("extract").Observe(extract.TotalSeconds);
            var result = InvoiceAssembler.Assemble(readings, Timings(queueTime, decodeTime, preprocessTime, recognize, extract, clock.Elapsed, readings.Count));
            outcome = "ok";
            MlMetrics.OcrPages.Inc();
            MlMetrics.OcrConfidence.Observe(result.Confidence);
            LogRead(logger, header.Width, header.Height, result.Timings.Passes, result.Confidence, result.Warnings.Count, clock.ElapsedMilliseconds);
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

    /// <summary>The key fields not yet found confidently enough, with their confidence.</summary>
    private static string[] Doubtful(OcrInvoiceDto result) =>
        new[] { ("type", result.Type.Confidence), ("number", result.Number.Confidence), ("issueDate", result.IssueDate.Confidence),
                ("issuer.cuit", result.Issuer.Cuit.Confidence), ("total", result.Total.Confidence) }
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
