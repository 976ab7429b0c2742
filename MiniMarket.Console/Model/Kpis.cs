namespace MiniMarket.Console.Model;

/// <summary>How a KPI's number is shown.</summary>
public enum KpiUnit
{
    Ars,
    Count,
}

/// <summary>
/// A business KPI as the console shows it: its PromQL (on metrics the agents export — a test runs every one against a
/// real Prometheus), its unit, and the resource keys of its title, definition and caveats.
/// </summary>
public sealed record KpiDefinition(string Id, string PromQl, KpiUnit Unit)
{
    public string TitleKey => $"Kpi.{Id}.Title";
    public string DefinitionKey => $"Kpi.{Id}.Definition";
    public string CaveatsKey => $"Kpi.{Id}.Caveats";
}

public static class Kpis
{
    public static readonly KpiDefinition SalesToday = new("VentasHoy", "sum(negocio_ventas_hoy_ars)", KpiUnit.Ars);
    public static readonly KpiDefinition ProjectedToday = new("VentasProyectadas", "sum(negocio_ventas_proyectadas_hoy_ars)", KpiUnit.Ars);
    public static readonly KpiDefinition CriticalProducts = new("ProductosCriticos", "max(deposito_productos_criticos)", KpiUnit.Count);
    public static readonly KpiDefinition PendingOrders = new("OrdenesPendientes", "sum(negocio_ordenes_abiertas)", KpiUnit.Count);
    public static readonly KpiDefinition DraftInvoices = new("FacturasPorConfirmar", "max(negocio_facturas_pendientes)", KpiUnit.Count);

    /// <summary>Today's KPIs of the home page, in the order shown.</summary>
    public static IReadOnlyList<KpiDefinition> Today { get; } = [SalesToday, ProjectedToday, CriticalProducts, PendingOrders, DraftInvoices];

    /// <summary>Every KPI the console defines (the observability tests run each one on a real Prometheus).</summary>
    public static IReadOnlyList<KpiDefinition> All => Today;
}
