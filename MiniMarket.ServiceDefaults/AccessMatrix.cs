using Microsoft.AspNetCore.Authorization;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// Who may do what, in one table: every authorization policy of the agents and the console is built from it, and the
/// README's "Roles" table must say the same (a test reads both). The on-call person (<c>guardia</c>) reads everything the
/// store has — stock, orders, invoices, prices, models — to judge an incident, and changes nothing of the store's data.
/// </summary>
public static class AccessMatrix
{
    /// <summary>One grant of the table: the policy name endpoints require, what it covers (as the README says it), and the roles that hold it.</summary>
    public sealed record Grant(string Policy, string Covers, IReadOnlyList<string> Roles);

    private static readonly string[] Readers = [ServiceDefaults.Roles.Admin, ServiceDefaults.Roles.Encargado, ServiceDefaults.Roles.Guardia, ServiceDefaults.Roles.Deposito, ServiceDefaults.Roles.Negocio, ServiceDefaults.Roles.Ml];

    public static Grant DepositoRead { get; } = new("deposito-lectura", "deposito: leer productos, categorías, stock, movimientos, historia", Readers);

    public static Grant DepositoWrite { get; } = new("deposito-escritura", "deposito: crear y editar productos y categorías, registrar movimientos",
        [ServiceDefaults.Roles.Admin, ServiceDefaults.Roles.Encargado, ServiceDefaults.Roles.Deposito, ServiceDefaults.Roles.Negocio]);

    public static Grant NegocioRead { get; } = new("negocio-lectura", "negocio: leer proveedores, facturas, órdenes, precios, ventas", Readers);

    public static Grant NegocioWrite { get; } = new("negocio-escritura", "negocio: proveedores, facturas, órdenes, recargos",
        [ServiceDefaults.Roles.Admin, ServiceDefaults.Roles.Encargado, ServiceDefaults.Roles.Negocio]);

    public static Grant NegocioHistory { get; } = new("negocio-admin", "negocio: cargar facturas históricas", [ServiceDefaults.Roles.Admin]);

    public static Grant MlRead { get; } = new("ml-lectura", "ml: leer pronósticos, modelos, inflación", Readers);

    public static Grant MlOcr { get; } = new("ml-ocr", "ml: leer la foto de una factura",
        [ServiceDefaults.Roles.Admin, ServiceDefaults.Roles.Encargado, ServiceDefaults.Roles.Negocio]);

    public static Grant MlTrain { get; } = new("ml-entrenamiento", "ml: reentrenar", [ServiceDefaults.Roles.Admin]);

    public static Grant ConsoleOnCall { get; } = new("guardia-o-admin", "consola: alertas, silencios, runbooks, logs",
        [ServiceDefaults.Roles.Admin, ServiceDefaults.Roles.Guardia]);

    public static Grant ConsoleUsers { get; } = new("admin", "consola: usuarios y roles", [ServiceDefaults.Roles.Admin]);

    public static IReadOnlyList<Grant> All { get; } =
        [DepositoRead, DepositoWrite, NegocioRead, NegocioWrite, NegocioHistory, MlRead, MlOcr, MlTrain, ConsoleOnCall, ConsoleUsers];

    /// <summary>Registers the grant's policy: the caller must hold one of its roles.</summary>
    public static AuthorizationBuilder AddPolicy(this AuthorizationBuilder builder, Grant grant) =>
        builder.AddPolicy(grant.Policy, p => p.RequireRole(grant.Roles));
}
