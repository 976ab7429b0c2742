using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Hosting;

/// <summary><c>GET /api/v1/agent</c>: which agents this process hosts and who the caller is (needs a token).</summary>
public static class AgentInfoApi
{
    public sealed record AgentInfo(string Role, IReadOnlyList<string> Agents, string Version, string Caller, IReadOnlyList<string> CallerRoles);

    public static IEndpointRouteBuilder MapAgentInfoApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/agent", GetInfo).WithName("GetAgentInfo").WithTags("agent");
        return endpoints;
    }

    public static Ok<AgentInfo> GetInfo(HostedAgents hosted, ClaimsPrincipal user) => TypedResults.Ok(new AgentInfo(
        hosted.Role.ServiceName(),
        hosted.Names,
        typeof(AgentInfoApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0",
        user.Identity?.Name ?? "?",
        TokenIssuer.RolesOf(user)));
}
