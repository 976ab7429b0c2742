using Prometheus;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// What every service exports on /metrics besides its own metrics: HTTP request metrics (UseHttpMetrics), the
/// process metrics the alerts use (CPU, memory, start time for restarts), the build info and the log events.
/// prometheus-net's EventCounter and Meter adapters are off: their names break Prometheus' naming rules
/// (`promtool check metrics`) and nothing on our dashboards reads them.
/// </summary>
public static class MetricsDefaults
{
    private static readonly Lock Gate = new();
    private static Gauge? _buildInfo;

    public static void Configure(string serviceName)
    {
        lock (Gate)
        {
            if (_buildInfo is null)
            {
                Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
                {
                    SuppressEventCounters = true,
                    SuppressMeters = true,
                    SuppressDebugMetrics = true,
                    SuppressProcessMetrics = false,
                });
                _buildInfo = Metrics.CreateGauge(
                    "minimarket_build_info", "Always 1: the service and version that is running.",
                    new GaugeConfiguration { LabelNames = ["service", "version"] });
            }
            _buildInfo.WithLabels(serviceName, typeof(MetricsDefaults).Assembly.GetName().Version?.ToString(3) ?? "0.0.0").Set(1);
        }
    }
}
