using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>Where the agents answer (section <c>Agents</c>).</summary>
public sealed class AgentsOptions
{
    public const string Section = "Agents";
    public string? DepositoUrl { get; set; }
    public string? NegocioUrl { get; set; }
    public string? MlUrl { get; set; }

    public string? UrlOf(string agent) => Pick(agent, DepositoUrl, NegocioUrl, MlUrl);

    /// <summary>The address of <paramref name="agent"/> among a store's three (Agents:*, or a chain store's in Chain:Stores).</summary>
    public static string? Pick(string agent, string? deposito, string? negocio, string? ml) => agent switch
    {
        Roles.Deposito => deposito,
        Roles.Negocio => negocio,
        Roles.Ml => ml,
        _ => throw new ArgumentOutOfRangeException(nameof(agent), agent, "not an agent"),
    };
}
