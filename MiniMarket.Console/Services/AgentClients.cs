using System.Net.Http.Headers;
using System.Security.Claims;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Hosting;

namespace MiniMarket.Console.Services;

/// <summary>Where the agents answer (section <c>Agents</c>).</summary>
public sealed class AgentsOptions
{
    public const string Section = "Agents";
    public string? DepositoUrl { get; set; }
    public string? NegocioUrl { get; set; }
    public string? MlUrl { get; set; }

    public string? UrlOf(string agent) => agent switch
    {
        Roles.Deposito => DepositoUrl,
        Roles.Negocio => NegocioUrl,
        Roles.Ml => MlUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(agent), agent, "not an agent"),
    };
}

public sealed class AgentsOptionsValidator : IValidateOptions<AgentsOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentsOptions options)
    {
        var failures = new List<string>();
        foreach (var (agent, key) in new[] { (Roles.Deposito, "DepositoUrl"), (Roles.Negocio, "NegocioUrl"), (Roles.Ml, "MlUrl") })
        {
            ObservabilityOptionsValidator.CheckUrl(options.UrlOf(agent), "Agents:" + key, required: true, failures);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// The Blazor circuit's services for the code running on its behalf: HTTP handlers live in the HTTP client
/// factory's own scope and cannot see the circuit's signed-in user otherwise (the documented pattern).
/// </summary>
public sealed class CircuitServicesAccessor
{
    private static readonly AsyncLocal<IServiceProvider?> Current = new();

    public IServiceProvider? Services
    {
        get => Current.Value;
        set => Current.Value = value;
    }
}

public sealed class CircuitServicesAccessorHandler(IServiceProvider services, CircuitServicesAccessor accessor) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            accessor.Services = services;
            await next(context);
            accessor.Services = null;
        };
}

/// <summary>
/// The person a background job (the demo seed, the demo traffic) acts as: there is no browser session there.
/// <c>using (AmbientUser.Act(principal)) { … }</c>; the calls made inside carry that person's token.
/// </summary>
public static class AmbientUser
{
    private static readonly AsyncLocal<ClaimsPrincipal?> Current = new();

    public static ClaimsPrincipal? Principal => Current.Value;

    public static IDisposable Act(ClaimsPrincipal principal)
    {
        var previous = Current.Value;
        Current.Value = principal;
        return new Restore(previous);
    }

    /// <summary>A principal as Identity's cookie would carry it: a name and roles.</summary>
    public static ClaimsPrincipal For(string userName, params string[] roles) => new(new ClaimsIdentity(
        roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.Name, userName)), "MiniMarket.Job"));

    private sealed class Restore(ClaimsPrincipal? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

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

/// <summary>What an agent says about itself and about the caller (<c>GET /api/v1/agent</c>).</summary>
public sealed record AgentInfo(string Role, IReadOnlyList<string> Agents, string Version, string Caller, IReadOnlyList<string> CallerRoles);

public interface IAgentInfoClient
{
    Task<AgentInfo> GetAsync(string agent, CancellationToken cancellationToken = default);
}

/// <summary>Calls an agent's <c>/api/v1/agent</c> as the signed-in person.</summary>
public sealed class AgentInfoClient(IHttpClientFactory clients) : IAgentInfoClient
{
    public async Task<AgentInfo> GetAsync(string agent, CancellationToken cancellationToken = default)
    {
        using var client = clients.CreateClient(AgentClients.NameOf(agent));
        return await client.GetFromJsonAsync<AgentInfo>("api/v1/agent", cancellationToken)
            ?? throw new InvalidOperationException($"El agente {agent} respondió vacío.");
    }
}

public static class AgentClients
{
    public static string NameOf(string agent) => "agent-" + agent;

    /// <summary>One named HttpClient per agent, each with the user's token and the standard resilience pipeline.</summary>
    public static IServiceCollection AddAgentClients(this IServiceCollection services)
    {
        services.AddOptions<AgentsOptions>().BindConfiguration(AgentsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentsOptions>, AgentsOptionsValidator>();
        services.AddHttpContextAccessor();
        services.AddSingleton<CircuitServicesAccessor>();
        services.AddScoped<CircuitHandler, CircuitServicesAccessorHandler>();
        services.AddTransient<UserTokenHandler>();
        services.AddTransient<CorrelationHandler>();
        foreach (var agent in new[] { Roles.Deposito, Roles.Negocio, Roles.Ml })
        {
            services.AddHttpClient(NameOf(agent), (sp, client) =>
                {
                    var url = sp.GetRequiredService<IOptions<AgentsOptions>>().Value.UrlOf(agent)!;
                    client.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
                })
                .AddHttpMessageHandler<UserTokenHandler>()
                .AddHttpMessageHandler<CorrelationHandler>()
                .AddStandardResilienceHandler(resilience =>
                {
                    // One more attempt, and only for what a retry can fix (never an agent's 500): a page waits for one answer.
                    resilience.Retry.OnlyTransient(maxRetries: 1);
                    if (agent == Roles.Deposito) return;
                    // ml's OCR of a photo (directly or through negocio's invoice upload) and a retraining take seconds, not
                    // milliseconds.
                    resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(90);
                    resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(120);
                    resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(180);
                });
        }
        services.AddTransient<IAgentInfoClient, AgentInfoClient>();
        services.AddTransient<IDepositoClient, DepositoClient>();
        services.AddTransient<IMlClient, MlClient>();
        services.AddTransient<INegocioClient, NegocioClient>();
        services.AddTransient<IPricesClient, PricesClient>();
        return services;
    }
}
