using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>
/// Puts on every call to an agent a short-lived JWT carrying the signed-in person's name and roles (minted per
/// call, <c>Jwt:CallTokenLifetime</c>) and the store it is for (the one <see cref="StoreRoutingHandler"/> chose; else the
/// console's own). With nobody signed in it refuses to call: agents are never called anonymously.
/// </summary>
public sealed class UserTokenHandler(CircuitServicesAccessor circuit, IHttpContextAccessor http, TokenIssuer tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var user = request.Options.TryGetValue(StoreRoutingHandler.CallerKey, out var known) ? known : await CallerAsync(circuit, http);
        if (user?.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name })
            throw new InvalidOperationException("No signed-in user: the console never calls an agent anonymously.");
        var token = request.Options.TryGetValue(StoreRoutingHandler.StoreKey, out var store)
            ? tokens.ForUser(name, TokenIssuer.RolesOf(user), store)
            : tokens.ForUser(name, TokenIssuer.RolesOf(user));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>The person the call is made for: a background job's, the circuit's signed-in person, or the HTTP request's.</summary>
    internal static async Task<ClaimsPrincipal?> CallerAsync(CircuitServicesAccessor circuit, IHttpContextAccessor http) =>
        AmbientUser.Principal
        ?? (circuit.Services?.GetService<AuthenticationStateProvider>() is { } state
            ? (await state.GetAuthenticationStateAsync()).User
            : http.HttpContext?.User);
}

/// <summary>
/// Sends a call to the chosen store's agent (<see cref="StoreSelection"/>, per circuit): the console's own store goes
/// where <c>Agents:*</c> say, another store of the chain where <c>Chain:Stores</c> says; the store travels to
/// <see cref="UserTokenHandler"/> so the token names it. A store without that agent's address, or that does not
/// answer, fails with a message that names the store.
/// </summary>
public sealed class StoreRoutingHandler(CircuitServicesAccessor circuit, IHttpContextAccessor http, IOptions<AgentsOptions> agents) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<string> StoreKey = new("minimarket.store");

    /// <summary>The person the call is for, found once here and used again by <see cref="UserTokenHandler"/>.</summary>
    public static readonly HttpRequestOptionsKey<ClaimsPrincipal> CallerKey = new("minimarket.caller");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var selection = circuit.Services?.GetService<StoreSelection>() ?? http.HttpContext?.RequestServices?.GetService<StoreSelection>();
        var user = await UserTokenHandler.CallerAsync(circuit, http);
        if (user is not null) request.Options.Set(CallerKey, user);
        if (selection is null || user is null || request.RequestUri is null) return await base.SendAsync(request, cancellationToken);
        // The store of the page the person is on, when the call comes from a page.
        var store = selection.CurrentOnPage(circuit.Services?.GetService<Microsoft.AspNetCore.Components.NavigationManager>(), user);
        request.Options.Set(StoreKey, store.Id);
        if (store.Id == selection.Own.Id) return await base.SendAsync(request, cancellationToken);

        var (agent, relative) = AgentOf(request.RequestUri);
        if (agent is null) throw new InvalidOperationException($"{request.RequestUri} is not one of this console's agents.");
        var (address, problem) = selection.AgentAddress(store.Id, agent);
        if (problem is not null) throw new HttpRequestException(problem);
        request.RequestUri = new Uri(address!, relative);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException($"La sucursal {store.Name} no responde ({agent} en {address!.Authority}): {ex.Message}", ex);
        }
    }

    /// <summary>Which agent of the console's own store an address is (Agents:*), and the part after its base address.</summary>
    private (string? Agent, string Relative) AgentOf(Uri uri)
    {
        foreach (var agent in new[] { Roles.Deposito, Roles.Negocio, Roles.Ml })
        {
            if (agents.Value.UrlOf(agent) is not { Length: > 0 } url) continue;
            var root = new Uri(url.EndsWith('/') ? url : url + "/");
            if (root.IsBaseOf(uri)) return (agent, root.MakeRelativeUri(uri).OriginalString);
        }
        return (null, "");
    }
}
