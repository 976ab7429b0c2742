using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>What an agent says about itself and about the caller (<c>GET /api/v1/agent</c>).</summary>
public sealed record AgentInfo(string Role, IReadOnlyList<string> Agents, string Version, string Caller, IReadOnlyList<string> CallerRoles);
