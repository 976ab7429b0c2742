using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Hosting;

namespace MiniMarket.Agents.Ml;

/// <summary>Registrations of the ML agent (OCR, forecasts, inflation, model quality).</summary>
public static class MlAgent
{
    public static IHostApplicationBuilder AddMlAgent(this IHostApplicationBuilder builder)
    {
        builder.AddMiniMarketDbContext<MlDbContext>(MlDbContext.Schema);
        return builder;
    }
}
