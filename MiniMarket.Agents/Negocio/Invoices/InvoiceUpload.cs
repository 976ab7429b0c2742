using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Negocio.Invoices;

/// <summary>
/// <c>POST /api/v1/invoices/ocr</c>: a photo or scan in (or one per page, as the files of a multipart form), a draft invoice
/// out (ml reads it, negocio matches it).
/// </summary>
public static partial class InvoiceUpload
{
    /// <summary>
    /// The image is checked here first (size 413, media type 415, not a PNG/JPEG 400), then read by ml. ml down or busy is
    /// a 503 with Retry-After and nothing is stored; what ml reads is stored as a draft with the image, even when little
    /// was recognised (the person completes it).
    /// </summary>
    public static async Task<Results<Created<InvoiceDto>, ProblemHttpResult>> FromImage(
        HttpContext http, NegocioDbContext db, MlOcrClient ml, InvoiceLineMatcher matcher, IOptions<NegocioOptions> options,
        ClaimsPrincipal user, TimeProvider time, ILogger<InvoiceRow> logger, CancellationToken ct)
    {
        var read = await ImageUpload.ReadPagesAsync(http.Request, options.Value.MaxImageBytes, ct);
        if (read.Problem is { } refused) return refused;
        if (read.Pages.Select((p, i) => (p.ContentType, Page: i + 1)).FirstOrDefault(p => p.ContentType is null) is { Page: > 0 } notImage)
        {
            return ImageUpload.Problem(StatusCodes.Status400BadRequest, "No es una imagen.",
                $"{(read.Pages.Count > 1 ? $"La página {notImage.Page}" : "El archivo")} no es un PNG ni un JPEG (un PDF se envía como imagen de cada página).");
        }
        var pages = read.Pages.Select(p => (p.Bytes, ContentType: p.ContentType!)).ToList();

        OcrInvoiceDto ocr;
        try
        {
            ocr = await ml.ReadInvoiceAsync(pages, ct);
        }
        catch (Exception e) when (e is DependencyUnavailableException or DependencyRefusedException)
        {
            NegocioMetrics.InvoicesProcessed.WithLabels("error").Inc();
            LogOcrFailed(logger, e.Message);
            throw;
        }

        var now = time.GetUtcNow();
        var row = new InvoiceRow
        {
            Id = Guid.NewGuid(),
            State = InvoiceStates.Draft,
            Source = InvoiceSources.Ocr,
            CreatedBy = InvoicesApi.Who(user),
            CreatedAt = now,
            UpdatedAt = now,
            ImagePages = pages.Count,
        };
        InvoiceDrafts.ApplyOcr(row, ocr);
        await matcher.MatchAsync(row, db, ct);
        db.Invoices.Add(row);
        db.InvoiceImages.AddRange(pages.Select((p, i) => new InvoiceImageRow { InvoiceId = row.Id, Page = i + 1, ContentType = p.ContentType, Bytes = p.Bytes }));
        await db.SaveChangesAsync(ct);
        NegocioMetrics.InvoicesProcessed.WithLabels("borrador").Inc();
        NegocioMetrics.OcrConfidence.Observe(ocr.Confidence);
        var unmatched = row.Lines.Count(l => l.ProductId is null);
        LogDraft(logger, row.Id, ocr.Confidence, row.Lines.Count, unmatched);
        return TypedResults.Created($"/api/v1/invoices/{row.Id}", await InvoicesApi.ToDtoAsync(row, db, ct));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoice draft {InvoiceId} from a photo: confidence {Confidence:0.00}, {Lines} lines, {Unmatched} unmatched")]
    private static partial void LogDraft(ILogger logger, Guid invoiceId, double confidence, int lines, int unmatched);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice photo not read by ml: {Reason}")]
    private static partial void LogOcrFailed(ILogger logger, string reason);
}
