using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Hosting;

namespace MiniMarket.Agents.Negocio;

/// <summary>Registrations of the business agent (suppliers, invoices, orders, prices).</summary>
public static class NegocioAgent
{
    public static IHostApplicationBuilder AddNegocioAgent(this IHostApplicationBuilder builder)
    {
        builder.AddMiniMarketDbContext<NegocioDbContext>(NegocioDbContext.Schema);
        return builder;
    }
}
