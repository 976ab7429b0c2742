using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Services;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// The generator of observability/prometheus/rules/slo.rules.yml from observability/slo/slos.yml: for every objective and
/// service, the objective as a series and its error ratio over each window the burn-rate alerts read; and the two alerts
/// (page and ticket) for all of them. SloRulesTests compares its output with the checked-in file.
/// </summary>
public static class SloRules
{
    /// <summary>The windows of the burn rates: those of the multi-window burn-rate alerts, and a day for the console.</summary>
    public static readonly string[] Windows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];

    public static string DefinitionFile => Path.Combine(ObservabilityFiles.Root, "slo", "slos.yml");
    public static string RulesFile => Path.Combine(ObservabilityFiles.PrometheusDirectory, "rules", "slo.rules.yml");

    /// <summary>The definition as the console reads it (one parser for both): throws when it cannot be read.</summary>
    public static SloCatalog Load()
    {
        var catalog = new SloCatalog(Options.Create(new ObservabilityOptions { SlosPath = DefinitionFile }));
        return catalog.Error is null ? catalog : throw new InvalidDataException(catalog.Error);
    }

    /// <summary>
    /// The burn rate over one window: the error ratio divided by the budget (1 - objective), or the events divided by those
    /// allowed in the window (max_per_hour x its hours). 1 spends exactly the 30-day budget.
    /// </summary>
    /// <remarks>
    /// "&gt;= 0" drops the NaN of a window without events (0 / 0: no requests, no cache reads): no sample, not a NaN that would
    /// poison the 30-day average of the budget for a month.
    /// </remarks>
    public static string BurnRate(SloCatalog definition, SloDefinition slo, string service, string window)
    {
        var query = slo.QueryFor(service, window, definition.SlowEndpoints);
        if (slo.Objective is { } objective) return $"({query}) / {Invariant(1m - (decimal)objective)} >= 0";
        return $"({query}) / ({Invariant((decimal)slo.MaxPerHour!.Value)} * {Seconds(window)} / 3600) >= 0";
    }

    private static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Seconds(string window) => (int)SloCatalog.ParseWindow(window).TotalSeconds;

    public static string Generate()
    {
        var definition = Load();
        var text = new StringBuilder();
        text.Append("""
            # GENERATED from observability/slo/slos.yml by tests/MiniMarket.Observability.Tests/SloRules.cs: do not edit by hand.
            # Regenerate: MM_WRITE_SLO_RULES=1 dotnet test tests/MiniMarket.Observability.Tests --filter SloRules
            # slo:objective:ratio{slo, service}: a ratio objective (0.999 = 99.9 %); slo:objective:max_per_hour: a count objective.
            # slo:burn_rate:rate<window>{slo, service}: how many times faster than allowed the error budget is spent over the window
            # (1 = exactly the 30-day budget); slo:error_budget:remaining_ratio: the share of the 30-day budget left (negative: spent).
            groups:
              - name: minimarket-slo-objectives
                rules:

            """);
        foreach (var slo in definition.All)
        {
            foreach (var service in slo.Services)
            {
                var (record, value) = slo.Objective is { } objective ? ("slo:objective:ratio", objective) : ("slo:objective:max_per_hour", slo.MaxPerHour!.Value);
                text.Append(CultureInfo.InvariantCulture, $$"""
                          - record: {{record}}
                            expr: vector({{value.ToString(CultureInfo.InvariantCulture)}})
                            labels: { slo: {{slo.Id}}, service: {{service}} }

                    """);
            }
        }
        foreach (var window in Windows)
        {
            text.Append(CultureInfo.InvariantCulture, $"""

                  - name: minimarket-slo-{window}
                    interval: {(window is "1d" or "3d" ? "2m" : "30s")}
                    rules:

                """);
            foreach (var slo in definition.All)
            {
                foreach (var service in slo.Services)
                {
                    text.Append(CultureInfo.InvariantCulture, $$"""
                              - record: slo:burn_rate:rate{{window}}
                                expr: '{{BurnRate(definition, slo, service, window).Replace("'", "''", StringComparison.Ordinal)}}'
                                labels: { slo: {{slo.Id}}, service: {{service}} }

                        """);
                }
            }
        }
        // Tickets-only objectives are left out of the page by name.
        var pageFilter = definition.All.Where(s => !s.Page).Select(s => s.Id).ToList() is { Count: > 0 } ticketOnly
            ? $"{{slo!~\"{string.Join('|', ticketOnly)}\"}}" : "";
        text.Append(CultureInfo.InvariantCulture, $$$"""

              - name: minimarket-slo-30d
                # The 30-day window from the 5-minute burn rate (the average burn over the window is the share of the budget spent):
                # a 30-day rate() over the raw series would read a month of samples every evaluation.
                interval: 1m
                rules:
                  - record: slo:burn_rate:rate30d
                    expr: avg_over_time(slo:burn_rate:rate5m[30d])
                  - record: slo:error_budget:remaining_ratio
                    expr: 1 - avg_over_time(slo:burn_rate:rate5m[30d])

              - name: minimarket-slo-alerts
                rules:
                  - alert: SLOErrorBudgetBurn
                    # Page: the 30-day budget burns 14.4 times too fast over 1 h and 5 m (2 % of it in an hour), or 6 times over
                    # 6 h and 30 m (5 % of it in six hours). The short window makes it resolve soon after the burn stops.
                    expr: (slo:burn_rate:rate1h{{{pageFilter}}} > 14.4 and slo:burn_rate:rate5m{{{pageFilter}}} > 14.4) or (slo:burn_rate:rate6h{{{pageFilter}}} > 6 and slo:burn_rate:rate30m{{{pageFilter}}} > 6)
                    for: 2m
                    labels:
                      severity: critical
                      category: slo
                    annotations:
                      summary: "{{ $labels.service }} gasta su presupuesto de {{ $labels.slo }} demasiado rápido"
                      description: "{{ $labels.service }} gasta el presupuesto de error de {{ $labels.slo }} {{ printf \"%.1f\" $value }} veces más rápido de lo que el objetivo permite: a este ritmo el de 30 días se agota en días (umbral: 14,4 veces en 1 hora y 5 minutos, o 6 veces en 6 horas y 30 minutos)."
                      runbook_url: "{{ $externalLabels.console_url }}/runbooks/SLOErrorBudgetBurn?sucursal={{ $externalLabels.store }}"

                  - alert: SLOErrorBudgetBurnSlow
                    # Ticket: the budget burns faster than it may over 3 days and still over the last 6 hours: at this pace it does
                    # not last the 30 days.
                    expr: slo:burn_rate:rate3d > 1 and slo:burn_rate:rate6h > 1
                    for: 1h
                    labels:
                      severity: medium
                      category: slo
                    annotations:
                      summary: "El presupuesto de {{ $labels.slo }} de {{ $labels.service }} no llega a fin de mes"
                      description: "{{ $labels.service }} gasta el presupuesto de error de {{ $labels.slo }} {{ printf \"%.1f\" $value }} veces más rápido de lo que el objetivo permite en 3 días (umbral: más de 1 vez en 3 días y en 6 horas, durante 1 hora)."
                      runbook_url: "{{ $externalLabels.console_url }}/runbooks/SLOErrorBudgetBurnSlow?sucursal={{ $externalLabels.store }}"

            """);
        return text.ToString();
    }
}
