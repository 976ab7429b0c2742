using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Hosting;

namespace MiniMarket.Agents.Deposito;

/// <summary>Registrations of the warehouse agent (products and stock).</summary>
public static class DepositoAgent
{
    public static IHostApplicationBuilder AddDepositoAgent(this IHostApplicationBuilder builder)
    {
        builder.AddMiniMarketDbContext<DepositoDbContext>(DepositoDbContext.Schema);
        return builder;
    }
}
