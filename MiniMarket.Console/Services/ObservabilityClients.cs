using Microsoft.Extensions.Options;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>How the console reaches Prometheus, Alertmanager and Loki: typed clients, their resilience, and the coalescing in front.</summary>
public static class ObservabilityClients
{
    /// <summary>Registers the clients the pages use (<see cref="IPrometheusClient"/>, <see cref="IAlertmanagerClient"/>, <see cref="ILogSource"/>) from <see cref="ObservabilityOptions"/>.</summary>
    public static IServiceCollection AddObservabilityClients(this IServiceCollection services)
    {
        // One coalescing client for every session (the chain overview reads it as it is); each session's pages read it
        // through the store they work on (StorePrometheusClient).
        services.AddSingleton(sp => new CoalescingPrometheusClient(sp.GetRequiredService<PrometheusClient>, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var store = sp.GetRequiredService<CoalescingPrometheusClient>();
            if (sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value.ChainPrometheusUrl is not { Length: > 0 }) return new PrometheusSources(store, store);
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new PrometheusSources(store, new CoalescingPrometheusClient(() => new PrometheusClient(factory.CreateClient(PrometheusSources.ChainClient)), sp.GetRequiredService<TimeProvider>()));
        });
        services.AddHttpClient(PrometheusSources.ChainClient, (sp, http) => http.PointAt(sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value.ChainPrometheusUrl!))
            .AddCallerWaitingResilience(attempt: TimeSpan.FromSeconds(4), total: TimeSpan.FromSeconds(9), sampling: TimeSpan.FromSeconds(10));
        services.AddScoped(CurrentStore.FromServices);
        services.AddScoped<IPrometheusClient, StorePrometheusClient>();
        // A status page must answer quickly: short timeouts, "unknown" otherwise. Alertmanager's reads retry once; creating
        // or expiring a silence is not repeated blindly (HttpRetries.IsSafe).
        services.AddHttpClient<PrometheusClient>((sp, http) => http.PointAt(sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value.PrometheusUrl!))
            .AddCallerWaitingResilience(attempt: TimeSpan.FromSeconds(4), total: TimeSpan.FromSeconds(9), sampling: TimeSpan.FromSeconds(10));
        services.AddHttpClient<AlertmanagerClient>((sp, http) => http.PointAt(sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value.AlertmanagerUrl!))
            .AddCallerWaitingResilience(attempt: TimeSpan.FromSeconds(4), total: TimeSpan.FromSeconds(9), sampling: TimeSpan.FromSeconds(10));
        services.AddSingleton<IAlertmanagerClient>(sp => new CoalescingAlertmanagerClient(
            sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value.AlertmanagerUrl is { Length: > 0 }
                ? sp.GetRequiredService<AlertmanagerClient>
                : () => new UnconfiguredAlertmanagerClient(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient<LokiClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
                http.PointAt(options.LokiUrl!);
                // Multi-tenant Loki reads the tenant from this header; single-tenant Loki ignores it.
                if (options.LokiTenant is { Length: > 0 } tenant) http.DefaultRequestHeaders.Add("X-Scope-OrgID", tenant);
            })
            // Log queries take longer than Prometheus' instant ones.
            .AddCallerWaitingResilience(attempt: TimeSpan.FromSeconds(10), total: TimeSpan.FromSeconds(20), sampling: TimeSpan.FromSeconds(20));
        // Loki when it is configured; else the console's own store when it runs; else none (the pages say so).
        services.AddTransient<ILogSource>(sp =>
        {
            var observability = sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
            if (observability.LokiUrl is { Length: > 0 }) return sp.GetRequiredService<LokiClient>();
            return sp.GetRequiredService<IOptions<LogStore.LogStoreOptions>>().Value.IsEnabled(observability)
                ? new LogStore.EmbeddedLogSource(sp.GetRequiredService<LogStore.EmbeddedLogStore>())
                : new UnconfiguredLokiClient();
        });
        return services;
    }
}
