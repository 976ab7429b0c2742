using System.Net;
using Polly.Timeout;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Deposito;

/// <summary>
/// Whether a supplier exists, asked of negocio (which owns suppliers) with deposito's service token: a product may only
/// name a supplier that is there. negocio down or not answering is a 503 with Retry-After, and nothing is written.
/// </summary>
public sealed class SupplierDirectory(HttpClient http)
{
    public const string Dependency = "negocio";
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(15);

    public async Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync($"api/v1/suppliers/{id}", cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && CallFailures.IsUnavailable(e))
        {
            throw new DependencyUnavailableException(Dependency, "negocio no respondió: no se puede comprobar el proveedor. " + e.Message, RetryAfter, e);
        }
        using (response)
        {
            return response.StatusCode switch
            {
                HttpStatusCode.OK => true,
                HttpStatusCode.NotFound => false,
                _ => throw new DependencyUnavailableException(Dependency,
                    $"negocio respondió {(int)response.StatusCode} al comprobar el proveedor.", response.Headers.RetryAfter?.Delta ?? RetryAfter),
            };
        }
    }
}
