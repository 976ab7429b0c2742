using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Hosting;

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
            .RequireAuthorization(MlAgent.OcrPolicy);
        return endpoints;
    }

    /// <summary>
    /// The image is the raw body (<c>image/png</c>, <c>image/jpeg</c>) or the first file of a multipart form. Too big is
    /// 413, not an image 415 or 400, a full queue 429 with Retry-After, a page that ran past its timeout 503.
    /// </summary>
    public static async Task<Results<Ok<OcrInvoiceDto>, ProblemHttpResult>> ReadInvoice(
        HttpContext http, InvoiceOcr ocr, IOptions<OcrOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxImageBytes;
        if (http.Request.ContentLength > limit) return TooLarge($"La imagen pesa {http.Request.ContentLength} bytes; el máximo es {limit}.");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit + 64 * 1024;

        byte[] image;
        try
        {
            var read = await ReadImageAsync(http.Request, limit, cancellationToken);
            if (read.Problem is { } problem) return problem;
            image = read.Image!;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge($"La imagen supera el máximo de {limit} bytes.");
        }

        try
        {
            return TypedResults.Ok(await ocr.ReadAsync(image, cancellationToken));
        }
        catch (ImageTooLargeException e)
        {
            return TooLarge(e.Message);
        }
        catch (InvalidImageException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Imagen inválida.", e.Message);
        }
        catch (OcrBusyException e)
        {
            http.Response.Headers.RetryAfter = ((int)e.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status429TooManyRequests, "Lector de facturas ocupado.",
                $"Hay demasiadas facturas en espera: reintentar en {e.RetryAfter.TotalSeconds:0} s.");
        }
        catch (OcrTimeoutException e)
        {
            http.Response.Headers.RetryAfter = "30";
            return Problem(StatusCodes.Status503ServiceUnavailable, "La lectura tardó demasiado.", e.Message + " Probar con una foto más nítida o más chica.");
        }
        catch (OcrEngineException e)
        {
            http.Response.Headers.RetryAfter = "60";
            return Problem(StatusCodes.Status503ServiceUnavailable, "El lector de facturas no está disponible.", e.Message);
        }
    }

    private sealed record ReadImage(byte[]? Image, ProblemHttpResult? Problem);

    private static async Task<ReadImage> ReadImageAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
            var file = form.Files.Count > 0 ? form.Files[0] : null;
            if (file is null) return new(null, Problem(StatusCodes.Status400BadRequest, "Falta la imagen.", "El formulario no trae ningún archivo.", "image"));
            if (file.Length > limit) return new(null, TooLarge($"La imagen pesa {file.Length} bytes; el máximo es {limit}."));
            using var memory = new MemoryStream((int)file.Length);
            await file.CopyToAsync(memory, cancellationToken);
            return new(memory.ToArray(), null);
        }
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is not (null or "image/png" or "image/jpeg" or "image/jpg" or "application/octet-stream"))
        {
            return new(null, Problem(StatusCodes.Status415UnsupportedMediaType, "Tipo de contenido no admitido.",
                $"Se recibió '{type}': enviar la imagen como image/png, image/jpeg o multipart/form-data.", "image"));
        }
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int count;
        while ((count = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + count > limit) return new(null, TooLarge($"La imagen supera el máximo de {limit} bytes."));
            body.Write(buffer, 0, count);
        }
        return body.Length == 0
            ? new(null, Problem(StatusCodes.Status400BadRequest, "Falta la imagen.", "El cuerpo está vacío: enviar una foto o un escaneo de la factura.", "image"))
            : new(body.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Imagen demasiado grande.", detail);

    private static ProblemHttpResult Problem(int status, string title, string detail, string field = "image") =>
        FieldProblem.Of(status, title, field, detail);
}
