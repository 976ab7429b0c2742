using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests;

public class HealthViewModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
    private readonly FakePrometheusClient _prometheus = new();
    private readonly FakeTimeProvider _time = new(Now);

    private HealthViewModel Model(params string[] expectedJobs) => new(_prometheus,
        Options.Create(new ObservabilityOptions { PrometheusUrl = "http://p", ExpectedJobs = expectedJobs, StaleAfter = TimeSpan.FromMinutes(2) }), _time);

    private void Targets(params ScrapeTarget[] targets) => _prometheus.Targets = SourceResult<IReadOnlyList<ScrapeTarget>>.Success(targets);

    private void Figures(params (string Query, string Label, string Value, double Number)[] samples) =>
        _prometheus.QueryAnswer = query => SourceResult<IReadOnlyList<PromSample>>.Success(samples.Where(s => s.Query == query)
            .Select(s => new PromSample(new Dictionary<string, string> { [s.Label] = s.Value }, Now, s.Number)).ToList());

    [Fact]
    public async Task Refresh_TrafficFigures_ArePerServiceAndMissingOnesStayUnknown()
    {
        Targets(FakePrometheusClient.Target("deposito", "up", Now.AddSeconds(-3)), FakePrometheusClient.Target("ml", "up", Now.AddSeconds(-1)));
        Figures((HealthViewModel.RequestRateQuery, "service", "deposito", 2.5), (HealthViewModel.ErrorRatioQuery, "service", "deposito", 0.01),
            (HealthViewModel.P95Query, "service", "deposito", 0.042), (HealthViewModel.Uptime7dQuery, "service", "deposito", 0.9995),
            (HealthViewModel.P95Query, "service", "ml", double.NaN));

        var snapshot = await Model("deposito", "ml").RefreshAsync();

        Assert.Equal(new ServiceTraffic(2.5, 0.01, 0.042, 0.9995), snapshot.Rows.Single(r => r.Service == "deposito").Traffic);
        Assert.Equal(new ServiceTraffic(null, null, null, null), snapshot.Rows.Single(r => r.Service == "ml").Traffic); // NaN is no data
    }

    [Fact]
    public async Task Refresh_DownTargetThatJustAppeared_IsStartingNotDown()
    {
        Targets(FakePrometheusClient.Target("deposito", "up", Now.AddSeconds(-3)), FakePrometheusClient.Target("ml", "down", Now.AddSeconds(-1), "connection refused"));
        Figures((HealthViewModel.SeriesAgeQuery, "job", "ml", 30), (HealthViewModel.SeriesAgeQuery, "job", "deposito", 900));

        var snapshot = await Model("deposito", "ml").RefreshAsync();

        var ml = snapshot.Rows.Single(r => r.Service == "ml");
        Assert.Equal(HealthState.Starting, ml.State);
        Assert.Contains("connection refused", ml.Reason, StringComparison.Ordinal);
        Assert.Equal(HealthState.Unknown, snapshot.Overall); // not red, not "all good" either
    }

    [Fact]
    public async Task Refresh_DownTargetThatAnsweredBefore_IsDownEvenIfPrometheusIsYoung()
    {
        Targets(FakePrometheusClient.Target("ml", "down", Now.AddSeconds(-1), "connection refused"));
        Figures((HealthViewModel.SeriesAgeQuery, "job", "ml", 40), (HealthViewModel.EverUpQuery, "job", "ml", 1));
        var snapshot = await Model("ml").RefreshAsync();
        Assert.Equal(HealthState.Down, snapshot.Rows.Single().State);
    }

    [Fact]
    public async Task Refresh_DownTargetThatExistedLongBefore_IsDown()
    {
        Targets(FakePrometheusClient.Target("ml", "down", Now.AddSeconds(-1), "connection refused"));
        Figures((HealthViewModel.SeriesAgeQuery, "job", "ml", 900));
        var snapshot = await Model("ml").RefreshAsync();
        Assert.Equal(HealthState.Down, snapshot.Rows.Single().State);
    }

    [Fact]
    public async Task Refresh_AllUp_IsUp()
    {
        Targets(FakePrometheusClient.Target("deposito", "up", Now.AddSeconds(-3)), FakePrometheusClient.Target("ml", "up", Now.AddSeconds(-1)));

        var snapshot = await Model("deposito", "ml").RefreshAsync();

        Assert.Equal(HealthState.Up, snapshot.Overall);
        Assert.All(snapshot.Rows, r => Assert.Equal(HealthState.Up, r.State));
        Assert.Null(snapshot.UnknownReason);
    }

    [Fact]
    public async Task Refresh_OneDown_IsDownListedFirstWithPrometheusError()
    {
        Targets(FakePrometheusClient.Target("deposito", "up", Now.AddSeconds(-3)),
            FakePrometheusClient.Target("negocio", "down", Now.AddSeconds(-2), "connection refused"));

        var snapshot = await Model("deposito", "negocio").RefreshAsync();

        Assert.Equal(HealthState.Down, snapshot.Overall);
        Assert.Equal("negocio", snapshot.Rows[0].Service);
        Assert.Equal(HealthState.Down, snapshot.Rows[0].State);
        Assert.Equal("connection refused", snapshot.Rows[0].Reason);
    }

    [Fact]
    public async Task Refresh_StaleTarget_IsUnknownNotUp()
    {
        Targets(FakePrometheusClient.Target("deposito", "up", Now.AddMinutes(-10)));

        var snapshot = await Model("deposito").RefreshAsync();

        Assert.Equal(HealthState.Unknown, snapshot.Overall);
        Assert.Equal(HealthState.Unknown, snapshot.Rows.Single().State);
        Assert.Contains("10 min", snapshot.Rows.Single().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_NotYetScraped_IsUnknown()
    {
        Targets(FakePrometheusClient.Target("ml", "unknown", null));

        var snapshot = await Model("ml").RefreshAsync();

        Assert.Equal(HealthState.Unknown, snapshot.Rows.Single().State);
    }

    [Fact]
    public async Task Refresh_ExpectedJobMissingFromPrometheus_IsShownAsUnknown()
    {
        Targets(FakePrometheusClient.Target("deposito", "up", Now));

        var snapshot = await Model("deposito", "negocio").RefreshAsync();

        var missing = snapshot.Rows.Single(r => r.Job == "negocio");
        Assert.Equal(HealthState.Unknown, missing.State);
        Assert.Contains("no tiene este objetivo", missing.Reason, StringComparison.Ordinal);
        Assert.Equal(HealthState.Unknown, snapshot.Overall);
    }

    [Fact]
    public async Task Refresh_PrometheusUnreachable_KeepsLastRowsAsUnknownWithTheReason()
    {
        var model = Model("deposito", "ml");
        Targets(FakePrometheusClient.Target("deposito", "up", Now), FakePrometheusClient.Target("ml", "up", Now));
        await model.RefreshAsync();
        _prometheus.Targets = SourceResult<IReadOnlyList<ScrapeTarget>>.Failure(new SourceError(SourceErrorKind.Unreachable, "no se pudo conectar con Prometheus"));

        var snapshot = await model.RefreshAsync();

        Assert.Equal(HealthState.Unknown, snapshot.Overall);
        Assert.Equal("no se pudo conectar con Prometheus", snapshot.UnknownReason);
        Assert.Equal(["deposito", "ml"], snapshot.Rows.Select(r => r.Service));
        Assert.All(snapshot.Rows, r => Assert.Equal(HealthState.Unknown, r.State));
        Assert.All(snapshot.Rows, r => Assert.StartsWith("Sin visibilidad", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_PrometheusUnreachableFromTheStart_ListsExpectedJobsAsUnknown()
    {
        _prometheus.Targets = SourceResult<IReadOnlyList<ScrapeTarget>>.Failure(new SourceError(SourceErrorKind.ApiError, "overloaded", "unavailable", 500));

        var snapshot = await Model("deposito", "negocio", "ml").RefreshAsync();

        Assert.Equal(3, snapshot.Rows.Count);
        Assert.Equal(HealthState.Unknown, snapshot.Overall);
        Assert.Contains("unavailable", snapshot.UnknownReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_NoTargetsAndNoExpectedJobs_IsUnknownNotUp()
    {
        Targets();

        var snapshot = await new HealthViewModel(_prometheus,
            Options.Create(new ObservabilityOptions { PrometheusUrl = "http://p", ExpectedJobs = ["x"] }), _time).RefreshAsync();

        Assert.NotEqual(HealthState.Up, snapshot.Overall);
    }

    [Theory]
    [InlineData(5, "5 s")]
    [InlineData(89, "89 s")]
    [InlineData(90, "1 min")]
    [InlineData(5400, "1 h")]
    [InlineData(200000, "2 d")]
    [InlineData(-3, "0 s")]
    public void Durations_Describe_IsShortSpanish(int seconds, string expected) =>
        Assert.Equal(expected, Durations.Describe(TimeSpan.FromSeconds(seconds)));

    private static double Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();

    [Fact]
    public async Task Refresh_Backups_AgesFromTheScheduleMetrics_AndNoFiguresIsNoData()
    {
        Targets(FakePrometheusClient.Target("node", "up", Now.AddSeconds(-1)));
        Figures((HealthViewModel.LastBackupQuery, "x", "", Unix(Now.AddHours(-3))), (HealthViewModel.LastWalArchivedQuery, "x", "", Unix(Now.AddSeconds(-40))),
            (HealthViewModel.LastWalFailureQuery, "x", "", 0), (HealthViewModel.BackupRunQuery, "x", "", 1));

        var backup = (await Model("node").RefreshAsync()).Backup!;

        Assert.Equal(Now.AddHours(-3), backup.LastBackup);
        Assert.Equal(Now.AddSeconds(-40), backup.LastWalArchived);
        Assert.Null(backup.LastWalFailure); // 0 is "never"
        Assert.False(backup.LastRunFailed);
        Assert.Equal(HealthState.Up, backup.State(Now));

        Figures();
        Assert.Null((await Model("node").RefreshAsync()).Backup);
        // Inicio asks for the states only: no backup queries.
        Figures((HealthViewModel.LastBackupQuery, "x", "", Unix(Now)));
        Assert.Null((await Model("node").RefreshAsync(traffic: false)).Backup);
    }

    [Theory]
    [InlineData(25.9, 1, 0, 0, HealthState.Up)]
    [InlineData(26.1, 1, 0, 0, HealthState.Down)] // older than BackupTooOld's 26 h
    [InlineData(0, 1, 0, 0, HealthState.Down)]    // no backup at all (the schedule reports 0)
    [InlineData(1, 0, 0, 0, HealthState.Down)]    // the last run of a type failed
    [InlineData(1, 1, 120, 60, HealthState.Down)] // WAL archived 120 s ago, failed 60 s ago: failing
    [InlineData(1, 1, 60, 120, HealthState.Up)]   // a failure followed by a success: not failing
    public async Task Backup_State_IsDownOnEveryBackupAlertsCondition(double hoursOld, double lastRun, double walArchivedSecondsAgo, double walFailedSecondsAgo, HealthState expected)
    {
        Targets(FakePrometheusClient.Target("node", "up", Now.AddSeconds(-1)));
        Figures((HealthViewModel.LastBackupQuery, "x", "", hoursOld == 0 ? 0 : Unix(Now.AddHours(-hoursOld))),
            (HealthViewModel.LastWalArchivedQuery, "x", "", walArchivedSecondsAgo == 0 ? 0 : Unix(Now.AddSeconds(-walArchivedSecondsAgo))),
            (HealthViewModel.LastWalFailureQuery, "x", "", walFailedSecondsAgo == 0 ? 0 : Unix(Now.AddSeconds(-walFailedSecondsAgo))),
            (HealthViewModel.BackupRunQuery, "x", "", lastRun));

        var backup = (await Model("node").RefreshAsync()).Backup;

        Assert.NotNull(backup);
        Assert.Equal(expected, backup.State(Now));
    }
}
