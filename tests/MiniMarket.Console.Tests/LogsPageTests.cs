using Microsoft.Extensions.Time.Testing;
using System.Globalization;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Pages.Logs;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MudBlazor;
using MudBlazor.Services;

namespace MiniMarket.Console.Tests;

/// <summary>Logs: filters from the address into escaped LogQL, newest first, paging back past the cap, live tail, correlation ids, Loki missing or down.</summary>
public sealed class LogsPageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 15, 0, 0, TimeSpan.Zero);
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakeLokiClient _loki = new();
    private readonly FakeTimeProvider _time = new(Now);

    public LogsPageTests()
    {
        _bunit.Services.AddSingleton<ILogSource>(_loki);
        _bunit.Services.AddSingleton<TimeProvider>(_time);
        _bunit.Services.AddSingleton(Options.Create(new ObservabilityOptions { PrometheusUrl = "http://p", ExpectedJobs = ["deposito", "negocio", "ml"] }));
        _bunit.Services.AddTransient<LogsViewModel>();
        _bunit.SignIn("guardia");
        _bunit.RenderProviders(interactive: false);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private IRenderedComponent<Logs> Open(string address)
    {
        _bunit.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return _bunit.Render<Logs>();
    }

    private static SourceResult<LogPage> Page(bool more, params LogEntry[] newestFirst) => SourceResult<LogPage>.Success(new LogPage(newestFirst, more));

    private static List<string> Lines(IRenderedComponent<Logs> page) =>
        page.FindAll("[data-testid=log-line] span").Select(e => e.TextContent).ToList();

    [Fact]
    public void TheAddressFilters_BecomeEscapedLogQl_OverTheirRange_NewestFirst()
    {
        _loki.Answer = (_, _, _, _) => Page(false,
            FakeLokiClient.Line("deposito", Now.AddMinutes(-1), "stock actualizado", correlationId: "abc-1"),
            FakeLokiClient.Line("negocio", Now.AddMinutes(-2), "falló la llamada", "error"));

        var page = Open("logs?servicio=deposito,ne%22go&nivel=error&q=1.5%20(x)&cid=abc%221&rango=6h");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=log-line]").Count));
        var (query, start, end, limit) = _loki.Queries.Single();
        Assert.Equal("{service_name=~\"deposito|ne\\\"go\"} | detected_level=\"error\" | CorrelationId=\"abc\\\"1\" |~ \"(?i)1\\\\.5 \\\\(x\\\\)\"", query);
        Assert.Equal((Now.AddHours(-6), Now, LogsViewModel.PageSize), (start, end, limit));
        Assert.Equal(query, page.Find("[data-testid=logql]").TextContent);
        Assert.Equal(["stock actualizado", "falló la llamada"], Lines(page));
    }

    /// <summary>A chain's Loki: ?sucursal= narrows to one store's lines; something that cannot be a store id is ignored and said.</summary>
    [Theory]
    [InlineData("quilmes", "{service_name=\"ml\", store=\"quilmes\"}", null)]
    [InlineData("Quil%22mes", "{service_name=\"ml\"}", "Sucursal desconocida")]
    public void AStore_FromTheAddress_NarrowsTheLines(string store, string logQl, string? warning)
    {
        var page = Open($"logs?servicio=ml&sucursal={store}");

        page.WaitForAssertion(() => Assert.Single(_loki.Queries));
        Assert.Equal(logQl, _loki.Queries.Single().Query);
        if (warning is null) Assert.Contains("Sucursal: quilmes", page.Find("[data-testid=store-filter]").TextContent, StringComparison.Ordinal);
        else Assert.Contains(warning, page.Find("[data-testid=range-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOlder_MovesTheEndToTheOldestLine_AndShowsEachLineOnce()
    {
        var t = Now.AddMinutes(-10);
        _loki.Answer = (_, _, end, _) => end == Now
            ? Page(true, FakeLokiClient.Line("deposito", Now.AddMinutes(-1), "nueva"), FakeLokiClient.Line("deposito", t, "borde A", nanos: 7))
            // The next page repeats the line at the edge (same timestamp) and brings one more with it and an older one.
            : Page(false, FakeLokiClient.Line("deposito", t, "borde A", nanos: 7), FakeLokiClient.Line("deposito", t, "borde B", nanos: 7),
                FakeLokiClient.Line("deposito", t.AddMinutes(-5), "vieja"));

        var page = Open("logs");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=log-line]").Count));
        page.Find("[data-testid=load-older] ").Click();

        page.WaitForAssertion(() => Assert.Equal(["nueva", "borde A", "borde B", "vieja"], Lines(page)));
        var older = _loki.Queries.Last();
        Assert.Equal(t.AddTicks(1), older.End); // Loki's end is exclusive: one tick past the edge
        Assert.Equal(Now.AddHours(-1), older.Start);
        Assert.Empty(page.FindAll("[data-testid=load-older]")); // that was the last page
    }

    [Fact]
    public void LoadOlder_AWholePageOnOneTimestamp_StopsAndSaysWhy()
    {
        var t = Now.AddMinutes(-10);
        _loki.Answer = (_, _, _, _) => Page(true, FakeLokiClient.Line("deposito", t, "igual"));

        var page = Open("logs");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=log-line]")));
        page.Find("[data-testid=load-older]").Click();

        page.WaitForAssertion(() => Assert.Contains("misma marca de tiempo", page.Find("[data-testid=logs-notice]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=load-older]"));
    }

    [Fact]
    public async Task LiveTail_AddsNewLinesOnTop_AndPauseFreezesTheScreen()
    {
        var model = new LogsViewModel(_loki, _time);
        _loki.Answer = (_, start, _, _) => start == Now.AddHours(-1)
            ? Page(false, FakeLokiClient.Line("ml", Now.AddSeconds(-5), "primera"))
            : Page(false, FakeLokiClient.Line("ml", Now.AddSeconds(1), "segunda"), FakeLokiClient.Line("ml", Now.AddSeconds(-5), "primera"));
        await model.LoadAsync(new LogFilter([], null, null, null), TimeRange.Last("1h", Now));

        _time.SetUtcNow(Now.AddSeconds(2));
        await model.TailAsync();

        Assert.Equal(["segunda", "primera"], model.Entries.Select(e => e.Line));
        var tail = _loki.Queries.Last();
        Assert.Equal((Now.AddSeconds(-5), Now.AddSeconds(2)), (tail.Start, tail.End)); // from the newest line shown
        Assert.Equal(Now.AddSeconds(2), model.Range!.End);
    }

    [Fact]
    public void LiveSwitch_PollsLoki_AndPauseStopsPolling()
    {
        var page = Open("logs?rango=1h");
        page.WaitForAssertion(() => Assert.Single(_loki.Queries));
        page.FindComponent<MudSwitch<bool>>().Find("input").Change(true);

        // Bounded waits, generous for a busy machine (the whole suite runs at once on two cores).
        page.WaitForAssertion(() => Assert.True(_loki.Queries.Count >= 2), TimeSpan.FromSeconds(30));
        page.WaitForElement("[data-testid=pause]", TimeSpan.FromSeconds(10)).Click();
        var frozen = _loki.Queries.Count;
        Thread.Sleep(Logs.TailInterval * 2);
        Assert.InRange(_loki.Queries.Count, frozen, frozen + 1); // at most one poll already in flight
    }

    [Fact]
    public void ACorrelationId_LinksToThatRequestAcrossEveryService()
    {
        _loki.Answer = (_, _, _, _) => Page(false, FakeLokiClient.Line("negocio", Now.AddMinutes(-1), "POST /api/v1/orders", correlationId: "req 7"));

        var page = Open("logs?servicio=negocio&q=orders");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=cid-link]")));
        var href = page.Find("[data-testid=cid-link]").GetAttribute("href")!;
        Assert.StartsWith("logs?cid=req%207&desde=", href, StringComparison.Ordinal);
        Assert.DoesNotContain("servicio", href, StringComparison.Ordinal);
        Assert.DoesNotContain("q=", href, StringComparison.Ordinal);
    }

    [Fact]
    public void LokiNotConfigured_SaysSo_AndQueriesNothing()
    {
        _loki.Configured = false;

        var page = Open("logs");

        Assert.Contains("No hay fuente de logs", page.Find("[data-testid=loki-unconfigured]").TextContent, StringComparison.Ordinal);
        Assert.Empty(_loki.Queries);
    }

    [Fact]
    public void LokiDown_ShowsItsReason_NotAnEmptyList()
    {
        _loki.Answer = (_, _, _, _) => SourceResult<LogPage>.Failure(new SourceError(SourceErrorKind.ApiError, "Loki respondió HTTP 429: too many outstanding requests", HttpStatus: 429));

        var page = Open("logs");

        page.WaitForAssertion(() => Assert.Contains("HTTP 429", page.Find("[data-testid=loki-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=no-lines]"));
    }

    [Fact]
    public void ABadLevelOrRange_IsReported_AndTheDefaultsUsed()
    {
        var page = Open("logs?nivel=verbose&rango=5y");

        page.WaitForAssertion(() => Assert.Contains("Rango desconocido", page.Find("[data-testid=range-error]").TextContent, StringComparison.Ordinal));
        var (query, start, end, _) = _loki.Queries.Single();
        Assert.DoesNotContain("detected_level", query, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), end - start);
    }
}
