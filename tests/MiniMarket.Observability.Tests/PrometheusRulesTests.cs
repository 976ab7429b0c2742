using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>The Prometheus configs and rules, checked by the real promtool (Debian's 2.42).</summary>
public class PrometheusRulesTests
{
    private static readonly string[] ExpectedAlerts =
    [
        "ServiceDown", "HighErrorRate", "DatabaseDown", "DiskSpaceCritical", "HighLatency", "MemoryPressure", "CPUHigh", "StockCritico",
        "OCRTimeoutSpike", "CacheHitRateLow", "SlowRequests", "InflacionAnomaly", "MLModelDrift", "LogVolumeSpike", "DeploymentIssue",
        "Watchdog", "MonitoringTargetMissing", "SignInFailureBurst", "BackupTooOld", "BackupFailed", "WalArchivingFailing",
        "RedisDown", "PostgresConnectionsHigh", "BusinessMetricsStale", "AlertNotificationsFailing", "AlertRulesFailing", "ConfigReloadFailed",
        "SLOErrorBudgetBurn", "SLOErrorBudgetBurnSlow",
        // The chain's, evaluated centrally (observability/central/rules).
        "StoreSilent", "StoreIdMismatch",
    ];

    private static async Task<string> PromtoolAsync(params string[] arguments) => await PromtoolAsync(TimeSpan.FromSeconds(120), arguments);

    private static async Task<string> PromtoolAsync(TimeSpan timeout, params string[] arguments)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("promtool", arguments, timeout: timeout);
        Assert.True(exitCode == 0, $"promtool {string.Join(' ', arguments)} failed:\n{output}");
        return output;
    }

    /// <summary>Every promtool unit-test file, by name relative to the observability folder.</summary>
    public static TheoryData<string> RuleTestFiles() => [.. RuleTestFileNames()];

    private static List<string> RuleTestFileNames() =>
        [.. Directory.GetFiles(Path.Combine(ObservabilityFiles.PrometheusDirectory, "tests"), "*.test.yml")
            .Concat(Directory.GetFiles(Path.Combine(ObservabilityFiles.CentralDirectory, "tests"), "*.test.yml"))
            .Select(f => Path.GetRelativePath(ObservabilityFiles.Root, f)).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("prometheus.yml")]
    [InlineData("prometheus.local.yml")]
    public async Task CheckConfig_BothConfigs_Pass(string file) =>
        await PromtoolAsync("check", "config", Path.Combine(ObservabilityFiles.PrometheusDirectory, file));

    [Fact]
    public async Task CheckRules_EveryRuleFile_Passes() => await PromtoolAsync(["check", "rules", .. ObservabilityFiles.RuleFiles, .. ObservabilityFiles.CentralRuleFiles]);

    [Fact]
    public void RuleTestFiles_CoverTheStoresAndTheChain()
    {
        var files = RuleTestFileNames();
        Assert.Contains(files, f => f.StartsWith("prometheus", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("central", StringComparison.Ordinal));
    }

    /// <summary>One promtool run per file: slo-days evaluates 75 hours every 4 minutes (about 25 s alone on this
    /// machine, four times that with the whole suite on both cores), so each file gets its own process and a bound of
    /// five minutes — a bound on a hung process, not a speed assertion.</summary>
    [Theory]
    [MemberData(nameof(RuleTestFiles))]
    public async Task TestRules_EveryAlertCase_Passes(string file)
    {
        var path = Path.Combine(ObservabilityFiles.Root, file);
        var output = await PromtoolAsync(TimeSpan.FromMinutes(5), "test", "rules", path);
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public void Alerts_AreTheSpecifiedOnesWithSeverityServiceAndAnnotations()
    {
        var alerts = ObservabilityFiles.Alerts();
        Assert.Equal(ExpectedAlerts.Order(StringComparer.Ordinal), alerts.Select(a => a.Name).Order(StringComparer.Ordinal));
        foreach (var alert in alerts)
        {
            var severity = alert.Labels.GetValueOrDefault("severity");
            Assert.True(severity is "critical" or "high" or "medium" || (alert.Name == "Watchdog" && severity == "none"), $"{alert.Name}: severity {severity}");
            Assert.True(alert.Labels.ContainsKey("category") || alert.Expr.Contains("\"category\"", StringComparison.Ordinal), $"{alert.Name}: no category");
            // service comes from the target label of the series, or is set by the rule.
            Assert.True(alert.Labels.ContainsKey("service") || !alert.Expr.Contains("without", StringComparison.Ordinal), alert.Name);
            foreach (var annotation in new[] { "summary", "description", "runbook_url" })
                Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault(annotation)), $"{alert.Name}: no {annotation}");
            // A store's rules link through their Prometheus' external labels; the chain's through the labels the stores'
            // series carry (the central ruler's own labels are not the store's).
            Assert.Equal(ObservabilityFiles.IsCentral(alert.Name)
                ? "{{ $labels.console_url }}/runbooks/" + alert.Name + "?sucursal={{ $labels.store }}"
                : "{{ $externalLabels.console_url }}/runbooks/" + alert.Name + "?sucursal={{ $externalLabels.store }}", alert.Annotations["runbook_url"]);
            // Watchdog and MonitoringTargetMissing have no value to tell (always 1: present, absent).
            if (alert.Name is not ("Watchdog" or "MonitoringTargetMissing")) Assert.Contains("$value", alert.Annotations["description"], StringComparison.Ordinal);
        }
    }

    /// <summary>Salud paints the backups red at the age BackupTooOld fires at.</summary>
    [Fact]
    public void SaludsBackupAge_IsBackupTooOldsThreshold()
    {
        var rule = ObservabilityFiles.Alerts().Single(a => a.Name == "BackupTooOld");
        var hours = (int)MiniMarket.Console.Model.BackupHealth.MaxAge.TotalHours;
        Assert.Contains($"> {hours} * 3600", ObservabilityFiles.OneLine(rule.Expr), StringComparison.Ordinal);
    }

    /// <summary>The originals' thresholds and durations, on this project's metrics.</summary>
    [Theory]
    [InlineData("ServiceDown", "up == 0", "2m")]
    [InlineData("HighErrorRate", "service:http_errors:ratio_rate5m > 0.05", "5m")]
    [InlineData("DatabaseDown", "pg_up == 0", "1m")]
    [InlineData("DiskSpaceCritical", "< 0.1", "5m")]
    [InlineData("HighLatency", "p95_5m > 0.5", "10m")]
    [InlineData("MemoryPressure", "> 0.85", "5m")]
    [InlineData("CPUHigh", "> 0.8", "10m")]
    [InlineData("StockCritico", "> 0", "5m")]
    [InlineData("OCRTimeoutSpike", "increase(ocr_timeout_events_total[1h]) > 10", "5m")]
    [InlineData("CacheHitRateLow", "< 0.7", "15m")]
    [InlineData("SlowRequests", "p99_5m > 2", "15m")]
    [InlineData("InflacionAnomaly", "> 5", "30m")]
    [InlineData("MLModelDrift", "> 0.15", "1h")]
    [InlineData("LogVolumeSpike", "> 3 * sum by (service) (rate(minimarket_log_events_total[1h] offset 1h))", "10m")]
    [InlineData("DeploymentIssue", "changes(process_start_time_seconds[10m]) > 5", "0m")]
    [InlineData("BackupTooOld", "> 26 * 3600", "15m")]
    [InlineData("BackupFailed", "minimarket_backup_last_run_success == 0", "1m")]
    [InlineData("WalArchivingFailing", "minimarket_backup_wal_last_failed_timestamp_seconds > minimarket_backup_wal_last_archived_timestamp_seconds", "5m")]
    public void Alert_KeepsTheOriginalThreshold(string alert, string threshold, string duration)
    {
        var rule = ObservabilityFiles.Alerts().Single(a => a.Name == alert);
        Assert.Contains(threshold, ObservabilityFiles.OneLine(rule.Expr), StringComparison.Ordinal);
        Assert.Equal(duration, rule.For);
    }

    [Fact]
    public void UnitTests_HaveAFiringAndANonFiringCasePerAlert()
    {
        var cases = Directory.GetFiles(Path.Combine(ObservabilityFiles.PrometheusDirectory, "tests"), "*.test.yml")
            .Concat(Directory.GetFiles(Path.Combine(ObservabilityFiles.CentralDirectory, "tests"), "*.test.yml"))
            .SelectMany(file => ObservabilityFiles.List(ObservabilityFiles.Map(ObservabilityFiles.Yaml(file))["tests"]))
            .SelectMany(test => ObservabilityFiles.Map(test).TryGetValue("alert_rule_test", out var list) ? ObservabilityFiles.List(list) : [])
            .Select(ObservabilityFiles.Map)
            .Select(c => (Alert: ObservabilityFiles.Text(c, "alertname")!, Fires: c.TryGetValue("exp_alerts", out var e) && e is List<object> { Count: > 0 }))
            .ToList();
        foreach (var alert in ExpectedAlerts)
        {
            Assert.True(cases.Any(c => c.Alert == alert && c.Fires), $"{alert}: no case where it fires");
            // Watchdog is always firing by design: its absence is the alarm, there is no case where it must not fire.
            if (alert != "Watchdog") Assert.True(cases.Any(c => c.Alert == alert && !c.Fires), $"{alert}: no case where it does not fire");
        }
    }

    [Fact]
    public void MonitoringTargetMissing_NamesEveryJobOfTheConfigs()
    {
        var config = ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(ObservabilityFiles.PrometheusDirectory, "prometheus.local.yml")));
        var jobs = ObservabilityFiles.List(config["scrape_configs"]).Select(ObservabilityFiles.Map).Select(j => ObservabilityFiles.Text(j, "job_name")!).Order(StringComparer.Ordinal);
        var rule = ObservabilityFiles.Alerts().Single(a => a.Name == "MonitoringTargetMissing");
        var named = System.Text.RegularExpressions.Regex.Matches(rule.Expr, "absent\\(up\\{job=\"([^\"]+)\"\\}\\)").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(jobs, named);
    }

    [Fact]
    public void Configs_DifferOnlyInAddressesIntervalsAndEnvironment()
    {
        static (string Rules, string Jobs, string Alerting) Shape(string file)
        {
            var config = ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(ObservabilityFiles.PrometheusDirectory, file)));
            var rules = string.Join(",", ObservabilityFiles.List(config["rule_files"]));
            var jobs = string.Join(";", ObservabilityFiles.List(config["scrape_configs"]).Select(ObservabilityFiles.Map).Select(job =>
            {
                var statics = ObservabilityFiles.List(job["static_configs"]).Select(ObservabilityFiles.Map).Single();
                var ports = ObservabilityFiles.List(statics["targets"]).Select(t => t.ToString()!.Split(':')[1]);
                var labels = ObservabilityFiles.Map(statics["labels"]).Select(l => $"{l.Key}={l.Value}");
                return $"{job["job_name"]}[{string.Join(",", ports)}]{{{string.Join(",", labels)}}}";
            }));
            var alerting = string.Join(",", ObservabilityFiles.List(ObservabilityFiles.Map(ObservabilityFiles.Map(config["alerting"])["alertmanagers"].As<List<object>>()[0])["static_configs"])
                .Select(ObservabilityFiles.Map).SelectMany(s => ObservabilityFiles.List(s["targets"])).Select(t => t.ToString()!.Split(':')[1]));
            var external = ObservabilityFiles.Map(ObservabilityFiles.Map(config["global"])["external_labels"]);
            Assert.True(external.ContainsKey("console_url"), file + ": no console_url external label (runbook links)");
            return (rules, jobs, alerting);
        }
        Assert.Equal(Shape("prometheus.local.yml"), Shape("prometheus.yml"));
    }
}

internal static class Casts
{
    public static T As<T>(this object value) => (T)value;
}
