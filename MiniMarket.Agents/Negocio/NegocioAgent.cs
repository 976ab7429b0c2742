using Microsoft.Extensions.Options;
using MiniMarket.Agents.Hosting;
using MiniMarket.Agents.Negocio.Invoices;
using MiniMarket.Agents.Negocio.Orders;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Negocio;

/// <summary>Registrations and endpoints of the business agent (suppliers, invoices, orders, prices, revenue).</summary>
public static class NegocioAgent
{
    public static readonly string ReadPolicy = AccessMatrix.NegocioRead.Policy;
    public static readonly string WritePolicy = AccessMatrix.NegocioWrite.Policy;
    public static readonly string AdminPolicy = AccessMatrix.NegocioHistory.Policy;

    public static IHostApplicationBuilder AddNegocioAgent(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        NegocioMetrics.Initialise();
        builder.AddMiniMarketDbContext<NegocioDbContext>(NegocioDbContext.Schema);
        services.AddOptions<NegocioOptions>().BindConfiguration(NegocioOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NegocioOptions>, NegocioOptionsValidator>();
        services.AddHttpClient<DepositoAgentClient>((sp, http) => http.PointAt(sp.GetRequiredService<IOptions<NegocioOptions>>().Value.DepositoUrl))
            .AddDependencyPipeline(DependencyCalls.Deposito, o => o.DepositoTimeout, retries: true);
        services.AddHttpClient<MlOcrClient>((sp, http) => http.PointAt(sp.GetRequiredService<IOptions<NegocioOptions>>().Value.MlUrl))
            .AddDependencyPipeline(DependencyCalls.Ml, o => o.OcrTimeout, retries: false);
        services.AddHttpClient<MlAgentClient>((sp, http) => http.PointAt(sp.GetRequiredService<IOptions<NegocioOptions>>().Value.MlUrl))
            .AddDependencyPipeline(DependencyCalls.Ml, o => o.MlTimeout, retries: true);
        services.AddSingleton<NegocioCaches>();
        services.AddScoped<ProductCatalog>();
        services.AddSingleton<ProductMatcher>();
        services.AddScoped<InvoiceLineMatcher>();
        services.AddScoped<Pricing>();
        services.AddScoped<PriceSync>();
        services.AddScoped<OrderProposer>();
        services.AddScoped<Revenue>();
        services.AddHostedService<NegocioMetricsCollector>();
        services.AddHostedService<OrderProposalJob>();
        services.AddHostedService<PriceSyncJob>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessMatrix.NegocioRead)
            .AddPolicy(AccessMatrix.NegocioWrite)
            .AddPolicy(AccessMatrix.NegocioHistory);
        return builder;
    }

    public static IEndpointRouteBuilder MapNegocioAgent(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSuppliersApi();
        endpoints.MapInvoicesApi();
        endpoints.MapOrdersApi();
        endpoints.MapPricesApi();
        endpoints.MapRevenueApi();
        return endpoints;
    }
}
