namespace MiniMarket.Agents.Hosting;

/// <summary>Which agent(s) this process hosts: one image, three processes in production (like Loki's -target).</summary>
public enum AgentRole
{
    Deposito,
    Negocio,
    Ml,
    All,
}

public static class AgentRoles
{
    public const string ConfigKey = "Agent:Role";

    /// <summary>The production port of each agent; <c>all</c> (tests, development) takes 8000.</summary>
    public static int DefaultPort(this AgentRole role) => role switch
    {
        AgentRole.Deposito => 8001,
        AgentRole.Negocio => 8002,
        AgentRole.Ml => 8003,
        _ => 8000,
    };

    public static string ServiceName(this AgentRole role) => role switch
    {
        AgentRole.Deposito => "deposito",
        AgentRole.Negocio => "negocio",
        AgentRole.Ml => "ml",
        _ => "agents",
    };

    public static bool Hosts(this AgentRole role, AgentRole agent) => role == AgentRole.All || role == agent;

    /// <summary>Parses the setting; a missing or unknown value names the key and the accepted values.</summary>
    public static AgentRole Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "deposito" => AgentRole.Deposito,
        "negocio" => AgentRole.Negocio,
        "ml" => AgentRole.Ml,
        "all" => AgentRole.All,
        null or "" => throw new InvalidOperationException(
            $"Falta la configuración '{ConfigKey}' (variable Agent__Role): deposito | negocio | ml | all."),
        _ => throw new InvalidOperationException(
            $"La configuración '{ConfigKey}' vale '{value}': se esperaba deposito | negocio | ml | all."),
    };

    /// <summary>Reads <c>Agent:Role</c> and, when no URL is configured, listens on the role's port on loopback.</summary>
    public static AgentRole AddAgentRole(this WebApplicationBuilder builder)
    {
        var role = Parse(builder.Configuration[ConfigKey]);
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]) && string.IsNullOrWhiteSpace(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{role.DefaultPort()}");
        }
        return role;
    }
}
