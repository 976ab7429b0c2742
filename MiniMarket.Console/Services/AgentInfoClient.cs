using System.Net.Http.Json;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>Calls an agent's <c>/api/v1/agent</c> as the signed-in person.</summary>
public sealed class AgentInfoClient(IHttpClientFactory clients) : IAgentInfoClient
{
    public async Task<AgentInfo> GetAsync(string agent, CancellationToken cancellationToken = default)
    {
        using var client = clients.CreateClient(AgentClients.NameOf(agent));
        return await client.GetFromJsonAsync<AgentInfo>("api/v1/agent", cancellationToken)
            ?? throw new InvalidOperationException($"El agente {agent} respondió vacío.");
    }
}
