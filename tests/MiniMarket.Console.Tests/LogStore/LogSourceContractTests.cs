using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.Extensions.Time.Testing;
using MiniMarket.Console.LogStore;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests.LogStore;

/// <summary>
/// What the Logs page, the alert's Logs link and Inicio's freshness check need from a log source, run against both sources:
/// the console's embedded store, and Loki through <see cref="LokiClient"/> answering in Loki 3's documented JSON (stream labels,
/// structured metadata in categorize-labels form). There is no Loki on this machine: the fake Loki computes its answers with
/// the embedded store's LogQL engine, so for Loki these tests check the client's wire handling, and for the store, the engine.
/// </summary>
public abstract class LogSourceContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 12, 6, 11, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = T0.AddHours(1);

    protected TempLogStore Temp { get; } = new TempLogStore().Start();

    protected abstract ILogSource Source { get; }

    public async Task InitializeAsync()
    {
        await Temp.AddAsync("deposito", T0, 1200, i => i % 100 == 0 ? $"Stock negativo rechazado ({i})" : $"GET /api/v1/products/{i} 200",
            level: "info", cid: null);
        await Temp.AddAsync("negocio", T0.AddMinutes(1), 30, i => $"Factura {i} confirmada", level: "info", cid: "pedido-42", store: "palermo");
        await Temp.AddAsync("ml", T0.AddMinutes(2), 10, i => $"Pronóstico {i} falló: deposito no responde", level: "error", cid: "pedido-42", store: "quilmes");
    }

    public async Task DisposeAsync() => await Temp.DisposeAsync();

    [Fact]
    public async Task EveryService_NewestFirst_WithServiceLevelAndCorrelation()
    {
        var page = await Source.QueryRangeAsync(LogQl.Build(new LogFilter([], null, null, null)), T0, End, 5);
        Assert.True(page.Ok, page.Error?.Message);
        var first = page.Value!.Entries[0];
        Assert.Equal(("ml", "error", "pedido-42", "Pronóstico 9 falló: deposito no responde"), (first.Service, first.Level, first.CorrelationId, first.Line));
        Assert.Equal(T0.AddMinutes(2).AddMilliseconds(9), first.Timestamp);
        Assert.True(page.Value.MayHaveMore);
        Assert.Equal(page.Value.Entries.OrderByDescending(e => e.UnixNanos).Select(e => e.UnixNanos), page.Value.Entries.Select(e => e.UnixNanos));
    }

    [Fact]
    public async Task Filters_ServiceLevelTextAndCorrelationId()
    {
        var errors = await Source.QueryRangeAsync(LogQl.Build(new LogFilter(["ml", "negocio"], "error", null, null)), T0, End, 100);
        Assert.Equal(10, errors.Value!.Entries.Count);
        var text = await Source.QueryRangeAsync(LogQl.Build(new LogFilter(["deposito"], null, "stock NEGATIVO", null)), T0, End, 100);
        Assert.Equal(12, text.Value!.Entries.Count);
        var request = await Source.QueryRangeAsync(LogQl.Build(new LogFilter([], null, null, "pedido-42")), T0, End, 100);
        Assert.Equal(40, request.Value!.Entries.Count);
        Assert.Equal(["ml", "negocio"], request.Value.Entries.Select(e => e.Service).Distinct().Order());
    }

    /// <summary>A chain's logs: the store label (every service's Store:Id) narrows them to one store.</summary>
    [Fact]
    public async Task Filters_ByStore()
    {
        var quilmes = await Source.QueryRangeAsync(LogQl.Build(new LogFilter(["ml", "negocio"], null, null, null, "quilmes")), T0, End, 100);
        Assert.True(quilmes.Ok, quilmes.Error?.Message);
        Assert.Equal(10, quilmes.Value!.Entries.Count);
        Assert.All(quilmes.Value.Entries, e => Assert.Equal("ml", e.Service));
        var alert = await Source.QueryRangeAsync(LogQl.Build(LogQl.ForAlert(new Dictionary<string, string> { ["service"] = "negocio", ["store"] = "palermo" })), T0, End, 100);
        Assert.Equal(30, alert.Value!.Entries.Count);
        var other = await Source.QueryRangeAsync(LogQl.Build(LogQl.ForAlert(new Dictionary<string, string> { ["service"] = "negocio", ["store"] = "quilmes" })), T0, End, 100);
        Assert.Empty(other.Value!.Entries);
    }

    [Fact]
    public async Task AlertsLogsLink_ShowsTheServicesLinesAroundTheAlert()
    {
        var labels = new Dictionary<string, string> { ["alertname"] = "HighErrorRate", ["service"] = "ml" };
        var page = await Source.QueryRangeAsync(LogQl.Build(LogQl.ForAlert(labels)), T0.AddMinutes(2) - LogQl.AlertLookBack, End, 500);
        Assert.Equal(10, page.Value!.Entries.Count);
        Assert.All(page.Value.Entries, e => Assert.Equal("error", e.Level));
    }

    [Fact]
    public async Task Freshness_AnyLineInTheWindowOrNone()
    {
        var fresh = await Source.QueryRangeAsync(HomeViewModel.FreshnessQuery, T0.AddMinutes(1), T0.AddMinutes(11), 1);
        Assert.Single(fresh.Value!.Entries);
        var stale = await Source.QueryRangeAsync(HomeViewModel.FreshnessQuery, T0.AddMinutes(20), T0.AddMinutes(30), 1);
        Assert.Empty(stale.Value!.Entries);
        // One store's freshness: its lines only.
        Assert.Single((await Source.QueryRangeAsync(HomeViewModel.FreshnessQueryFor("palermo"), T0, End, 1)).Value!.Entries);
        Assert.Empty((await Source.QueryRangeAsync(HomeViewModel.FreshnessQueryFor("tigre"), T0, End, 1)).Value!.Entries);
    }

    [Fact]
    public async Task Paging_PastThePageSize_ReadsEveryLineOnce()
    {
        var model = new LogsViewModel(Source, new FakeTimeProvider(End));
        await model.LoadAsync(new LogFilter(["deposito"], null, null, null), new TimeRange(null, T0, End));
        for (var i = 0; i < 10 && model.MayHaveMore; i++) await model.LoadOlderAsync();
        Assert.Null(model.Error);
        Assert.Equal(1200, model.Entries.Count);
        Assert.Equal(1200, model.Entries.Select(e => e.Line).Distinct().Count());
    }

    [Fact]
    public async Task LiveTail_BringsTheLinesWrittenSinceTheLastRead()
    {
        var time = new FakeTimeProvider(T0.AddMinutes(3));
        var model = new LogsViewModel(Source, time);
        await model.LoadAsync(new LogFilter(["ml"], null, null, null), new TimeRange(null, T0, T0.AddMinutes(3)));
        Assert.Equal(10, model.Entries.Count);
        await Temp.AddAsync("ml", T0.AddMinutes(4), 3, i => $"nueva {i}", level: "warn");
        time.SetUtcNow(T0.AddMinutes(5));
        await model.TailAsync();
        Assert.Null(model.Error);
        Assert.Equal(["nueva 2", "nueva 1", "nueva 0"], model.Entries.Take(3).Select(e => e.Line));
        Assert.Equal(13, model.Entries.Count);
    }

    [Fact]
    public async Task LabelValues_TheServicesThatLogged()
    {
        var services = await Source.LabelValuesAsync("service_name", T0, End);
        Assert.Equal(["deposito", "ml", "negocio"], services.Value);
    }

    [Fact]
    public async Task NotALogQuery_IsAnErrorNotAnException()
    {
        var page = await Source.QueryRangeAsync("rate({service_name=\"ml\"}[5m])", T0, End, 10);
        Assert.False(page.Ok);
        Assert.Equal(SourceErrorKind.ApiError, page.Error!.Kind);
    }
}

public sealed class EmbeddedLogSourceContractTests : LogSourceContractTests
{
    protected override ILogSource Source => new EmbeddedLogSource(Temp.Store);

    [Fact]
    public void Name_SaysItIsTheConsolesStore() => Assert.Equal("el almacén de logs de la consola", Source.Name);
}

public sealed class LokiLogSourceContractTests : LogSourceContractTests
{
    private readonly StubHandler _loki;

    public LokiLogSourceContractTests() => _loki = new StubHandler(Answer);

    protected override ILogSource Source => new LokiClient(new HttpClient(_loki) { BaseAddress = new Uri("http://loki.test/") });

    /// <summary>Loki 3's answer to the request, in its documented JSON.</summary>
    private HttpResponseMessage Answer(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var query = HttpUtility.ParseQueryString(uri.Query);
        var start = long.Parse(query["start"]!, CultureInfo.InvariantCulture);
        var end = long.Parse(query["end"]!, CultureInfo.InvariantCulture);
        if (uri.AbsolutePath.StartsWith("/loki/api/v1/label/", StringComparison.Ordinal))
        {
            var label = Uri.UnescapeDataString(uri.AbsolutePath.Split('/')[5]);
            return Json(new { status = "success", data = Temp.Store.LabelValues(label, start, end) });
        }
        Assert.Equal("/loki/api/v1/query_range", uri.AbsolutePath);
        Assert.Equal("backward", query["direction"]);
        LogQuery logQl;
        try
        {
            logQl = LogQuery.Parse(query["query"]!);
        }
        catch (LogQlException ex)
        {
            // Loki refuses a metric query on this endpoint's log path with 400 and plain text.
            return new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("parse error : " + ex.Message) };
        }
        var found = Temp.Store.Query(logQl, start, end, int.Parse(query["limit"]!, CultureInfo.InvariantCulture), CancellationToken.None).Records;
        // One stream per service (the index label); the rest is structured metadata, as Loki 3 keeps OTLP attributes.
        var streams = found.GroupBy(r => r.Service).Select(g => new
        {
            stream = new Dictionary<string, string> { ["service_name"] = g.Key, ["service_namespace"] = "minimarket" },
            values = g.Select(r => new object[]
            {
                r.UnixNanos.ToString(CultureInfo.InvariantCulture),
                r.Line,
                new { structuredMetadata = Metadata(r), parsed = new Dictionary<string, string>() },
            }).ToList(),
        }).ToList();
        return Json(new { status = "success", data = new { resultType = "streams", result = streams, stats = new { } } });
    }

    private static Dictionary<string, string> Metadata(LogRecord record)
    {
        var all = record.AllLabels();
        all.Remove("service_name");
        return all;
    }

    private static HttpResponseMessage Json(object body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };

    [Fact]
    public void Name_IsLoki() => Assert.Equal("Loki", Source.Name);
}
