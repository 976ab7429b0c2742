using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>
/// The photo of an invoice, as the browser loads it: <c>GET /facturas/{id}/imagen</c> on the console, which asks negocio
/// for it as the signed-in person (the browser never talks to an agent). Not cached by shared caches: it is a supplier's
/// document.
/// </summary>
public static class InvoiceImages
{
    public static string UrlOf(Guid invoiceId, int page = 1) => page == 1 ? $"facturas/{invoiceId}/imagen" : $"facturas/{invoiceId}/imagen?pagina={page}";

    public static IEndpointRouteBuilder MapInvoiceImages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/facturas/{id:guid}/imagen", async (Guid id, int? pagina, IHttpClientFactory clients, HttpContext http, CancellationToken cancellationToken) =>
        {
            using var client = clients.CreateClient(AgentClients.NameOf(Roles.Negocio));
            HttpResponseMessage response;
            try
            {
                response = await client.GetAsync($"api/v1/invoices/{id}/image?page={pagina ?? 1}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "El agente negocio no responde.", detail: ex.Message);
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode)
                    return Results.Problem(statusCode: (int)response.StatusCode, title: "No se pudo leer la imagen de la factura.");
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                http.Response.Headers.CacheControl = "private, max-age=300";
                return Results.File(bytes, response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream");
            }
        }).RequireAuthorization();
        return endpoints;
    }
}
