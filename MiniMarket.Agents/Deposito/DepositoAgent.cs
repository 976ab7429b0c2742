using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Hosting;

namespace MiniMarket.Agents.Deposito;

/// <summary>Registrations and endpoints of the warehouse agent (products and stock).</summary>
public static class DepositoAgent
{
    public const string ReadPolicy = "deposito-lectura";
    public const string WritePolicy = "deposito-escritura";

    /// <summary>No deposito request needs more: a batch of 500 lines is about 100 KB.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

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

    /// <summary>
    /// Caps request bodies of the deposito API: a declared length over the cap is a 413 ProblemDetails before anything
    /// is read; a chunked body is cut by Kestrel at the same cap.
    /// </summary>
    public static IApplicationBuilder UseDepositoBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api/v1/products") || path.StartsWithSegments("/api/v1/stock") || path.StartsWithSegments("/api/v1/categories"))
        {
            if (context.Request.ContentLength > MaxRequestBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "Cuerpo demasiado grande.",
                        Detail = $"El cuerpo tiene {context.Request.ContentLength} bytes; el máximo es {MaxRequestBodyBytes}.",
                    },
                });
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxRequestBodyBytes;
        }
        await next(context);
    });
}
