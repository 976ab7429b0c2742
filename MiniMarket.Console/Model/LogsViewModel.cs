using MiniMarket.Console.Services;

namespace MiniMarket.Console.Model;

/// <summary>
/// The Logs page's state for one open page: the lines read so far (newest first, each once), paging backwards past
/// Loki's 5,000-line cap ("cargar anteriores") and live tail by polling. Lines with the same timestamp at a page's edge
/// are read again (Loki's end is exclusive and a page may cut a run of equal timestamps) and de-duplicated.
/// </summary>
public sealed class LogsViewModel(ILogSource loki, TimeProvider time)
{
    /// <summary>Lines per request: a screenful many times over, far under Loki's cap.</summary>
    public const int PageSize = 500;

    /// <summary>The most lines one open page keeps; past it the oldest are dropped and can be loaded again.</summary>
    public const int MaxHeld = 20_000;

    private readonly List<LogEntry> _entries = [];
    private readonly HashSet<(long Nanos, string Service, string Line)> _seen = [];

    public bool Configured => loki.Configured;

    /// <summary>Where the lines come from ("Loki", "el almacén de logs de la consola").</summary>
    public string SourceName => loki.Name;

    /// <summary>The console's own store when it is the source (its figures go on the page), else null.</summary>
    public LogStore.EmbeddedLogStore? EmbeddedStore => (loki as LogStore.EmbeddedLogSource)?.Store;

    /// <summary>True when the query is the person's own LogQL (<c>?logql=</c>) rather than the filters.</summary>
    public bool RawQuery { get; private set; }
    public IReadOnlyList<LogEntry> Entries => _entries;

    /// <summary>The same lines as a collection, for the page's virtualised list.</summary>
    public ICollection<LogEntry> View => _entries.AsReadOnly();
    public string Query { get; private set; } = "";
    public TimeRange? Range { get; private set; }

    /// <summary>Older lines may exist in the range (the last page was full).</summary>
    public bool MayHaveMore { get; private set; }

    /// <summary>Why the last read failed (Loki down, refused the query…), or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Something the reader must know about the lines shown (a gap in the live tail, lines dropped).</summary>
    public string? Notice { get; private set; }

    public DateTimeOffset? CheckedAt { get; private set; }

    /// <summary>The newest lines of the range for the filter, replacing what was shown.</summary>
    public Task LoadAsync(LogFilter filter, TimeRange range, CancellationToken cancellationToken = default)
    {
        RawQuery = false;
        return LoadQueryAsync(LogQl.Build(filter), range, cancellationToken);
    }

    /// <summary>The newest lines of the range for a LogQL query the person wrote (the source says what it cannot answer).</summary>
    public Task LoadAsync(string logQl, TimeRange range, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logQl);
        RawQuery = true;
        return LoadQueryAsync(logQl.Trim(), range, cancellationToken);
    }

    private async Task LoadQueryAsync(string query, TimeRange range, CancellationToken cancellationToken)
    {
        _entries.Clear();
        _seen.Clear();
        (Error, Notice, MayHaveMore) = (null, null, false);
        Query = query;
        Range = range;
        var page = await loki.QueryRangeAsync(Query, range.Start, range.End, PageSize, cancellationToken);
        CheckedAt = time.GetUtcNow();
        if (!page.Ok)
        {
            Error = page.Error!.Message;
            return;
        }
        Add(page.Value!.Entries, atEnd: true);
        MayHaveMore = page.Value.MayHaveMore;
        if (page.Warnings.Count > 0) Notice = string.Join(" ", page.Warnings);
    }

    /// <summary>The page before the oldest line shown: end moves to that line's time (re-reading its timestamp).</summary>
    public async Task LoadOlderAsync(CancellationToken cancellationToken = default)
    {
        if (Range is null || _entries.Count == 0 || !MayHaveMore) return;
        if (_entries.Count >= MaxHeld)
        {
            Notice = $"Ya hay {MaxHeld} líneas en pantalla: acotá el rango o la búsqueda para ver las anteriores.";
            return;
        }
        var oldest = _entries[^1];
        // One tick past the oldest line: Loki's end is exclusive, so lines sharing its timestamp come again (and are skipped).
        var end = oldest.Timestamp.AddTicks(1);
        var page = await loki.QueryRangeAsync(Query, Range.Start, end, PageSize, cancellationToken);
        CheckedAt = time.GetUtcNow();
        if (!page.Ok)
        {
            Error = page.Error!.Message;
            return;
        }
        Error = null;
        var added = Add(page.Value!.Entries, atEnd: true);
        MayHaveMore = page.Value.MayHaveMore;
        if (added == 0 && MayHaveMore)
        {
            // A whole page of lines with one timestamp: moving end cannot get past them.
            MayHaveMore = false;
            Notice = $"Hay más de {PageSize} líneas con la misma marca de tiempo ({BuenosAires.Format(oldest.Timestamp)}): acotá la búsqueda para ver las anteriores.";
        }
    }

    /// <summary>
    /// Live tail: the lines newer than the newest shown, up to now, added on top. More than a page since the last read
    /// leaves a gap, and the notice says so.
    /// </summary>
    public async Task TailAsync(CancellationToken cancellationToken = default)
    {
        if (Range is null) return;
        var now = time.GetUtcNow();
        var start = _entries.Count > 0 ? _entries[0].Timestamp : Range.Start;
        if (now <= start) return;
        var page = await loki.QueryRangeAsync(Query, start, now, PageSize, cancellationToken);
        CheckedAt = now;
        if (!page.Ok)
        {
            Error = page.Error!.Message;
            return;
        }
        Error = null;
        Range = Range with { End = now };
        Add(page.Value!.Entries, atEnd: false);
        if (page.Value.MayHaveMore)
            Notice = $"Llegaron más de {PageSize} líneas entre dos lecturas: puede faltar una parte entre las más nuevas y las anteriores.";
        DropOldest();
    }

    private int Add(IReadOnlyList<LogEntry> newestFirst, bool atEnd)
    {
        var fresh = newestFirst.Where(e => _seen.Add((e.UnixNanos, e.Service, e.Line))).ToList();
        if (atEnd) _entries.AddRange(fresh);
        else _entries.InsertRange(0, fresh);
        return fresh.Count;
    }

    /// <summary>Past <see cref="MaxHeld"/> lines the live tail drops the oldest (they can be loaded again).</summary>
    private void DropOldest()
    {
        if (_entries.Count <= MaxHeld) return;
        var extra = _entries.Count - MaxHeld;
        foreach (var e in _entries.GetRange(MaxHeld, extra)) _seen.Remove((e.UnixNanos, e.Service, e.Line));
        _entries.RemoveRange(MaxHeld, extra);
        MayHaveMore = true;
        Notice = $"Se muestran las {MaxHeld} líneas más nuevas; las anteriores se quitaron de la pantalla.";
    }
}
