using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary><c>POST /api/v1/ocr/invoices</c>: a photo or scan of an AFIP invoice in, its recognised fields out.</summary>
public static class OcrApi
{
    public static IEndpointRouteBuilder MapOcrApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/ocr/invoices", ReadInvoice)
            .WithTags("ocr")
            // No Accepts metadata: routing would answer other content types with a bare 415; the handler names the field.
            .DisableAntiforgery()
            .AcceptsUpload()
            .RequireAuthorization(MlAgent.OcrPolicy);
        return endpoints;
    }

    /// <summary>
    /// The image is the raw body (<c>image/png</c>, <c>image/jpeg</c>) or the files of a multipart form, one per page in order
    /// (an invoice whose detail goes on to a second page). Too big is 413, not an image 415 or 400, a full queue 429 with
    /// Retry-After, a page that ran past its timeout 503.
    /// </summary>
    public static async Task<Results<Ok<OcrInvoiceDto>, ProblemHttpResult>> ReadInvoice(
        HttpContext http, InvoiceOcr ocr, IOptions<OcrOptions> options, CancellationToken cancellationToken)
    {
        var read = await ImageUpload.ReadPagesAsync(http.Request, options.Value.MaxImageBytes, cancellationToken);
        if (read.Problem is { } refused) return refused;

        try
        {
            return TypedResults.Ok(await ocr.ReadPagesAsync(read.Pages.Select(p => p.Bytes).ToList(), cancellationToken));
        }
        catch (ImageTooLargeException e)
        {
            return ImageUpload.TooLarge(e.Message);
        }
        catch (InvalidImageException e)
        {
            return ImageUpload.Problem(StatusCodes.Status400BadRequest, "Imagen inválida.", e.Message);
        }
        catch (OcrBusyException e)
        {
            http.Response.Headers.RetryAfter = ((int)e.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return ImageUpload.Problem(StatusCodes.Status429TooManyRequests, "Lector de facturas ocupado.",
                $"Hay demasiadas facturas en espera: reintentar en {e.RetryAfter.TotalSeconds:0} s.");
        }
        catch (OcrTimeoutException e)
        {
            http.Response.Headers.RetryAfter = "30";
            return ImageUpload.Problem(StatusCodes.Status503ServiceUnavailable, "La lectura tardó demasiado.", e.Message + " Probar con una foto más nítida o más chica.");
        }
        catch (OcrEngineException e)
        {
            http.Response.Headers.RetryAfter = "60";
            return ImageUpload.Problem(StatusCodes.Status503ServiceUnavailable, "El lector de facturas no está disponible.", e.Message);
        }
    }
}
