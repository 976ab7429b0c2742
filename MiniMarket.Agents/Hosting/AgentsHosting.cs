using MiniMarket.Agents.Deposito;
using MiniMarket.Agents.Ml;
using MiniMarket.Agents.Negocio;

namespace MiniMarket.Agents.Hosting;

/// <summary>Adds and maps the agents this process hosts, as chosen by <c>Agent:Role</c>.</summary>
public static class AgentsHosting
{
    public static WebApplicationBuilder AddAgents(this WebApplicationBuilder builder, AgentRole role)
    {
        builder.Services.AddSingleton(new HostedAgents(role));
        builder.Services.AddOpenApi();
        if (role.Hosts(AgentRole.Deposito)) builder.AddDepositoAgent();
        if (role.Hosts(AgentRole.Negocio)) builder.AddNegocioAgent();
        if (role.Hosts(AgentRole.Ml)) builder.AddMlAgent();
        return builder;
    }

    public static WebApplication MapAgents(this WebApplication app, AgentRole role)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapAgentInfoApi();
        if (role.Hosts(AgentRole.Deposito)) app.MapDepositoAgent();
        if (role.Hosts(AgentRole.Negocio)) app.MapNegocioAgent();
        if (role.Hosts(AgentRole.Ml)) app.MapMlAgent();
        return app;
    }
}

/// <summary>The role this process was started with, for endpoints that report it.</summary>
public sealed record HostedAgents(AgentRole Role)
{
    public IReadOnlyList<string> Names { get; } = Enum.GetValues<AgentRole>()
        .Where(a => a != AgentRole.All && Role.Hosts(a)).Select(a => a.ServiceName()).ToList();
}
