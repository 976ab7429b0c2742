using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Domain;
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
    /// was recognised (the person completes it). With an <c>Idempotency-Key</c> (optional, up to 60 characters) an upload
    /// sent again after a lost answer gets the draft of the first (200, <c>Idempotent-Replayed</c>) instead of a second
    /// draft; the same key with other pages is a 409.
    /// </summary>
    public static async Task<Results<Created<InvoiceDto>, Ok<InvoiceDto>, ProblemHttpResult>> FromImage(
        HttpContext http, NegocioDbContext db, MlOcrClient ml, InvoiceLineMatcher matcher, IOptions<NegocioOptions> options,
        ClaimsPrincipal user, TimeProvider time, ILogger<InvoiceRow> logger, CancellationToken ct)
    {
        var key = TextInput.Name(http.Request.Headers[UploadKeyHeader].ToString(), UploadKeyHeader, 60);
        var read = await ImageUpload.ReadPagesAsync(http.Request, options.Value.MaxImageBytes, ct);
        if (read.Problem is { } refused) return refused;
        if (read.Pages.Select((p, i) => (p.ContentType, Page: i + 1)).FirstOrDefault(p => p.ContentType is null) is { Page: > 0 } notImage)
        {
            return ImageUpload.Problem(StatusCodes.Status400BadRequest, "No es una imagen.",
                $"{(read.Pages.Count > 1 ? $"La página {notImage.Page}" : "El archivo")} no es un PNG ni un JPEG (un PDF se envía como imagen de cada página).");
        }
        var pages = read.Pages.Select(p => (p.Bytes, ContentType: p.ContentType!)).ToList();
        var hash = key is null ? null : PagesHash(pages.Select(p => p.Bytes));
        if (key is not null && await ReplayAsync(key, hash!, db, http, ct) is { } replayed) return replayed;

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
            UploadKey = key,
            UploadHash = hash,
        };
        InvoiceDrafts.ApplyOcr(row, ocr);
        await matcher.MatchAsync(row, db, ct);
        db.Invoices.Add(row);
        db.InvoiceImages.AddRange(pages.Select((p, i) => new InvoiceImageRow { InvoiceId = row.Id, Page = i + 1, ContentType = p.ContentType, Bytes = p.Bytes }));
        // The read is done: storing it must not be abandoned because the caller went away (it will send the key again).
        if (!await DbErrors.TrySaveUniqueAsync(db, CancellationToken.None))
        {
            // The same key sent twice at once: the other request stored its draft first.
            return await ReplayAsync(key!, hash!, db, http, ct) ?? throw new InvalidOperationException("a unique index refused a draft with no upload key");
        }
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

    public const string UploadKeyHeader = "Idempotency-Key";

    private static string PagesHash(IEnumerable<byte[]> pages)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var page in pages)
        {
            sha.AppendData(BitConverter.GetBytes(page.Length));
            sha.AppendData(page);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The draft an earlier upload with this key stored (200, replayed), a 409 when it was other pages, null when there is none.</summary>
    private static async Task<Results<Created<InvoiceDto>, Ok<InvoiceDto>, ProblemHttpResult>?> ReplayAsync(
        string key, string hash, NegocioDbContext db, HttpContext http, CancellationToken ct)
    {
        var earlier = await db.Invoices.FirstOrDefaultAsync(i => i.UploadKey == key, ct);
        if (earlier is null) return null;
        if (earlier.UploadHash != hash)
        {
            return FieldProblem.Of(StatusCodes.Status409Conflict, "La clave ya se usó con otra foto.", UploadKeyHeader,
                "Esta Idempotency-Key ya subió otra foto o escaneo: use una clave nueva para cada factura.");
        }
        http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Ok(await InvoicesApi.ToDtoAsync(earlier, db, ct));
    }
}
