using System.Net.Http.Headers;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>
/// Puts on every call to an agent a short-lived JWT carrying the signed-in person's name and roles (minted per
/// call, <c>Jwt:CallTokenLifetime</c>). With nobody signed in it refuses to call: agents are never called anonymously.
/// </summary>
public sealed class UserTokenHandler(CircuitServicesAccessor circuit, IHttpContextAccessor http, TokenIssuer tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var user = AmbientUser.Principal
            ?? (circuit.Services?.GetService<AuthenticationStateProvider>() is { } state
                ? (await state.GetAuthenticationStateAsync()).User
                : http.HttpContext?.User);
        if (user?.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name })
            throw new InvalidOperationException("No signed-in user: the console never calls an agent anonymously.");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.ForUser(name, TokenIssuer.RolesOf(user)).Token);
        return await base.SendAsync(request, cancellationToken);
    }
}
