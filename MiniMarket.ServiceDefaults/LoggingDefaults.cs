using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Sinks.OpenTelemetry;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// Serilog as every service's logger: compact JSON on stdout (what run.sh keeps in .data/logs and compose ships),
/// OTLP to Loki (or the console's embedded log store) when <c>Logging:Otlp:Endpoint</c> is set, and a counter of log events by level that the
/// LogVolumeSpike alert reads instead of Promtail's metrics.
/// </summary>
public static class LoggingDefaults
{
    public const string OtlpEndpointKey = "Logging:Otlp:Endpoint";

    /// <summary>A bearer token sent with the OTLP logs (the console's embedded log store asks for one when it has it).</summary>
    public const string OtlpTokenKey = "Logging:Otlp:BearerToken";

    /// <summary>The store's label on logs (and, as Prometheus' external label, on metrics and alerts).</summary>
    public const string StoreLabel = "store";

    public static WebApplicationBuilder AddMiniMarketLogging(this WebApplicationBuilder builder, string serviceName)
    {
        var otlpEndpoint = builder.Configuration[OtlpEndpointKey];
        var otlpToken = builder.Configuration[OtlpTokenKey];
        // The store (validated at start-up by StoreOptionsValidator): on every line, as a property on stdout and as the
        // OTLP resource attribute Loki indexes (label store), so that a chain's logs are told apart by store.
        var store = builder.Configuration[$"{StoreOptions.Section}:Id"] ?? "";
        builder.Services.AddSerilog((services, logger) =>
        {
            // ReadFrom.Services adds any ILogEventSink registered in the container (the tests' capturing sink).
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Extensions.Http", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("service_name", serviceName)
                .Enrich.WithProperty(StoreLabel, store)
                // Written in batches by a background task: a request never waits for stdout (under a burst of more
                // than 10,000 pending lines the newest are dropped rather than slowing requests down).
                .WriteTo.Sink(new StdoutLogSink(new RenderedCompactJsonFormatter(), Console.OpenStandardOutput()), StdoutLogSink.Batching)
                .WriteTo.Sink(new LogEventCounterSink(serviceName));
            if (!string.IsNullOrWhiteSpace(otlpEndpoint))
            {
                logger.WriteTo.OpenTelemetry(otlp =>
                {
                    otlp.Endpoint = otlpEndpoint;
                    otlp.Protocol = OtlpProtocol.HttpProtobuf;
                    otlp.ResourceAttributes = new Dictionary<string, object>
                    {
                        ["service.name"] = serviceName,
                        ["service.namespace"] = "minimarket",
                        [StoreLabel] = store,
                    };
                    if (!string.IsNullOrWhiteSpace(otlpToken)) otlp.Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + otlpToken.Trim() };
                });
            }
        });
        return builder;
    }
}

/// <summary>Counts every log event by level: <c>minimarket_log_events_total{service,level}</c>.</summary>
public sealed class LogEventCounterSink(string serviceName) : ILogEventSink
{
    private static readonly Counter Events = Metrics.CreateCounter(
        "minimarket_log_events_total",
        "Log events written by the service, by level.",
        new CounterConfiguration { LabelNames = ["service", "level"] });

    private readonly Counter.Child[] _byLevel = Enum.GetValues<LogEventLevel>()
        .Select(level => Events.WithLabels(serviceName, LevelName(level)))
        .ToArray();

    public void Emit(LogEvent logEvent) => _byLevel[(int)logEvent.Level].Inc();

    private static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "verbose",
        LogEventLevel.Debug => "debug",
        LogEventLevel.Information => "information",
        LogEventLevel.Warning => "warning",
        LogEventLevel.Error => "error",
        _ => "fatal",
    };
}
