using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Pages;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MudBlazor;
using MudBlazor.Services;

namespace MiniMarket.Console.Tests;

/// <summary>Holds the bUnit context and disposes it asynchronously (MudBlazor's services are async-disposable only).</summary>
public sealed class HealthPageTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakePrometheusClient _prometheus = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    public HealthPageTests()
    {
        _bunit.Services.AddSingleton<IPrometheusClient>(_prometheus);
        _bunit.Services.AddSingleton(TimeProvider.System);
        _bunit.Services.AddSingleton(Options.Create(new ObservabilityOptions
        {
            PrometheusUrl = "http://p",
            ExpectedJobs = ["deposito", "negocio", "ml"],
            RefreshInterval = TimeSpan.FromSeconds(1),
        }));
        _bunit.Services.AddTransient<HealthViewModel>();
        _bunit.Services.AddSingleton<SloCatalog>();
        _bunit.Services.AddTransient<SloViewModel>();
        _bunit.RenderProviders(interactive: false);
    }

    private void Targets(params ScrapeTarget[] targets) => _prometheus.Targets = SourceResult<IReadOnlyList<ScrapeTarget>>.Success(targets);

    private static string StateOf(IRenderedComponent<Health> page, string service) =>
        page.Find($"td[data-service='{service}'] [data-state]").GetAttribute("data-state")!;

    [Fact]
    public void Render_AllAgentsUp_ShowsEachAsArribaWithSummary()
    {
        var now = DateTimeOffset.UtcNow;
        Targets(FakePrometheusClient.Target("deposito", "up", now), FakePrometheusClient.Target("negocio", "up", now), FakePrometheusClient.Target("ml", "up", now));

        var page = _bunit.Render<Health>();

        page.WaitForAssertion(() => Assert.Equal("up", StateOf(page, "deposito")));
        Assert.Equal("up", StateOf(page, "negocio"));
        Assert.Equal("up", StateOf(page, "ml"));
        Assert.Contains("3 arriba · 0 caídos · 0 desconocidos", page.Find("[data-testid=summary]").TextContent, StringComparison.Ordinal);
        Assert.Contains("arriba", page.Find("td[data-service='ml']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=unknown-reason]"));
    }

    [Fact]
    public void Render_PrometheusUnreachable_ShowsSinVisibilidadWithReasonAndUnknownRows()
    {
        _prometheus.Targets = SourceResult<IReadOnlyList<ScrapeTarget>>.Failure(
            new SourceError(SourceErrorKind.Unreachable, "no se pudo conectar con Prometheus (Connection refused)"));

        var page = _bunit.Render<Health>();

        page.WaitForAssertion(() => Assert.Contains("Connection refused", page.Find("[data-testid=unknown-reason]").TextContent, StringComparison.Ordinal));
        Assert.Equal("unknown", StateOf(page, "deposito"));
        Assert.Contains("desconocido", page.Find("td[data-service='deposito']").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("arriba</", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TargetGoesDown_LiveRefreshShowsItWithoutReload()
    {
        var now = DateTimeOffset.UtcNow;
        Targets(FakePrometheusClient.Target("deposito", "up", now), FakePrometheusClient.Target("negocio", "up", now), FakePrometheusClient.Target("ml", "up", now));
        var page = _bunit.Render<Health>();
        page.WaitForAssertion(() => Assert.Equal("up", StateOf(page, "negocio")));

        Targets(FakePrometheusClient.Target("deposito", "up", now), FakePrometheusClient.Target("negocio", "down", now, "connection refused"), FakePrometheusClient.Target("ml", "up", now));

        page.WaitForAssertion(() => Assert.Equal("down", StateOf(page, "negocio")), TimeSpan.FromSeconds(10));
        Assert.Contains("connection refused", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Backups_ShowsTheLastBackupsAgeAndAFailingWalArchive_OrNoData()
    {
        var now = DateTimeOffset.UtcNow;
        Targets(FakePrometheusClient.Target("deposito", "up", now));
        var page = _bunit.Render<Health>();
        page.WaitForAssertion(() => Assert.Contains("minimarket_backup_", page.Find("[data-testid=backup-nodata]").TextContent, StringComparison.Ordinal));

        double Answer(string query) => query switch
        {
            _ when query == HealthViewModel.LastBackupQuery => now.AddHours(-3).ToUnixTimeSeconds(),
            _ when query == HealthViewModel.LastWalArchivedQuery => now.AddMinutes(-20).ToUnixTimeSeconds(),
            _ when query == HealthViewModel.LastWalFailureQuery => now.AddMinutes(-2).ToUnixTimeSeconds(),
            _ => 1,
        };
        _prometheus.QueryAnswer = query => SourceResult<IReadOnlyList<PromSample>>.Success(
            HealthViewModel.BackupQueries.Contains(query) ? [new PromSample(new Dictionary<string, string>(), now, Answer(query))] : []);

        page.WaitForAssertion(() => Assert.Contains("Último backup: hace 3 h", page.Find("[data-testid=backup-age]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Contains("WAL archivado: hace 20 min", page.Find("[data-testid=wal-age]").TextContent, StringComparison.Ordinal);
        Assert.Contains("El archivado de WAL falla", page.Find("[data-testid=backups]").TextContent, StringComparison.Ordinal);
        Assert.Equal("down", page.Find("[data-testid=backups] [data-state]").GetAttribute("data-state"));
        Assert.Contains("runbooks/guias/restaurar-backup", page.Find("[data-testid=backups]").InnerHtml, StringComparison.Ordinal);
    }
}
