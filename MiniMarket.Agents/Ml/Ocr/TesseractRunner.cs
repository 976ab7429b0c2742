using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>A recognition pass did not finish within <see cref="OcrOptions.PageTimeout"/>; its process was killed.</summary>
public sealed class OcrTimeoutException(TimeSpan timeout) : Exception($"Tesseract no terminó en {timeout.TotalSeconds:0} s.");

/// <summary>Tesseract is missing or failed (exit code, signal): the page could not be recognised.</summary>
public sealed class OcrEngineException(string message) : Exception(message);

/// <summary>
/// Runs Tesseract as a child process, one per pass: the page (PBM or PNG) on stdin, TSV (words with their position and confidence) on
/// stdout. A child rather than libtesseract in-process because OpenCV and Leptonica bring two libpng versions that
/// crash when loaded together, and because a runaway page is stopped cleanly by killing its process.
/// </summary>
public sealed partial class TesseractRunner(IOptions<OcrOptions> options, ILogger<TesseractRunner> logger)
{
    public async Task<string> RecognizeTsvAsync(byte[] image, int segmentationMode, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var start = new ProcessStartInfo(settings.TesseractPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["stdin", "stdout", "-l", settings.Language, "--psm", segmentationMode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-c", "preserve_interword_spaces=1", "-c", "tessedit_do_invert=0", "tsv"])
        {
            start.ArgumentList.Add(arg);
        }
        // One thread per page: the in-flight limit decides how many cores OCR uses, not OpenMP.
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new OcrEngineException($"No se pudo ejecutar Tesseract ('{settings.TesseractPath}'): {e.Message}");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PageTimeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.BaseStream.WriteAsync(image, timeout.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            var tsv = await output;
            if (process.ExitCode != 0)
            {
                var detail = (await errors).Trim();
                throw new OcrEngineException($"Tesseract terminó con código {process.ExitCode}: {Truncate(detail)}");
            }
            return tsv;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            throw new OcrTimeoutException(settings.PageTimeout);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
        catch (IOException e)
        {
            // The child closed its stdin early (it died): report it as an engine failure, not a server crash.
            Kill(process);
            throw new OcrEngineException($"Tesseract se interrumpió: {e.Message}");
        }
    }

    private void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill: nothing left to stop.
        }
        catch (Win32Exception e)
        {
            LogKillFailed(logger, process.Id, e.Message);
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "No se pudo detener Tesseract (pid {Pid}): {Reason}")]
    private static partial void LogKillFailed(ILogger logger, int pid, string reason);
}
