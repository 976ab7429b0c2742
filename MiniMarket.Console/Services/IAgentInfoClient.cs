using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

public interface IAgentInfoClient
{
    Task<AgentInfo> GetAsync(string agent, CancellationToken cancellationToken = default);
}
