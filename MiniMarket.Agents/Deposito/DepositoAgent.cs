using Microsoft.Extensions.Options;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Deposito;

/// <summary>Registrations and endpoints of the warehouse agent (products and stock).</summary>
public static class DepositoAgent
{
    public static readonly string ReadPolicy = AccessMatrix.DepositoRead.Policy;
    public static readonly string WritePolicy = AccessMatrix.DepositoWrite.Policy;

    public static IHostApplicationBuilder AddDepositoAgent(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        DepositoMetrics.Initialise();
        builder.AddMiniMarketDbContext<DepositoDbContext>(DepositoDbContext.Schema);
        services.AddOptions<DepositoOptions>().BindConfiguration(DepositoOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DepositoOptions>, DepositoOptionsValidator>();
        services.AddSingleton<ProductCache>();
        services.AddScoped<StockLedger>();
        var negocio = services.AddHttpClient<SupplierDirectory>((sp, http) => http.PointAt(sp.GetRequiredService<IOptions<DepositoOptions>>().Value.NegocioUrl));
        negocio.AddCallResilience(sp =>
        {
            // A read, safe to repeat once; then the caller is told to retry later (503). No breaker: each call is already
            // bounded by NegocioTimeout and answered at once.
            var timeout = sp.GetRequiredService<IOptions<DepositoOptions>>().Value.NegocioTimeout;
            return new CallResilience(timeout, timeout * 2 + TimeSpan.FromSeconds(1), Retries: 1);
        });
        negocio.AddHttpMessageHandler(sp => new ServiceTokenHandler(sp.GetRequiredService<TokenIssuer>(), Roles.Deposito))
            .AddHttpMessageHandler(() => new CorrelationHandler());
        services.AddHostedService<DepositoMetricsCollector>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessMatrix.DepositoRead)
            .AddPolicy(AccessMatrix.DepositoWrite);
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
