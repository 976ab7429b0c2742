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
    private static readonly Gauge StoreInfo = Metrics.CreateGauge("minimarket_store_info",
        "Always 1: the store this service is configured for (Store:Id, Store:Name). Its Prometheus adds the same id as the external label store.",
        new GaugeConfiguration { LabelNames = ["store_id", "store_name"] });

    /// <summary>
    /// The buckets of http_request_duration_seconds: prometheus-net's own (1 ms doubling to 32 s) and 0.3 s, the latency
    /// objective's threshold, so that "the share of requests under 300 ms" is counted by a bucket, not estimated.
    /// </summary>
    public static IReadOnlyList<double> RequestDurationBuckets { get; } = [.. Histogram.ExponentialBuckets(0.001, 2, 16).Append(0.3).Order()];

    /// <summary>The request histogram UseHttpMetrics fills: the default's name and labels, with <see cref="RequestDurationBuckets"/>.</summary>
    public static Histogram RequestDuration { get; } = Metrics.CreateHistogram("http_request_duration_seconds",
        "The duration of HTTP requests processed by an ASP.NET Core application.",
        new HistogramConfiguration { Buckets = [.. RequestDurationBuckets], LabelNames = ["code", "method", "controller", "action", "page", "endpoint"] });

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
                // The process' limits as .NET sees them (a container's cgroup quota and memory limit, else the machine's), read at
                // each scrape: CPU and memory panels show the share of the limit, not only absolute figures.
                var cpuLimit = Metrics.CreateGauge("minimarket_process_cpu_limit_cores",
                    "The CPU cores this process may use: the container's CPU quota, else the machine's cores (Environment.ProcessorCount).");
                var memoryLimit = Metrics.CreateGauge("minimarket_process_memory_limit_bytes",
                    "The memory this process may use: the container's memory limit, else the machine's memory (GCMemoryInfo.TotalAvailableMemoryBytes).");
                Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
                {
                    cpuLimit.Set(Environment.ProcessorCount);
                    // Known after the first garbage collection (0 before it: not a limit, left unset).
                    if (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes is > 0 and var memory) memoryLimit.Set(memory);
                });
            }
            _buildInfo.WithLabels(serviceName, typeof(MetricsDefaults).Assembly.GetName().Version?.ToString(3) ?? "0.0.0").Set(1);
        }
    }

    /// <summary>
    /// Sets <c>minimarket_store_info</c> to the configured store (one series: a previous store's is removed). The
    /// chain's console reads the stores' names from it; an id that differs from the store Prometheus' external label
    /// shows a misconfigured store.
    /// </summary>
    public static void SetStore(string? id, string? name)
    {
        lock (Gate)
        {
            foreach (var labels in StoreInfo.GetAllLabelValues().ToList())
            {
                if (labels[0] != (id ?? "") || labels[1] != (name ?? "")) StoreInfo.RemoveLabelled(labels);
            }
            StoreInfo.WithLabels(id ?? "", name ?? "").Set(1);
        }
    }
}
