using Prometheus;

namespace MiniMarket.Agents.Negocio;

/// <summary>
/// The business agent's metrics: a contract with the alert rules, the Grafana dashboards and the console (names
/// recorded in observability/README.md). Labels take values from small closed sets only.
/// </summary>
public static class NegocioMetrics
{
    public static readonly Gauge CriticalProducts = Metrics.CreateGauge(
        "negocio_stock_critico_productos", "Products at or below minimum stock x seasonal factor, as deposito reports them (absent while deposito cannot be read).",
        new GaugeConfiguration { SuppressInitialValue = true });

    public static readonly Counter OrdersGenerated = Metrics.CreateCounter(
        "negocio_ordenes_generadas_total", "Purchase orders proposed, by origin (automatica: the background job; manual: on demand).",
        new CounterConfiguration { LabelNames = ["origen"] });

    public static readonly Counter OrderValueGenerated = Metrics.CreateCounter(
        "negocio_ordenes_generadas_valor_ars_total", "Value of the purchase orders proposed (ARS, at inflation-adjusted cost).",
        new CounterConfiguration { LabelNames = ["origen"] });

    public static readonly Gauge OpenOrders = Metrics.CreateGauge(
        "negocio_ordenes_abiertas", "Purchase orders not yet received or cancelled, by state (borrador, enviada).",
        new GaugeConfiguration { LabelNames = ["estado"] });

    public static readonly Counter OrdersReceived = Metrics.CreateCounter(
        "negocio_ordenes_recibidas_total", "Purchase order deliveries received, by extent (parcial, total).",
        new CounterConfiguration { LabelNames = ["alcance"] });

    public static readonly Counter InvoicesProcessed = Metrics.CreateCounter(
        "negocio_facturas_procesadas_total", "Invoice images sent to OCR, by result (borrador: a draft was stored; error: ml could not read it).",
        new CounterConfiguration { LabelNames = ["resultado"] });

    public static readonly Counter InvoicesConfirmed = Metrics.CreateCounter(
        "negocio_facturas_confirmadas_total", "Invoices confirmed: their goods entered stock.");

    public static readonly Counter InvoicesRejected = Metrics.CreateCounter(
        "negocio_facturas_rechazadas_total", "Confirmations refused, by reason (validacion, duplicada, sin_producto, deposito).",
        new CounterConfiguration { LabelNames = ["motivo"] });

    public static readonly Counter InvoicesDiscarded = Metrics.CreateCounter(
        "negocio_facturas_descartadas_total", "Draft invoices discarded.");

    public static readonly Gauge DraftInvoices = Metrics.CreateGauge(
        "negocio_facturas_pendientes", "Draft invoices waiting for a person to confirm or discard them.");

    public static readonly Histogram OcrConfidence = Metrics.CreateHistogram(
        "negocio_ocr_confianza_ratio", "Overall OCR confidence of each invoice image turned into a draft (0..1).",
        new HistogramConfiguration { Buckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0] });

    public static readonly Gauge RevenueToday = Metrics.CreateGauge(
        "negocio_ventas_hoy_ars", "Revenue of today's sales so far (Buenos Aires day), units sold x sale price (ARS).",
        new GaugeConfiguration { SuppressInitialValue = true });

    public static readonly Gauge ProjectedRevenueToday = Metrics.CreateGauge(
        "negocio_ventas_proyectadas_hoy_ars", "Revenue expected for the whole of today: ml's demand forecast x sale price (ARS). Absent while ml cannot forecast.",
        new GaugeConfiguration { SuppressInitialValue = true });

    public static readonly Histogram DependencyDuration = Metrics.CreateHistogram(
        "negocio_dependencia_duracion_seconds", "Calls to other agents, retries included, by target (deposito, ml) and outcome (ok, rechazo, error, timeout, circuito_abierto, sin_conexion).",
        new HistogramConfiguration { LabelNames = ["destino", "resultado"], Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    public static readonly Counter DependencyFailures = Metrics.CreateCounter(
        "negocio_dependencia_fallas_total", "Calls to other agents that failed (not a refusal: the target was down, slow, erroring or behind an open circuit), by target and reason.",
        new CounterConfiguration { LabelNames = ["destino", "motivo"] });

    public static readonly Gauge LastRefresh = Metrics.CreateGauge(
        "negocio_metricas_actualizadas_timestamp_seconds", "When the business gauges were last refreshed (Unix time).");

    public static class Outcome
    {
        public const string Ok = "ok";
        public const string Refused = "rechazo";
        public const string Error = "error";
        public const string Timeout = "timeout";
        public const string CircuitOpen = "circuito_abierto";
        public const string NoConnection = "sin_conexion";
        public static readonly string[] Failures = [Error, Timeout, CircuitOpen, NoConnection];
    }

    /// <summary>Creates every labelled series at zero so that rates and alerts have a baseline from the first scrape.</summary>
    public static void Initialise()
    {
        foreach (var origin in new[] { OrderOrigins.Automatic, OrderOrigins.Manual })
        {
            OrdersGenerated.WithLabels(origin);
            OrderValueGenerated.WithLabels(origin);
        }
        foreach (var state in new[] { "borrador", "enviada" }) OpenOrders.WithLabels(state);
        foreach (var extent in new[] { "parcial", "total" }) OrdersReceived.WithLabels(extent);
        foreach (var result in new[] { "borrador", "error" }) InvoicesProcessed.WithLabels(result);
        foreach (var reason in new[] { "validacion", "duplicada", "sin_producto", "deposito" }) InvoicesRejected.WithLabels(reason);
        foreach (var target in new[] { "deposito", "ml" })
        {
            foreach (var reason in Outcome.Failures) DependencyFailures.WithLabels(target, reason);
        }
    }
}
