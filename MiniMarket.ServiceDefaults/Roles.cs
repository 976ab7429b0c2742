namespace MiniMarket.ServiceDefaults;

/// <summary>The roles a person or a service can hold. Wire names are lower case and appear in tokens.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Encargado = "encargado";
    public const string Guardia = "guardia";
    public const string Deposito = "deposito";
    public const string Negocio = "negocio";
    public const string Ml = "ml";

    /// <summary>Every role, in the order the console lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Encargado, Guardia, Deposito, Negocio, Ml];

    /// <summary>The roles people hold (the services' roles are for agents calling each other).</summary>
    public static IReadOnlyList<string> People { get; } = [Admin, Encargado, Guardia];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
