using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Model;

/// <summary>How a KPI's number is shown.</summary>
public enum KpiUnit
{
    Ars,
    Count,
    /// <summary>A fraction shown as a percentage (0.5 is 50 %).</summary>
    Ratio,
    /// <summary>A value already in percent (2.1 is 2,1 %).</summary>
    Percent,
    /// <summary>A plain multiplier (1.3).</summary>
    Factor,
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
    public static IReadOnlyList<KpiDefinition> All => Today.Concat(BusinessKpisViewModel.Cards).Distinct().ToList();
}

/// <summary>How the console writes a KPI's number (es-AR: "$ 1.234", "12,5 %").</summary>
public static class KpiFormat
{
    public static string Format(KpiUnit unit, double value) => unit switch
    {
        KpiUnit.Ars => new Ars((decimal)Math.Round(value, 0)).ToString(),
        KpiUnit.Ratio => (value * 100).ToString("0.#", ArsFormat.EsAr) + " %",
        KpiUnit.Percent => value.ToString("0.##", ArsFormat.EsAr) + " %",
        KpiUnit.Factor => value.ToString("0.##", ArsFormat.EsAr),
        _ => Math.Abs(value) >= 100 || value == Math.Round(value) ? Math.Round(value).ToString("N0", ArsFormat.EsAr) : value.ToString("0.##", ArsFormat.EsAr),
    };

    /// <summary>
    /// A short form for chart axes: "$ 1,2 M", "$ 35 k", "1.500". <paramref name="step"/>, the distance between two ticks,
    /// sets how many decimals small numbers get, so that ticks 0,005 apart do not all read "0,01".
    /// </summary>
    public static string Axis(KpiUnit unit, double value, double step = 0)
    {
        var abs = Math.Abs(value);
        var shown = unit == KpiUnit.Ratio ? step * 100 : step;
        var decimals = shown is > 0 and < 1 && double.IsFinite(shown) ? Math.Min(6, (int)Math.Ceiling(-Math.Log10(shown) - 1e-9)) : 0;
        var small = decimals > 2 ? "0." + new string('#', decimals) : "0.##";
        var number = abs >= 1_000_000 ? (value / 1_000_000).ToString("0.#", ArsFormat.EsAr) + " M"
            : abs >= 10_000 ? (value / 1_000).ToString("0.#", ArsFormat.EsAr) + " k"
            : unit == KpiUnit.Ratio ? (value * 100).ToString(decimals > 1 ? small : "0.#", ArsFormat.EsAr)
            : value.ToString(abs >= 100 ? "N0" : small, ArsFormat.EsAr);
        return unit switch
        {
            KpiUnit.Ars => "$ " + number,
            KpiUnit.Ratio or KpiUnit.Percent => number + " %",
            _ => number,
        };
    }
}
