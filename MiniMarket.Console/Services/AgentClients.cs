using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

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
        services.AddOptions<ChainOptions>().BindConfiguration(ChainOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChainOptions>, ChainOptionsValidator>();
        services.AddScoped<StoreSelection>();
        services.AddTransient<StoreRoutingHandler>();
        services.AddTransient<UserTokenHandler>();
        services.AddTransient<CorrelationHandler>();
        foreach (var agent in new[] { Roles.Deposito, Roles.Negocio, Roles.Ml })
        {
            // deposito answers in milliseconds (the standard handler's defaults: 10 s an attempt, 30 s in all); ml's OCR of a
            // photo (directly or through negocio's invoice upload) and a retraining take seconds.
            var slow = agent != Roles.Deposito;
            services.AddHttpClient(NameOf(agent), (sp, client) => client.PointAt(sp.GetRequiredService<IOptions<AgentsOptions>>().Value.UrlOf(agent)!))
                .AddHttpMessageHandler<StoreRoutingHandler>()
                .AddHttpMessageHandler<UserTokenHandler>()
                .AddHttpMessageHandler<CorrelationHandler>()
                .AddCallerWaitingResilience(attempt: TimeSpan.FromSeconds(slow ? 90 : 10), total: TimeSpan.FromSeconds(slow ? 120 : 30), sampling: TimeSpan.FromSeconds(slow ? 180 : 30));
        }
        services.AddTransient<IAgentInfoClient, AgentInfoClient>();
        services.AddTransient<IDepositoClient, DepositoClient>();
        services.AddTransient<IMlClient, MlClient>();
        services.AddTransient<INegocioClient, NegocioClient>();
        services.AddTransient<IPricesClient, PricesClient>();
        return services;
    }
}
