using Microsoft.Extensions.Options;
using MiniMarket.Agents.Ml.Ocr;
using MiniMarket.Agents.Ml.Training;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Ml;

/// <summary>Registrations and endpoints of the ML agent (OCR, forecasts, inflation, model quality).</summary>
public static class MlAgent
{
    public static readonly string OcrPolicy = AccessMatrix.MlOcr.Policy;
    public static readonly string ReadPolicy = AccessMatrix.MlRead.Policy;
    public static readonly string TrainPolicy = AccessMatrix.MlTrain.Policy;

    public static IHostApplicationBuilder AddMlAgent(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        MlMetrics.Initialise();
        // OpenCV's page buffers mapped apart and given back when freed, not kept by malloc (NativeAllocator).
        NativeAllocator.MapLargeBlocksApart();
        builder.AddMiniMarketDbContext<MlDbContext>(MlDbContext.Schema);
        services.AddOptions<OcrOptions>().BindConfiguration(OcrOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OcrOptions>, OcrOptionsValidator>();
        services.AddSingleton<OcrGate>();
        services.AddSingleton<InvoiceImagePreprocessor>();
        services.AddSingleton<TesseractRunner>();
        services.AddSingleton<InvoiceOcr>();
        services.AddOptions<MlOptions>().BindConfiguration(MlOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MlOptions>, MlOptionsValidator>();
        // A year of sales history is one read, safe to repeat: one more attempt for what a retry can fix, 60 s an attempt.
        services.AddHttpClient<DepositoHistoryClient>((sp, http) => http.PointAt(sp.GetRequiredService<IOptions<MlOptions>>().Value.DepositoUrl))
            .AddHttpMessageHandler(sp => new ServiceTokenHandler(sp.GetRequiredService<TokenIssuer>(), Roles.Ml))
            .AddHttpMessageHandler(() => new CorrelationHandler())
            .AddCallerWaitingResilience(attempt: TimeSpan.FromSeconds(60), total: TimeSpan.FromSeconds(125), sampling: TimeSpan.FromSeconds(120));
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ModelTrainer>();
        services.AddSingleton<PredictionCache>();
        services.AddSingleton<MlObservations>();
        services.AddSingleton<MlScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<MlScheduler>());
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessMatrix.MlOcr)
            .AddPolicy(AccessMatrix.MlRead)
            .AddPolicy(AccessMatrix.MlTrain);
        return builder;
    }

    public static IEndpointRouteBuilder MapMlAgent(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOcrApi();
        endpoints.MapForecastApi();
        endpoints.MapModelsApi();
        return endpoints;
    }
}
