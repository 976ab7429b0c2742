using System.Net.Http.Headers;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// Puts a fresh service token on every request an agent sends to another agent. Register it on the typed
/// client: <c>.AddHttpMessageHandler(sp =&gt; new ServiceTokenHandler(sp.GetRequiredService&lt;TokenIssuer&gt;(), Roles.Negocio))</c>.
/// </summary>
public sealed class ServiceTokenHandler(TokenIssuer issuer, string agentRole) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.ForService(agentRole).Token);
        return base.SendAsync(request, cancellationToken);
    }
}
