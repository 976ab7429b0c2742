using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MiniMarket.Console.LogStore;

namespace MiniMarket.Console.Tests.LogStore;

/// <summary>A store in a directory of its own, its writer running; disposed with the directory.</summary>
public sealed class TempLogStore : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _writer = Task.CompletedTask;

    public TempLogStore(LogStoreOptions? options = null, FakeTimeProvider? time = null, string? directory = null)
    {
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "mm-logstore-test-" + Guid.NewGuid().ToString("N"));
        Options = options ?? new LogStoreOptions();
        Options.Path = Path.Combine(Directory, "logs.db");
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        Store = new EmbeddedLogStore(Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<EmbeddedLogStore>.Instance);
    }

    public string Directory { get; }
    public LogStoreOptions Options { get; }
    public FakeTimeProvider Time { get; }
    public EmbeddedLogStore Store { get; }

    public TempLogStore Start()
    {
        _writer = Task.Run(() => Store.RunAsync(_stop.Token));
        return this;
    }

    /// <summary>Lines of <paramref name="service"/>, one per millisecond from <paramref name="from"/>, written before it returns.</summary>
    public async Task AddAsync(string service, DateTimeOffset from, int count, Func<int, string>? line = null, string? level = "info", string? cid = null, string? store = null)
    {
        var records = Enumerable.Range(0, count).Select(i =>
        {
            var labels = new Dictionary<string, string> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (store is not null) labels["store"] = store;
            return new LogRecord((from.AddMilliseconds(i) - DateTimeOffset.UnixEpoch).Ticks * 100, service, level, cid, line?.Invoke(i) ?? $"{service} línea {i}", labels);
        }).ToList();
        for (var i = 0; i < records.Count; i += 5000)
        {
            var chunk = records.Skip(i).Take(5000).ToList();
            Assert.Equal(chunk.Count, Store.Enqueue(chunk));
            Assert.True(await Store.FlushAsync(TimeSpan.FromSeconds(30)), "the writer did not write within 30 s");
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _writer;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the machine's temp cleaning.
        }
    }
}

public class EmbeddedLogStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 11, 0, 0, TimeSpan.Zero);

    private static long Nanos(DateTimeOffset t) => (t - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static IReadOnlyList<LogRecord> Query(EmbeddedLogStore store, string logQl, DateTimeOffset start, DateTimeOffset end, int limit = 5000) =>
        store.Query(LogQuery.Parse(logQl), Nanos(start), Nanos(end), limit, CancellationToken.None).Records;

    [Fact]
    public async Task Lines_AreNewestFirst_InTheHalfOpenRange_WithTheirLabels()
    {
        await using var temp = new TempLogStore().Start();
        await temp.AddAsync("deposito", T0, 10);
        var lines = Query(temp.Store, "{service_name=\"deposito\"}", T0.AddMilliseconds(2), T0.AddMilliseconds(7));
        Assert.Equal(["deposito línea 6", "deposito línea 5", "deposito línea 4", "deposito línea 3", "deposito línea 2"], lines.Select(l => l.Line));
        Assert.Equal("6", lines[0].Labels["n"]);
        Assert.Equal("info", lines[0].AllLabels()["detected_level"]);
    }

    [Fact]
    public async Task SeveralServices_AreMergedNewestFirst_AcrossTheirOwnReads()
    {
        await using var temp = new TempLogStore().Start();
        // deposito at 0…4 ms; negocio at 1 and 3 ms, written after (equal times: the later written comes first, as in one read).
        await temp.AddAsync("deposito", T0, 5, i => $"d{i}");
        await temp.AddAsync("negocio", T0.AddMilliseconds(1), 1, _ => "n1");
        await temp.AddAsync("negocio", T0.AddMilliseconds(3), 1, _ => "n3");
        await temp.AddAsync("ml", T0.AddMilliseconds(9), 1, _ => "m9");
        var both = Query(temp.Store, "{service_name=~\"deposito|negocio\"}", T0, T0.AddMinutes(1));
        Assert.Equal(["d4", "n3", "d3", "d2", "n1", "d1", "d0"], both.Select(l => l.Line));
        Assert.Equal("m9", Query(temp.Store, "{service_name=~\"deposito|negocio|ml\"}", T0, T0.AddMinutes(1), 1).Single().Line);
    }

    [Fact]
    public async Task Lines_SurviveARestartOfTheConsole()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mm-logstore-test-" + Guid.NewGuid().ToString("N"));
        await using (var first = new TempLogStore(directory: directory).Start())
        {
            await first.AddAsync("ml", T0, 100, cid: "cid-7");
            await first.StopAsync();
            first.Store.Dispose();
            SqliteConnection.ClearAllPools();
            await using var second = new TempLogStore(directory: directory).Start();
            var lines = Query(second.Store, "{service_name=\"ml\"} | CorrelationId=\"cid-7\"", T0, T0.AddMinutes(1));
            Assert.Equal(100, lines.Count);
            Assert.Equal(100, second.Store.Status.Lines);
            Assert.Equal(Nanos(T0), second.Store.Status.OldestUnixNanos);
        }
    }

    [Fact]
    public async Task Limit_CutsTheNewest_AndSaysThereMayBeMore()
    {
        await using var temp = new TempLogStore().Start();
        await temp.AddAsync("negocio", T0, 50);
        var result = temp.Store.Query(LogQuery.Parse("{service_name=\"negocio\"}"), Nanos(T0), Nanos(T0.AddMinutes(1)), 20, CancellationToken.None);
        Assert.Equal(20, result.Records.Count);
        Assert.True(result.ReachedLimit);
        Assert.Equal("negocio línea 49", result.Records[0].Line);
    }

    [Fact]
    public async Task Age_OldLinesAreDeletedAndCounted()
    {
        await using var temp = new TempLogStore(new LogStoreOptions { MaxAge = TimeSpan.FromHours(1) }).Start();
        await temp.AddAsync("deposito", temp.Time.GetUtcNow().AddHours(-2), 30);
        await temp.AddAsync("deposito", temp.Time.GetUtcNow().AddMinutes(-10), 20);
        temp.Store.Maintain();
        var status = temp.Store.Status;
        Assert.Equal((30L, 20L), (status.DeletedAge, status.Lines));
        Assert.Equal(20, Query(temp.Store, "{service_name=~\".+\"}", T0.AddHours(-3), temp.Time.GetUtcNow()).Count);
    }

    [Fact]
    public async Task Bytes_PastTheLimit_TheOldestGoFirst_AndTheFileShrinks()
    {
        await using var temp = new TempLogStore(new LogStoreOptions { MaxBytes = 2 * 1024 * 1024 }).Start();
        var padding = new string('x', 400);
        await temp.AddAsync("ml", T0, 20_000, i => $"{i:D6} {padding}");
        var before = new FileInfo(temp.Store.FilePath).Length;
        temp.Store.Maintain();
        var status = temp.Store.Status;
        Assert.True(status.Bytes <= 2 * 1024 * 1024, $"{status.Bytes} bytes after maintenance");
        Assert.True(status.DeletedSize > 0);
        Assert.True(new FileInfo(temp.Store.FilePath).Length < before, "the file did not shrink");
        var left = Query(temp.Store, "{service_name=\"ml\"}", T0, T0.AddMinutes(1), 5000);
        Assert.StartsWith("019999 ", left[0].Line, StringComparison.Ordinal); // the newest are kept
        Assert.Equal(20_000 - status.DeletedSize, status.Lines);
    }

    [Fact]
    public async Task Flood_PastTheQueue_IsDroppedAndCounted_NeverBlocks()
    {
        await using var temp = new TempLogStore(new LogStoreOptions { QueueCapacity = 1000 });
        // Writer not started: the queue fills.
        var records = Enumerable.Range(0, 2500).Select(i => new LogRecord(Nanos(T0) + i, "flood", "info", null, "x", new Dictionary<string, string>())).ToList();
        var accepted = temp.Store.Enqueue(records);
        Assert.Equal(1000, accepted);
        Assert.Equal(1500, temp.Store.Status.DroppedOverload);
        Assert.Equal(temp.Time.GetUtcNow(), temp.Store.Status.LastDropAt);
        temp.Start();
        Assert.True(await temp.Store.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1000, Query(temp.Store, "{service_name=\"flood\"}", T0, T0.AddMinutes(1)).Count);
    }

    [Fact]
    public async Task CorruptFile_IsMovedAside_AndANewStoreStarts()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mm-logstore-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "logs.db"), "esto no es una base SQLite, es texto suelto " + new string('z', 5000));
        await using var temp = new TempLogStore(directory: directory).Start();
        await temp.AddAsync("console", T0, 3);
        Assert.Equal(3, Query(temp.Store, "{service_name=\"console\"}", T0, T0.AddMinutes(1)).Count);
        Assert.Single(Directory.GetFiles(directory, "logs.db.corrupt-*"));
    }

    [Fact]
    public async Task LabelValues_ServicesInTheWindow_AndLevels()
    {
        await using var temp = new TempLogStore().Start();
        await temp.AddAsync("deposito", T0, 5, level: "error");
        await temp.AddAsync("negocio", T0.AddHours(2), 5);
        Assert.Equal(["deposito"], temp.Store.LabelValues("service_name", Nanos(T0), Nanos(T0.AddHours(1))));
        Assert.Equal(["deposito", "negocio"], temp.Store.LabelValues("service_name", Nanos(T0), Nanos(T0.AddHours(3))));
        Assert.Equal(["error", "info"], temp.Store.LabelValues("detected_level", Nanos(T0), Nanos(T0.AddHours(3))));
        Assert.Equal(["0", "1", "2", "3", "4"], temp.Store.LabelValues("n", Nanos(T0), Nanos(T0.AddHours(1))));
    }

    [Fact]
    public async Task TextSearch_NarrowedBySql_StillExactForAccentsAndCase()
    {
        await using var temp = new TempLogStore().Start();
        await temp.AddAsync("deposito", T0, 4, i => i switch { 0 => "Árbol caído", 1 => "árbol en pie", 2 => "ARBOL sin tilde", _ => "otra cosa 100%_x" });
        Assert.Equal(2, Query(temp.Store, "{service_name=~\".+\"} |~ \"(?i)árbol\"", T0, T0.AddMinutes(1)).Count);
        Assert.Single(Query(temp.Store, "{service_name=~\".+\"} |~ \"(?i)arbol\"", T0, T0.AddMinutes(1)));
        Assert.Single(Query(temp.Store, "{service_name=~\".+\"} |~ \"(?i)100%_X\"", T0, T0.AddMinutes(1)));
        Assert.Empty(Query(temp.Store, "{service_name=~\".+\"} |~ \"(?i)100%%\"", T0, T0.AddMinutes(1)));
        Assert.Single(Query(temp.Store, "{service_name=~\".+\"} |= \"Árbol\"", T0, T0.AddMinutes(1)));
    }
}
