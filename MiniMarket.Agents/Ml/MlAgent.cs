using MiniMarket.Agents.Hosting;

namespace MiniMarket.Agents.Ml;

/// <summary>Registrations of the ML agent (OCR, forecasts, inflation, model quality).</summary>
public static class MlAgent
{
    public static IHostApplicationBuilder AddMlAgent(this IHostApplicationBuilder builder)
    {
        builder.AddAgentDbContext<MlDbContext>(MlDbContext.Schema);
        return builder;
    }
}
