using Microsoft.Extensions.Options;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>The OCR's settings (section <c>Ml:Ocr</c>).</summary>
public sealed class OcrOptions
{
    public const string Section = "Ml:Ocr";

    /// <summary>The Tesseract binary (Debian: <c>tesseract</c> on PATH).</summary>
    public string TesseractPath { get; set; } = "tesseract";

    /// <summary>Tesseract's language pack (Debian package tesseract-ocr-spa).</summary>
    public string Language { get; set; } = "spa";

    /// <summary>How long one recognition pass may take before its child process is killed and a timeout counted.</summary>
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Pages processed at once. Each pass keeps one core busy, so on a 2-core machine 2 is the ceiling.</summary>
    public int MaxInFlight { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// Bands each page is cut into (at blank rows) and read in parallel by as many Tesseract processes: a page alone
    /// is read about this many times faster; under full load throughput is the same.
    /// </summary>
    public int BandsPerPage { get; set; } = 2;

    /// <summary>
    /// Read AFIP's QR code (RG 4892/2020) and take the key fields from it. Off, only the printed text is read (to compare,
    /// or should the decoder misbehave).
    /// </summary>
    public bool ReadAfipQr { get; set; } = true;

    /// <summary>Pages waiting for a slot; one more is refused with 429 and a Retry-After.</summary>
    public int MaxQueue { get; set; } = 8;

    /// <summary>Largest upload accepted (bytes).</summary>
    public long MaxImageBytes { get; set; } = 15 * 1024 * 1024;

    /// <summary>Largest image accepted, in pixels, read from the header before decoding (a 50 MP photo is 50,000,000).</summary>
    public long MaxImagePixels { get; set; } = 60_000_000;

    /// <summary>Smallest side accepted: below this no text is legible.</summary>
    public int MinImageSide { get; set; } = 200;
}

public sealed class OcrOptionsValidator : IValidateOptions<OcrOptions>
{
    public ValidateOptionsResult Validate(string? name, OcrOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.TesseractPath)) failures.Add("La configuración 'Ml:Ocr:TesseractPath' está vacía.");
        if (string.IsNullOrWhiteSpace(options.Language) || !options.Language.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '_'))
            failures.Add($"La configuración 'Ml:Ocr:Language' vale '{options.Language}': se esperaba un idioma de Tesseract como 'spa'.");
        if (options.PageTimeout < TimeSpan.FromSeconds(1) || options.PageTimeout > TimeSpan.FromMinutes(5))
            failures.Add("La configuración 'Ml:Ocr:PageTimeout' debe estar entre 00:00:01 y 00:05:00.");
        if (options.MaxInFlight is < 1 or > 64) failures.Add("La configuración 'Ml:Ocr:MaxInFlight' va de 1 a 64.");
        if (options.BandsPerPage is < 1 or > 8) failures.Add("La configuración 'Ml:Ocr:BandsPerPage' va de 1 a 8.");
        if (options.MaxQueue is < 0 or > 10_000) failures.Add("La configuración 'Ml:Ocr:MaxQueue' va de 0 a 10000.");
        if (options.MaxImageBytes is < 1024 or > 200L * 1024 * 1024) failures.Add("La configuración 'Ml:Ocr:MaxImageBytes' va de 1024 a 209715200.");
        if (options.MaxImagePixels is < 40_000 or > 400_000_000) failures.Add("La configuración 'Ml:Ocr:MaxImagePixels' va de 40000 a 400000000.");
        if (options.MinImageSide is < 16 or > 2000) failures.Add("La configuración 'Ml:Ocr:MinImageSide' va de 16 a 2000.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
