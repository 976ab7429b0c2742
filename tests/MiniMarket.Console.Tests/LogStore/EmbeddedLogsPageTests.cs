using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MiniMarket.Console.Components.Pages.Logs;
using MiniMarket.Console.LogStore;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests.LogStore;

/// <summary>The Logs page on the console's own store: its source and figures, lines dropped by a flood, and LogQL written by hand.</summary>
public sealed class EmbeddedLogsPageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly TempLogStore _temp = new(new LogStoreOptions { QueueCapacity = 100 }, new FakeTimeProvider(Now.AddMinutes(-1)));

    public EmbeddedLogsPageTests()
    {
        _bunit.Services.AddSingleton<ILogSource>(new EmbeddedLogSource(_temp.Store));
        _bunit.Services.AddSingleton<TimeProvider>(_temp.Time);
        _bunit.Services.AddSingleton(Options.Create(new ObservabilityOptions { PrometheusUrl = "http://p", ExpectedJobs = ["deposito"] }));
        _bunit.Services.AddTransient<LogsViewModel>();
        _bunit.SignIn("guardia");
        _bunit.RenderProviders(interactive: false);
    }

    public async Task InitializeAsync()
    {
        // A flood while the writer is stopped: 100 queued, 150 dropped at 11:59.
        var flood = Enumerable.Range(0, 250).Select(i => new LogRecord((Now.AddMinutes(-30).AddMilliseconds(i) - DateTimeOffset.UnixEpoch).Ticks * 100,
            "deposito", i % 2 == 0 ? "error" : "info", null, $"línea {i} con json {{\"n\":{i}}}", new Dictionary<string, string>())).ToList();
        _temp.Store.Enqueue(flood);
        _temp.Time.SetUtcNow(Now);
        _temp.Start();
        Assert.True(await _temp.Store.FlushAsync(TimeSpan.FromSeconds(30)));
        _temp.Store.Maintain();
    }

    public async Task DisposeAsync()
    {
        await _bunit.DisposeAsync();
        await _temp.DisposeAsync();
    }

    private IRenderedComponent<Logs> Open(string address)
    {
        _bunit.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return _bunit.Render<Logs>();
    }

    [Fact]
    public void TheSource_ItsFigures_AndTheFloodsDrops_AreOnThePage()
    {
        var page = Open("logs");
        page.WaitForAssertion(() => Assert.Equal(100, page.FindAll("[data-testid=log-line]").Count));
        var source = page.Find("[data-testid=log-source]").TextContent;
        Assert.Contains("Fuente: el almacén de logs de la consola (100 líneas", source, StringComparison.Ordinal);
        Assert.Contains("desde 06/12/2026 08:30:00", source, StringComparison.Ordinal); // 11:30 UTC in Buenos Aires
        var drops = page.Find("[data-testid=log-drops]").TextContent;
        Assert.Contains("descartó 150 líneas por saturación", drops, StringComparison.Ordinal);
        Assert.Contains("06/12/2026 08:59:00", drops, StringComparison.Ordinal);
    }

    [Fact]
    public void HandWrittenLogQl_IsTranslated_FiltersAreSetAside()
    {
        var page = Open("logs?servicio=negocio&logql=" + Uri.EscapeDataString("{service_name=\"deposito\"} | detected_level=\"error\" |~ \"línea [0-9]*4 \""));
        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("[data-testid=log-line]").Count));
        Assert.Contains("Consulta escrita a mano: los filtros de arriba no se aplican.", page.Find("[data-testid=log-filters]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=logql-clear]"));
    }

    [Fact]
    public void LogQlTheStoreCannotTranslate_IsSaidOnThePage_NotDropped()
    {
        var page = Open("logs?logql=" + Uri.EscapeDataString("{service_name=\"deposito\"} | line_format \"{{.n}}\""));
        page.WaitForAssertion(() => Assert.Contains("line_format", page.Find("[data-testid=loki-error]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Loki (Observability:LokiUrl)", page.Find("[data-testid=loki-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=log-line]"));
    }
}
