using Microsoft.Extensions.Options;

namespace MiniMarket.Console.Services;

/// <summary>Where the console reads monitoring data from (section <c>Observability</c>).</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    public static IReadOnlyList<string> DefaultExpectedJobs { get; } =
        ["deposito", "negocio", "ml", "console", "prometheus", "alertmanager", "node", "postgres", "redis"];

    public string? PrometheusUrl { get; set; }

    /// <summary>
    /// The chain's Prometheus-compatible store (Mimir; in ./run.sh --stores a Prometheus with the remote-write receiver):
    /// the chain overview and the other stores' pages read it. Unset: <see cref="PrometheusUrl"/> (a store alone, or a
    /// console that reads the chain's store directly).
    /// </summary>
    public string? ChainPrometheusUrl { get; set; }
    public string? AlertmanagerUrl { get; set; }
    public string? GrafanaUrl { get; set; }

    /// <summary>Loki's base URL; unset, the Logs page says logs are not available and the rest of the console works.</summary>
    public string? LokiUrl { get; set; }

    /// <summary>The tenant for a multi-tenant Loki (sent as <c>X-Scope-OrgID</c>).</summary>
    public string? LokiTenant { get; set; }

    /// <summary>The scrape jobs that must exist; one missing from Prometheus is shown as unknown, never left out.</summary>
    public string[]? ExpectedJobs { get; set; }

    /// <summary>How often live pages refresh.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A target whose last scrape is older than this is shown as unknown (its data is stale).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A target that appeared less than this ago and does not answer yet is "iniciando", not down.</summary>
    public TimeSpan StartupGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>"¿Está todo bien?" goes "sin visibilidad" when no MiniMarket log line arrived for this long.</summary>
    public TimeSpan LogFreshness { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Where the runbooks are (default: the copy shipped next to the console, from observability/runbooks).</summary>
    public string? RunbooksPath { get; set; }

    /// <summary>The SLOs' definition (default: the copy shipped next to the console, from observability/slo/slos.yml).</summary>
    public string? SlosPath { get; set; }

    public IReadOnlyList<string> Jobs => ExpectedJobs is { Length: > 0 } jobs ? jobs : DefaultExpectedJobs;

}

public sealed class ObservabilityOptionsValidator : IValidateOptions<ObservabilityOptions>
{
    public ValidateOptionsResult Validate(string? name, ObservabilityOptions options)
    {
        var failures = new List<string>();
        CheckUrl(options.PrometheusUrl, "Observability:PrometheusUrl", required: true, failures);
        CheckUrl(options.ChainPrometheusUrl, "Observability:ChainPrometheusUrl", required: false, failures);
        CheckUrl(options.AlertmanagerUrl, "Observability:AlertmanagerUrl", required: false, failures);
        CheckUrl(options.GrafanaUrl, "Observability:GrafanaUrl", required: false, failures);
        CheckUrl(options.LokiUrl, "Observability:LokiUrl", required: false, failures);
        if (options.RefreshInterval < TimeSpan.FromSeconds(1) || options.RefreshInterval > TimeSpan.FromMinutes(10))
            failures.Add("La configuración 'Observability:RefreshInterval' debe estar entre 00:00:01 y 00:10:00.");
        if (options.LogFreshness < TimeSpan.FromSeconds(10) || options.LogFreshness > TimeSpan.FromDays(1))
            failures.Add("La configuración 'Observability:LogFreshness' debe estar entre 00:00:10 y 1.00:00:00.");
        if (options.StaleAfter < TimeSpan.FromSeconds(10))
            failures.Add("La configuración 'Observability:StaleAfter' debe ser de al menos 00:00:10.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>An absolute http(s) URL setting; shared by the console's options validators.</summary>
    internal static void CheckUrl(string? value, string key, bool required, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) failures.Add($"Falta la configuración '{key}' (variable {key.Replace(":", "__", StringComparison.Ordinal)}).");
            return;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            failures.Add($"La configuración '{key}' vale '{value}': se esperaba una URL http(s) absoluta.");
    }
}
