using Prometheus;

namespace MiniMarket.Agents.Deposito;

/// <summary>
/// The warehouse's metrics. Their names are a contract with the alert rules, the Grafana dashboards and the console.
/// Labels come from closed sets: movement kinds, refusal reasons, cache results, and the store's categories (a
/// short list the store manages, not free text per product).
/// </summary>
public static class DepositoMetrics
{
    public static readonly Counter MovementsApplied = Metrics.CreateCounter(
        "deposito_productos_procesados_total", "Stock movements applied, by kind.",
        new CounterConfiguration { LabelNames = ["tipo"] });

    public static readonly Counter UnitsMoved = Metrics.CreateCounter(
        "deposito_unidades_movidas_total", "Units moved by applied stock movements (absolute quantity), by kind.",
        new CounterConfiguration { LabelNames = ["tipo"] });

    public static readonly Counter MovementsRefused = Metrics.CreateCounter(
        "deposito_movimientos_rechazados_total", "Stock movements refused, by reason.",
        new CounterConfiguration { LabelNames = ["motivo"] });

    public static readonly Counter IdempotentReplays = Metrics.CreateCounter(
        "deposito_movimientos_repetidos_total", "Requests with an idempotency key already applied: answered with the first result.");

    public static readonly Gauge ProductsByCategory = Metrics.CreateGauge(
        "deposito_productos_por_categoria", "Active products per category.",
        new GaugeConfiguration { LabelNames = ["categoria"] });

    public static readonly Gauge StockUnitsByCategory = Metrics.CreateGauge(
        "deposito_stock_unidades", "Units in stock of active products, per category.",
        new GaugeConfiguration { LabelNames = ["categoria"] });

    public static readonly Gauge StockValueByCategory = Metrics.CreateGauge(
        "deposito_stock_valor_ars", "Stock valued at purchase price (ARS), per category.",
        new GaugeConfiguration { LabelNames = ["categoria"] });

    public static readonly Gauge CriticalProducts = Metrics.CreateGauge(
        "deposito_productos_criticos", "Active products at or below minimum stock x seasonal factor.");

    public static readonly Gauge SeasonalFactor = Metrics.CreateGauge(
        "deposito_factor_estacional", "The seasonal factor applied to minimum stock today.");

    public static readonly Counter CacheRequests = Metrics.CreateCounter(
        "deposito_cache_requests_total", "Product cache look-ups, by result (hit, miss, error).",
        new CounterConfiguration { LabelNames = ["resultado"] });

    public static readonly Gauge CacheUp = Metrics.CreateGauge(
        "deposito_cache_up", "1 when Redis answered the last cache operation, 0 when the agent is serving without cache.");

    public static readonly Gauge LastCollection = Metrics.CreateGauge(
        "deposito_metricas_actualizadas_timestamp_seconds", "When the stock gauges were last computed from the database (Unix time).");

    /// <summary>
    /// Creates the labelled counters' series at zero, so that ratios and rates (the cache hit ratio, refusals per reason)
    /// have a baseline from the first scrape instead of appearing with the first event.
    /// </summary>
    public static void Initialise()
    {
        foreach (var result in (string[])["hit", "miss", "error"]) CacheRequests.WithLabels(result);
        foreach (var reason in (string[])[Refusal.InsufficientStock, Refusal.UnknownProduct, Refusal.InactiveProduct, Refusal.KeyReusedWithOtherBody, Refusal.Invalid])
            MovementsRefused.WithLabels(reason);
    }

    /// <summary>Refusal reasons (label <c>motivo</c>).</summary>
    public static class Refusal
    {
        public const string InsufficientStock = "stock_insuficiente";
        public const string UnknownProduct = "producto_inexistente";
        public const string InactiveProduct = "producto_inactivo";
        public const string KeyReusedWithOtherBody = "clave_reutilizada";
        public const string Invalid = "invalido";
    }
}
