using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>Where the agents answer (section <c>Agents</c>).</summary>
public sealed class AgentsOptions
{
    public const string Section = "Agents";
    public string? DepositoUrl { get; set; }
    public string? NegocioUrl { get; set; }
    public string? MlUrl { get; set; }

    public string? UrlOf(string agent) => agent switch
    {
        Roles.Deposito => DepositoUrl,
        Roles.Negocio => NegocioUrl,
        Roles.Ml => MlUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(agent), agent, "not an agent"),
    };
}
