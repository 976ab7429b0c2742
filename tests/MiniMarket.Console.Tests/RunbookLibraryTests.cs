using System.Text.Json;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests;

/// <summary>The runbooks shipped with the console: every one loads, links stay inside the console, raw HTML is never rendered.</summary>
public class RunbookLibraryTests
{
    private static IReadOnlyList<Runbook> Shipped => RunbookLibrary.Load(Path.Combine(AppContext.BaseDirectory, "runbooks"));

    [Fact]
    public void Shipped_HasEveryAlertsRunbookAndTheGuides()
    {
        var alerts = Shipped.Where(r => !r.IsGuide).ToList();
        Assert.Equal(31, alerts.Count); // 29 a store's Prometheus evaluates, 2 the chain's central ruler
        Assert.All(alerts, r =>
        {
            Assert.NotNull(r.RuleExpr);
            Assert.NotNull(r.RuleFor);
            Assert.False(string.IsNullOrWhiteSpace(r.WhatToDo), r.Name + ": no first step in Mitigación");
        });
        Assert.Equal(["dashboards", "respuesta-a-alertas", "restaurar-backup"], Shipped.Where(r => r.IsGuide).Select(r => r.Name));
    }

    /// <summary>Prometheus prints a rule's expression back in its own way: the live box compares without whitespace and must not cry wolf.</summary>
    [Fact]
    public void RuleLines_MatchTheRulesAsTheRealPrometheusReportsThem()
    {
        using var rules = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "prometheus-rules.json")));
        var loaded = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("query").GetString()!);
        static string Bare(string expr) => string.Concat(expr.Where(c => !char.IsWhiteSpace(c)));
        foreach (var runbook in Shipped.Where(r => !r.IsGuide && loaded.ContainsKey(r.Name)))
            Assert.Equal(Bare(loaded[runbook.Name]), Bare(runbook.RuleExpr!));
        // The payload is a store's Prometheus: the chain's rules (observability/central/rules) run in the central ruler only.
        Assert.Equal(["StoreIdMismatch", "StoreSilent"], Shipped.Where(r => !r.IsGuide && !loaded.ContainsKey(r.Name)).Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_RawHtmlIsEscaped_AndRunbookLinksPointAtTheConsole()
    {
        var directory = Directory.CreateTempSubdirectory("mm-runbooks-").FullName;
        var file = Path.Combine(directory, "Prueba.md");
        File.WriteAllText(file, """
            # Prueba

            > **Regla:** `up == 0` durante **2m** · severidad **critical**

            ## Mitigación
            1. Reinicie el servicio: `docker compose restart deposito`.

            <script>alert('x')</script> <img src=x onerror=alert(1)>
            Ver [ServiceDown](ServiceDown.md) y la [guía](guias/dashboards.md).
            """);
        var runbook = RunbookLibrary.Parse(file, isGuide: false);
        Assert.DoesNotContain("<script", runbook.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", runbook.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"/runbooks/ServiceDown\"", runbook.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/runbooks/guias/dashboards\"", runbook.Html, StringComparison.Ordinal);
        Assert.Equal(("up == 0", "2m", "critical"), (runbook.RuleExpr, runbook.RuleFor, runbook.RuleSeverity));
        Assert.Equal("Reinicie el servicio: docker compose restart deposito.", runbook.WhatToDo);
    }
}
