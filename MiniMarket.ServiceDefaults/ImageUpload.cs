using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MiniMarket.ServiceDefaults;

/// <summary>An image read from a request: its bytes and media type (sniffed from its first bytes), or the problem to answer.</summary>
public sealed record UploadedImage(byte[]? Bytes, string? ContentType, ProblemHttpResult? Problem);

/// <summary>The pages of an invoice read from a request (one or more images, in order), or the problem to answer.</summary>
public sealed record UploadedPages(IReadOnlyList<(byte[] Bytes, string? ContentType)> Pages, ProblemHttpResult? Problem);

/// <summary>
/// Reads an invoice photo or scan sent as the raw body (<c>image/png</c>, <c>image/jpeg</c>) or as the files of a
/// multipart form (one file per page, in order), never holding more than <c>limit</c> bytes in all: too big is 413, another
/// media type (application/octet-stream and none included) 415, empty 400. Endpoints that call it declare
/// <see cref="UploadEndpoints.AcceptsUpload"/>: the size limit is this reader's (a setting), not the default body limit.
/// </summary>
public static class ImageUpload
{
    /// <summary>The most pages one upload may carry.</summary>
    public const int MaxPages = 5;

    /// <summary>The first (or only) page.</summary>
    public static async Task<UploadedImage> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var read = await ReadPagesAsync(request, limit, cancellationToken);
        return read.Problem is { } problem ? new UploadedImage(null, null, problem) : new UploadedImage(read.Pages[0].Bytes, read.Pages[0].ContentType, null);
    }

    public static async Task<UploadedPages> ReadPagesAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return Fail(TooLarge($"La imagen pesa {request.ContentLength} bytes; el máximo es {limit}."));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit + 64 * 1024;
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
                if (form.Files.Count == 0) return Fail(Problem(StatusCodes.Status400BadRequest, "Falta la imagen.", "El formulario no trae ningún archivo."));
                if (form.Files.Count > MaxPages) return Fail(Problem(StatusCodes.Status400BadRequest, "Demasiadas páginas.", $"Se admiten hasta {MaxPages} páginas por factura (llegaron {form.Files.Count})."));
                if (form.Files.Sum(f => f.Length) > limit) return Fail(TooLarge($"Las imágenes pesan {form.Files.Sum(f => f.Length)} bytes; el máximo es {limit}."));
                var pages = new List<(byte[], string?)>();
                foreach (var file in form.Files)
                {
                    if (file.Length == 0) return Fail(Problem(StatusCodes.Status400BadRequest, "Falta la imagen.", $"El archivo {pages.Count + 1} está vacío."));
                    using var memory = new MemoryStream((int)file.Length);
                    await file.CopyToAsync(memory, cancellationToken);
                    var bytes = memory.ToArray();
                    pages.Add((bytes, MediaTypeOf(bytes)));
                }
                return new UploadedPages(pages, null);
            }
            // Exactly the types the README promises: an image says what it is (no application/octet-stream, no missing type).
            var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
            if (type is not ("image/png" or "image/jpeg" or "image/jpg"))
            {
                return Fail(Problem(StatusCodes.Status415UnsupportedMediaType, "Tipo de contenido no admitido.",
                    (type is null or "" ? "Falta el Content-Type" : $"Se recibió '{(type.Length > 60 ? type[..60] + "…" : type)}'")
                    + ": enviar la imagen como image/png, image/jpeg o multipart/form-data."));
            }
            using var body = new MemoryStream();
            var buffer = new byte[81920];
            int count;
            while ((count = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + count > limit) return Fail(TooLarge($"La imagen supera el máximo de {limit} bytes."));
                body.Write(buffer, 0, count);
            }
            if (body.Length == 0) return Fail(Problem(StatusCodes.Status400BadRequest, "Falta la imagen.", "El cuerpo está vacío: enviar una foto o un escaneo de la factura."));
            var image = body.ToArray();
            return new UploadedPages([(image, MediaTypeOf(image))], null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(TooLarge($"La imagen supera el máximo de {limit} bytes."));
        }
        catch (InvalidDataException e)
        {
            // The multipart reader's refusals: a part over the limit, or a form that is not multipart at all.
            return Fail(e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? TooLarge($"La imagen supera el máximo de {limit} bytes.")
                : Problem(StatusCodes.Status400BadRequest, "Formulario ilegible.", "El formulario multipart no se pudo leer: " + e.Message));
        }
    }

    /// <summary>The media type from the file's signature; null for anything that is not a PNG or a JPEG.</summary>
    public static string? MediaTypeOf(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 8 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? "image/jpeg"
        : null;

    private static UploadedPages Fail(ProblemHttpResult problem) => new([], problem);

    public static ProblemHttpResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Imagen demasiado grande.", detail);

    public static ProblemHttpResult Problem(int status, string title, string detail) => FieldProblem.Of(status, title, "image", detail);
}

/// <summary>The metadata of an endpoint that reads an image upload.</summary>
public static class UploadEndpoints
{
    /// <summary>
    /// The default body limit (<see cref="HttpOptions.MaxBodyBytes"/>) does not apply: <see cref="ImageUpload.ReadAsync"/>
    /// enforces the endpoint's own configured maximum. Reading and recognising a photo takes seconds: the long request timeout.
    /// </summary>
    public static TBuilder AcceptsUpload<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute());
        builder.WithRequestTimeout(HttpDefaults.LongRequests);
        return builder;
    }
}
