using System.Globalization;
using System.Text;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// The generator of observability/prometheus/rules/slo.rules.yml from observability/slo/slos.yml: for every objective and
/// service, the objective as a series and its error ratio over each window the burn-rate alerts read; and the two alerts
/// (page and ticket) for all of them. SloRulesTests compares its output with the checked-in file.
/// </summary>
public static class SloRules
{
    /// <summary>The windows of the error ratios: those of the multi-window burn-rate alerts, and a day for the console.</summary>
    public static readonly string[] Windows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];

    public static string DefinitionFile => Path.Combine(ObservabilityFiles.Root, "slo", "slos.yml");
    public static string RulesFile => Path.Combine(ObservabilityFiles.PrometheusDirectory, "rules", "slo.rules.yml");

    public sealed record Slo(string Id, string Name, string Description, IReadOnlyList<string> Services, double Objective, string ErrorRatio);

    public sealed record Definition(string Window, string SlowEndpoints, IReadOnlyList<Slo> Slos);

    public static Definition Load()
    {
        var root = ObservabilityFiles.Map(ObservabilityFiles.Yaml(DefinitionFile));
        var slos = ObservabilityFiles.List(root["slos"]).Select(ObservabilityFiles.Map).Select(s => new Slo(
            ObservabilityFiles.Text(s, "id")!, ObservabilityFiles.Text(s, "name")!, ObservabilityFiles.Text(s, "description")!,
            ObservabilityFiles.List(s["services"]).Select(v => v.ToString()!).ToList(),
            double.Parse(ObservabilityFiles.Text(s, "objective")!, CultureInfo.InvariantCulture), ObservabilityFiles.Text(s, "error_ratio")!)).ToList();
        return new Definition(ObservabilityFiles.Text(root, "window")!, ObservabilityFiles.Text(root, "slow_by_design_endpoints")!, slos);
    }

    /// <summary>The error ratio of one objective for one service over one window.</summary>
    public static string ErrorRatio(Definition definition, Slo slo, string service, string window) => slo.ErrorRatio
        .Replace("$service", service, StringComparison.Ordinal).Replace("$window", window, StringComparison.Ordinal)
        .Replace("$slow", definition.SlowEndpoints, StringComparison.Ordinal);

    public static string Generate()
    {
        var definition = Load();
        var text = new StringBuilder();
        text.Append("""
            # GENERATED from observability/slo/slos.yml by tests/MiniMarket.Observability.Tests/SloRules.cs: do not edit by hand.
            # Regenerate: MM_WRITE_SLO_RULES=1 dotnet test tests/MiniMarket.Observability.Tests --filter SloRules
            # slo:objective:ratio{slo, service}: the objective (0.999 = 99.9 %); slo:error_ratio:rate<window>{slo, service}: the share
            # of bad events over the window (budget burn rate = error ratio / (1 - objective)).
            groups:
              - name: minimarket-slo-objectives
                rules:

            """);
        foreach (var slo in definition.Slos)
        {
            foreach (var service in slo.Services)
            {
                text.Append(CultureInfo.InvariantCulture, $$"""
                          - record: slo:objective:ratio
                            expr: vector({{slo.Objective.ToString(CultureInfo.InvariantCulture)}})
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
            foreach (var slo in definition.Slos)
            {
                foreach (var service in slo.Services)
                {
                    text.Append(CultureInfo.InvariantCulture, $$"""
                              - record: slo:error_ratio:rate{{window}}
                                expr: '{{ErrorRatio(definition, slo, service, window).Replace("'", "''", StringComparison.Ordinal)}}'
                                labels: { slo: {{slo.Id}}, service: {{service}} }

                        """);
                }
            }
        }
        text.Append("""

              - name: minimarket-slo-alerts
                rules:
                  - alert: SLOErrorBudgetBurn
                    # Page: the 30-day budget burns 14.4 times too fast over 1 h and 5 m (2 % of it in an hour), or 6 times over
                    # 6 h and 30 m (5 % of it in six hours). The short window makes it resolve soon after the burn stops.
                    expr: (slo:error_ratio:rate1h > 14.4 * (1 - slo:objective:ratio) and slo:error_ratio:rate5m > 14.4 * (1 - slo:objective:ratio)) or (slo:error_ratio:rate6h > 6 * (1 - slo:objective:ratio) and slo:error_ratio:rate30m > 6 * (1 - slo:objective:ratio))
                    for: 2m
                    labels:
                      severity: critical
                      category: slo
                    annotations:
                      summary: "{{ $labels.service }} gasta su presupuesto de {{ $labels.slo }} demasiado rápido"
                      description: "La proporción de eventos malos de {{ $labels.slo }} en {{ $labels.service }} es {{ $value | humanizePercentage }}: a este ritmo el presupuesto de error de 30 días se agota en días (umbral: 14,4 veces el ritmo permitido en 1 hora y 5 minutos, o 6 veces en 6 horas y 30 minutos)."
                      runbook_url: "{{ $externalLabels.console_url }}/runbooks/SLOErrorBudgetBurn"

                  - alert: SLOErrorBudgetBurnSlow
                    # Ticket: the budget burns faster than it may over 3 days and still over the last 6 hours: at this pace it does
                    # not last the 30 days.
                    expr: slo:error_ratio:rate3d > (1 - slo:objective:ratio) and slo:error_ratio:rate6h > (1 - slo:objective:ratio)
                    for: 1h
                    labels:
                      severity: medium
                      category: slo
                    annotations:
                      summary: "El presupuesto de {{ $labels.slo }} de {{ $labels.service }} no llega a fin de mes"
                      description: "La proporción de eventos malos de {{ $labels.slo }} en {{ $labels.service }} es {{ $value | humanizePercentage }} en 3 días, más de lo que el objetivo permite (umbral: 1 vez el ritmo permitido en 3 días y en 6 horas, durante 1 hora)."
                      runbook_url: "{{ $externalLabels.console_url }}/runbooks/SLOErrorBudgetBurnSlow"

            """);
        return text.ToString();
    }
}
