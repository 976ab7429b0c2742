using MiniMarket.Agents.Hosting;

namespace MiniMarket.Agents.Deposito;

/// <summary>Registrations of the warehouse agent (products and stock).</summary>
public static class DepositoAgent
{
    public static IHostApplicationBuilder AddDepositoAgent(this IHostApplicationBuilder builder)
    {
        builder.AddAgentDbContext<DepositoDbContext>(DepositoDbContext.Schema);
        return builder;
    }
}
