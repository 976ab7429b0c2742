namespace MiniMarket.Observability.Tests;

/// <summary>The SLOs as code: the checked-in rules are what the definition generates, and the definition says what it must.</summary>
public class SloRulesTests
{
    [Fact]
    public void CheckedInRules_AreWhatTheDefinitionGenerates()
    {
        var generated = SloRules.Generate();
        if (Environment.GetEnvironmentVariable("MM_WRITE_SLO_RULES") == "1") File.WriteAllText(SloRules.RulesFile, generated);
        Assert.True(File.Exists(SloRules.RulesFile), "no slo.rules.yml: regenerate (MM_WRITE_SLO_RULES=1)");
        Assert.True(File.ReadAllText(SloRules.RulesFile) == generated,
            "observability/prometheus/rules/slo.rules.yml differs from what observability/slo/slos.yml generates: regenerate with MM_WRITE_SLO_RULES=1 dotnet test tests/MiniMarket.Observability.Tests --filter SloRules");
    }

    [Fact]
    public void Definition_HasTheOriginalTargets_ForEveryAgentAndTheConsole()
    {
        var definition = SloRules.Load();
        Assert.Equal(TimeSpan.FromDays(30), definition.Window);
        var objectives = definition.All.Where(s => s.Objective is not null).ToDictionary(s => s.Id, s => s.Objective!.Value);
        Assert.Equal(0.999, objectives["disponibilidad"]); // uptime above 99.9 %
        Assert.Equal(0.995, objectives["errores"]);        // errors below 0.5 %
        Assert.Equal(0.95, objectives["latencia"]);        // P95 below 300 ms: 95 % under 0.3 s
        Assert.Equal(0.70, objectives["cache"]);           // cache hit above 70 %
        Assert.Equal(0.90, objectives["precision_pronostico"]); // ML accuracy above 90 %
        var timeouts = definition.All.Single(s => s.Id == "timeouts_ocr");
        Assert.Equal(10, timeouts.MaxPerHour);             // fewer than 10 OCR timeouts an hour
        Assert.Contains("ocr_timeout_events_total", timeouts.Query, StringComparison.Ordinal);
        Assert.Equal(["ml"], timeouts.Services);
        foreach (var id in new[] { "disponibilidad", "errores", "latencia" })
            Assert.Equal(["deposito", "negocio", "ml", "console"], definition.All.Single(s => s.Id == id).Services);
        // The latency threshold is a bucket the services export (MetricsDefaults), and the slow endpoints are left out once, here.
        var latency = definition.All.Single(s => s.Id == "latencia").Query;
        Assert.Contains("le=\"0.3\"", latency, StringComparison.Ordinal);
        Assert.Contains(0.3, MiniMarket.ServiceDefaults.MetricsDefaults.RequestDurationBuckets);
        Assert.Contains("$slow", latency, StringComparison.Ordinal);
        Assert.All(definition.All, s => Assert.Contains("$window", s.Query, StringComparison.Ordinal));
    }

    [Fact]
    public void BurnRates_DivideByTheBudget_AndTicketOnlyObjectivesNeverPage()
    {
        var definition = SloRules.Load();
        var errors = definition.All.Single(s => s.Id == "errores");
        Assert.EndsWith(") / 0.005 >= 0", SloRules.BurnRate(definition, errors, "deposito", "1h"), StringComparison.Ordinal);
        var timeouts = definition.All.Single(s => s.Id == "timeouts_ocr");
        Assert.EndsWith(") / (10 * 3600 / 3600) >= 0", SloRules.BurnRate(definition, timeouts, "ml", "1h"), StringComparison.Ordinal);
        Assert.EndsWith(") / (10 * 259200 / 3600) >= 0", SloRules.BurnRate(definition, timeouts, "ml", "3d"), StringComparison.Ordinal);

        var accuracy = definition.All.Single(s => s.Id == "precision_pronostico");
        Assert.False(accuracy.Page);
        var page = ObservabilityFiles.Alerts().Single(a => a.Name == "SLOErrorBudgetBurn");
        Assert.Contains("slo!~\"precision_pronostico\"", page.Expr, StringComparison.Ordinal);
        Assert.DoesNotContain("slo!~", ObservabilityFiles.Alerts().Single(a => a.Name == "SLOErrorBudgetBurnSlow").Expr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Which requests count for latency is decided once, in the definition, and used everywhere: every latency figure (the
    /// recording rules, Grafana's panels, the runbooks' queries) leaves out the same endpoints as the latency objective.
    /// </summary>
    [Fact]
    public void EveryLatencyFigure_LeavesOutTheSameEndpointsAsTheObjective()
    {
        var matcher = $"endpoint!~\"{SloRules.Load().SlowEndpoints}\"";
        Assert.Contains("/_blazor", matcher, StringComparison.Ordinal); // the console's circuit: a WebSocket as long as the visit
        var figures = ObservabilityFiles.RecordingRules().Select(r => ("regla " + r.Record, r.Expr))
            .Concat(GrafanaDashboards.Queries().Select(q => ($"grafana {q.Dashboard} / {q.Panel}", q.Expr)))
            .Concat(Directory.GetFiles(ObservabilityFiles.RunbooksDirectory, "*.md", SearchOption.AllDirectories)
                .SelectMany(f => File.ReadLines(f).Select(l => ("runbook " + Path.GetFileName(f), l))))
            .Where(f => f.Item2.Contains("http_request_duration_seconds_bucket", StringComparison.Ordinal)
                && !f.Item1.StartsWith("regla slo:", StringComparison.Ordinal))
            .ToList();
        Assert.True(figures.Count >= 8, $"only {figures.Count} latency figures found");
        Assert.All(figures, f => Assert.True(f.Item2.Contains(matcher, StringComparison.Ordinal), $"{f.Item1} counts other requests: {f.Item2}"));
    }
}
