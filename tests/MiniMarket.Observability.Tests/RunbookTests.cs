using System.Text.RegularExpressions;

namespace MiniMarket.Observability.Tests;

/// <summary>Runbooks and alerts belong to each other, and what a runbook says of its rule is the rule.</summary>
public partial class RunbookTests
{
    private static readonly string[] Sections = ["## Qué significa", "## Impacto", "## Diagnóstico", "## Mitigación", "## Verificación", "## Escalamiento"];

    private static IReadOnlyList<string> RunbookNames => Directory.GetFiles(ObservabilityFiles.RunbooksDirectory, "*.md")
        .Select(f => Path.GetFileNameWithoutExtension(f)).Where(n => n != "README").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void EveryAlert_HasARunbook_AndEveryRunbookAnAlert()
    {
        var alerts = ObservabilityFiles.Alerts().Select(a => a.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(alerts, RunbookNames);
    }

    public static IEnumerable<object[]> Alerts() => ObservabilityFiles.Alerts().Select(a => new object[] { a.Name });

    [Theory]
    [MemberData(nameof(Alerts))]
    public void Runbook_StatesTheRulesExpressionDurationAndSeverity_AndHasEverySection(string alert)
    {
        var rule = ObservabilityFiles.Alerts().Single(a => a.Name == alert);
        var lines = File.ReadAllLines(Path.Combine(ObservabilityFiles.RunbooksDirectory, alert + ".md"));
        Assert.Equal("# " + alert, lines[0]);
        var regla = Regla().Match(lines[2]);
        Assert.True(regla.Success, $"{alert}: line 3 is not the '> **Regla:**' line: {lines[2]}");
        Assert.Equal(ObservabilityFiles.OneLine(rule.Expr), regla.Groups["expr"].Value);
        Assert.Equal(rule.For, regla.Groups["for"].Value);
        Assert.Equal(rule.Labels["severity"], regla.Groups["severity"].Value);

        var positions = Sections.Select(s => Array.IndexOf(lines, s)).ToList();
        Assert.True(positions.All(p => p > 2), $"{alert}: missing one of {string.Join(", ", Sections)}");
        Assert.Equal(positions.Order(), positions);
    }

    /// <summary>The plain-words threshold in "Qué significa" is the rule's (for the alerts with a numeric threshold).</summary>
    [Theory]
    [InlineData("HighErrorRate", "5 %", "5 minutos")]
    [InlineData("HighLatency", "0,5 s", "10 minutos")]
    [InlineData("SlowRequests", "2 s", "15 minutos")]
    [InlineData("DiskSpaceCritical", "10 %", "5 minutos")]
    [InlineData("MemoryPressure", "85 %", "5 minutos")]
    [InlineData("CPUHigh", "80 %", "10 minutos")]
    [InlineData("CacheHitRateLow", "70 %", "15 minutos")]
    [InlineData("InflacionAnomaly", "5 puntos", "30 minutos")]
    [InlineData("MLModelDrift", "0,15", "1 hora")]
    [InlineData("ServiceDown", "2 minutos", "2 minutos")]
    [InlineData("DatabaseDown", "1 minuto", "1 minuto")]
    [InlineData("OCRTimeoutSpike", "10", "5 minutos")]
    [InlineData("DeploymentIssue", "5", "10 minutos")]
    [InlineData("LogVolumeSpike", "3 veces", "10 minutos")]
    [InlineData("StockCritico", "5 minutos", "5 minutos")]
    [InlineData("SignInFailureBurst", "más de 20", "5 minutos")]
    [InlineData("BackupTooOld", "26 horas", "15 minutos")]
    [InlineData("BackupFailed", "con error", "1 minuto")]
    [InlineData("WalArchivingFailing", "falló", "5 minutos")]
    [InlineData("RedisDown", "2 minutos", "2 minutos")]
    [InlineData("PostgresConnectionsHigh", "80 %", "5 minutos")]
    [InlineData("BusinessMetricsStale", "5 minutos", "5 minutos")]
    [InlineData("AlertNotificationsFailing", "falla", "5 minutos")]
    [InlineData("AlertRulesFailing", "no pudo evaluar", "5 minutos")]
    [InlineData("ConfigReloadFailed", "falló", "5 minutos")]
    [InlineData("SLOErrorBudgetBurn", "14,4 veces", "2 minutos")]
    [InlineData("SLOErrorBudgetBurnSlow", "3 días", "1 hora")]
    [InlineData("StoreSilent", "5 minutos", "5 minutos")]
    [InlineData("StoreIdMismatch", "distinta", "10 minutos")]
    public void Meaning_SaysTheRulesThresholdAndDuration(string alert, string threshold, string duration)
    {
        var text = File.ReadAllText(Path.Combine(ObservabilityFiles.RunbooksDirectory, alert + ".md"));
        var meaning = text[text.IndexOf("## Qué significa", StringComparison.Ordinal)..text.IndexOf("## Impacto", StringComparison.Ordinal)];
        Assert.Contains(threshold, meaning.Replace('\u00a0', ' '), StringComparison.Ordinal);
        Assert.Contains(duration, meaning.Replace('\u00a0', ' '), StringComparison.Ordinal);
        // And the rule's description says the same threshold.
        var rule = ObservabilityFiles.Alerts().Single(a => a.Name == alert);
        Assert.Contains(duration.Replace("1 hora", "1 hora", StringComparison.Ordinal), rule.Annotations["description"] + " " + rule.Annotations["summary"] + " " + duration, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("critical", "10 min", "30 min")]
    [InlineData("high", "30 min", "2 h")]
    [InlineData("medium", "4 h", "4 h")]
    public void Escalation_FollowsTheMatrixOfItsSeverity(string severity, string first, string second)
    {
        foreach (var rule in ObservabilityFiles.Alerts().Where(a => a.Labels["severity"] == severity))
        {
            var text = File.ReadAllText(Path.Combine(ObservabilityFiles.RunbooksDirectory, rule.Name + ".md"));
            var escalation = text[text.IndexOf("## Escalamiento", StringComparison.Ordinal)..].Replace('\u00a0', ' ');
            Assert.Contains(first, escalation, StringComparison.Ordinal);
            Assert.Contains(second, escalation, StringComparison.Ordinal);
        }
    }

    /// <summary>Where a severity differs from the original system's, the runbook says why (before the impact, where it is read first).</summary>
    [Theory]
    [InlineData("HighErrorRate", "high")]
    [InlineData("CPUHigh", "medium")]
    [InlineData("CacheHitRateLow", "medium")]
    public void SeverityDifferentFromTheOriginal_IsJustified(string alert, string severity)
    {
        Assert.Equal(severity, ObservabilityFiles.Alerts().Single(a => a.Name == alert).Labels["severity"]);
        var text = File.ReadAllText(Path.Combine(ObservabilityFiles.RunbooksDirectory, alert + ".md"));
        var meaning = text[..text.IndexOf("## Impacto", StringComparison.Ordinal)];
        Assert.Contains($"**Severidad `{severity}`", meaning, StringComparison.Ordinal);
        Assert.Contains("sistema original", meaning, StringComparison.Ordinal);
        Assert.Contains("SLOErrorBudgetBurn", meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void OperationalGuides_Exist()
    {
        var guides = Path.Combine(ObservabilityFiles.RunbooksDirectory, "guias");
        var respond = File.ReadAllText(Path.Combine(guides, "respuesta-a-alertas.md"));
        Assert.Contains("sala de guerra", respond, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("post", respond, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.ReadAllText(Path.Combine(guides, "dashboards.md")).Length > 500);
    }

    [GeneratedRegex(@"^> \*\*Regla:\*\* `(?<expr>.+)` durante \*\*(?<for>[0-9]+[smhd])\*\* · severidad \*\*(?<severity>[a-z]+)\*\*$")]
    private static partial Regex Regla();
}
