using Microsoft.Extensions.Options;
using MiniMarket.Core.Hosting;

namespace MiniMarket.Agents.Deposito;

/// <summary>Registrations and endpoints of the warehouse agent (products and stock).</summary>
public static class DepositoAgent
{
    public const string ReadPolicy = "deposito-lectura";
    public const string WritePolicy = "deposito-escritura";

    public static IHostApplicationBuilder AddDepositoAgent(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        DepositoMetrics.Initialise();
        builder.AddMiniMarketDbContext<DepositoDbContext>(DepositoDbContext.Schema);
        services.AddOptions<DepositoOptions>().BindConfiguration(DepositoOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DepositoOptions>, DepositoOptionsValidator>();
        services.AddSingleton<ProductCache>();
        services.AddScoped<StockLedger>();
        services.AddHostedService<DepositoMetricsCollector>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.RequireRole(Roles.Encargado, Roles.Negocio, Roles.Ml, Roles.Deposito, Roles.Admin))
            .AddPolicy(WritePolicy, p => p.RequireRole(Roles.Encargado, Roles.Deposito, Roles.Negocio, Roles.Admin));
        return builder;
    }

    public static IEndpointRouteBuilder MapDepositoAgent(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCategoriesApi();
        endpoints.MapProductsApi();
        endpoints.MapStockApi();
        return endpoints;
    }
}
