using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Prometheus;

namespace MiniMarket.Console.LogStore;

/// <summary>The store's figures since the console started (and the file's, now): what the Logs page and the metrics say.</summary>
public sealed record LogStoreStatus(
    long Accepted, long Written, long DroppedOverload, long DroppedWriteErrors, long Truncated, long DeletedAge, long DeletedSize,
    long Lines, long Bytes, long? OldestUnixNanos, DateTimeOffset? LastDropAt, int Queued);

/// <summary>One query's answer: the lines newest first, and whether the scan stopped before the end of the range.</summary>
public sealed record LogQueryResult(IReadOnlyList<LogRecord> Records, bool ReachedLimit, string? Warning);

/// <summary>
/// The console's embedded log store: lines received over OTLP/HTTP go into a bounded queue (a flood drops the newest with a
/// counter and never blocks a sender or the pages), one writer puts them into a SQLite file in batches (WAL, one
/// transaction per batch), and a maintenance pass deletes lines past <see cref="LogStoreOptions.MaxAge"/> and, oldest
/// first, past <see cref="LogStoreOptions.MaxBytes"/> (the file shrinks with incremental vacuum). Queries read with
/// their own connections while the writer writes. A file that cannot be opened (corrupt) is moved aside and a new one is
/// started: logs are diagnostics, not records, and the console must come up.
/// </summary>
public sealed class EmbeddedLogStore : IDisposable
{
    /// <summary>The most lines one query examines; past it the answer says so (narrow the range or the filter).</summary>
    public const int MaxScannedLines = 2_000_000;

    /// <summary>The longest one query runs.</summary>
    public static readonly TimeSpan QueryBudget = TimeSpan.FromSeconds(15);

    private const int BatchSize = 2_000;

    private static readonly Counter LinesCounter = Metrics.CreateCounter("minimarket_logstore_lines_total",
        "Log lines the console's embedded store received over OTLP, by outcome: accepted (queued to be written) or dropped (queue full: a flood).",
        new CounterConfiguration { LabelNames = ["outcome"] });
    private static readonly Counter WrittenCounter = Metrics.CreateCounter("minimarket_logstore_written_lines_total",
        "Log lines written to the embedded store's file.");
    private static readonly Counter WriteErrorsCounter = Metrics.CreateCounter("minimarket_logstore_write_errors_total",
        "Batches the embedded store could not write (disk full, file locked); their lines are lost and counted as dropped.");
    private static readonly Counter TruncatedCounter = Metrics.CreateCounter("minimarket_logstore_truncated_lines_total",
        "Log lines longer than Observability:LogStore:MaxLineBytes, stored cut.");
    private static readonly Counter DeletedCounter = Metrics.CreateCounter("minimarket_logstore_deleted_lines_total",
        "Log lines deleted by the embedded store's retention, by reason: age (MaxAge) or size (MaxBytes).",
        new CounterConfiguration { LabelNames = ["reason"] });
    private static readonly Gauge BytesGauge = Metrics.CreateGauge("minimarket_logstore_bytes",
        "Bytes the embedded store's lines take in its file (pages in use).");
    private static readonly Gauge LinesGauge = Metrics.CreateGauge("minimarket_logstore_stored_lines",
        "Log lines in the embedded store.");
    private static readonly Gauge QueueGauge = Metrics.CreateGauge("minimarket_logstore_queue_lines",
        "Log lines received and not yet written.");
    private static readonly Gauge OldestGauge = Metrics.CreateGauge("minimarket_logstore_oldest_line_timestamp_seconds",
        "Unix time of the oldest line in the embedded store (0 when empty).");

    private readonly LogStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EmbeddedLogStore> _logger;
    private readonly Channel<LogRecord> _queue;
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _writeGate = new();
    private long _accepted, _written, _dropped, _dropWrite, _truncated, _deletedAge, _deletedSize, _lines, _bytes, _lastDropTicks;
    private long? _oldest;
    private long _refreshedTicks;
    private int _queued;

    public EmbeddedLogStore(IOptions<LogStoreOptions> options, TimeProvider time, ILogger<EmbeddedLogStore> logger, IHostEnvironment? environment = null)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        FilePath = System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(_options.Path) || environment is null
            ? _options.Path
            : System.IO.Path.Combine(environment.ContentRootPath, _options.Path));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FilePath)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        _queue = Channel.CreateBounded<LogRecord>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = OpenWriter();
        Refresh();
    }

    /// <summary>The SQLite file, absolute.</summary>
    public string FilePath { get; }

    public LogStoreStatus Status => new(
        Interlocked.Read(ref _accepted), Interlocked.Read(ref _written), Interlocked.Read(ref _dropped), Interlocked.Read(ref _dropWrite),
        Interlocked.Read(ref _truncated), Interlocked.Read(ref _deletedAge), Interlocked.Read(ref _deletedSize),
        Interlocked.Read(ref _lines), Interlocked.Read(ref _bytes), _oldest,
        Interlocked.Read(ref _lastDropTicks) is > 0 and var ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null, Volatile.Read(ref _queued));

    /// <summary>Queues a request's lines; returns how many were accepted (the rest were dropped: the queue is full).</summary>
    public int Enqueue(IReadOnlyList<LogRecord> records, int truncated = 0)
    {
        var accepted = 0;
        foreach (var record in records)
        {
            if (!_queue.Writer.TryWrite(record)) break;
            accepted++;
        }
        var dropped = records.Count - accepted;
        Interlocked.Add(ref _queued, accepted);
        Interlocked.Add(ref _accepted, accepted);
        LinesCounter.WithLabels("accepted").Inc(accepted);
        if (truncated > 0)
        {
            Interlocked.Add(ref _truncated, truncated);
            TruncatedCounter.Inc(truncated);
        }
        if (dropped > 0) Drop(dropped);
        QueueGauge.Set(Volatile.Read(ref _queued));
        return accepted;
    }

    private void Drop(int count)
    {
        Interlocked.Add(ref _dropped, count);
        Interlocked.Exchange(ref _lastDropTicks, _time.GetUtcNow().UtcTicks);
        LinesCounter.WithLabels("dropped").Inc(count);
    }

    /// <summary>
    /// The writer's loop (run by <see cref="LogStoreWriter"/>): batches of up to 2,000 lines, one transaction each, and the
    /// retention every <see cref="LogStoreOptions.MaintenanceInterval"/>. On stop it writes what is queued (bounded by the host's
    /// shutdown time).
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var batch = new List<LogRecord>(BatchSize);
        var nextMaintenance = _time.GetUtcNow();
        var reader = _queue.Reader;
        while (true)
        {
            try
            {
                var wait = nextMaintenance - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(wait);
                    try
                    {
                        await reader.WaitToReadAsync(timeout.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // Time for maintenance.
                    }
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            while (reader.TryRead(out var record))
            {
                batch.Add(record);
                if (batch.Count < BatchSize) continue;
                Write(batch);
                batch.Clear();
                // Under a flood the queue may never empty: the limits are applied on time all the same.
                if (_time.GetUtcNow() < nextMaintenance) continue;
                Maintain();
                nextMaintenance = _time.GetUtcNow() + _options.MaintenanceInterval;
            }
            if (batch.Count > 0)
            {
                Write(batch);
                batch.Clear();
            }
            if (_time.GetUtcNow() >= nextMaintenance)
            {
                Maintain();
                nextMaintenance = _time.GetUtcNow() + _options.MaintenanceInterval;
            }
        }
        // Stopping: what is already queued is written.
        while (reader.TryRead(out var record)) batch.Add(record);
        if (batch.Count > 0) Write(batch);
    }

    /// <summary>Writes and waits: what the tests and the benchmark use to know the lines are in (bounded by <paramref name="timeout"/>).</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref _queued) > 0)
        {
            if (deadline.Elapsed > timeout) return false;
            await Task.Delay(20, cancellationToken);
        }
        return true;
    }

    private void Write(List<LogRecord> batch)
    {
        lock (_writeGate)
        {
            try
            {
                using var transaction = _writer.BeginTransaction();
                using var insert = _writer.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO logs(ts, service, level, cid, line, labels) VALUES ($ts, $service, $level, $cid, $line, $labels)";
                var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
                var service = insert.Parameters.Add("$service", SqliteType.Text);
                var level = insert.Parameters.Add("$level", SqliteType.Text);
                var cid = insert.Parameters.Add("$cid", SqliteType.Text);
                var line = insert.Parameters.Add("$line", SqliteType.Text);
                var labels = insert.Parameters.Add("$labels", SqliteType.Text);
                insert.Prepare();
                var services = new Dictionary<string, (long First, long Last)>(StringComparer.Ordinal);
                foreach (var record in batch)
                {
                    ts.Value = record.UnixNanos;
                    service.Value = record.Service;
                    level.Value = (object?)record.Level ?? DBNull.Value;
                    cid.Value = (object?)record.CorrelationId ?? DBNull.Value;
                    line.Value = record.Line;
                    labels.Value = record.Labels.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(record.Labels);
                    insert.ExecuteNonQuery();
                    services[record.Service] = services.TryGetValue(record.Service, out var span)
                        ? (Math.Min(span.First, record.UnixNanos), Math.Max(span.Last, record.UnixNanos))
                        : (record.UnixNanos, record.UnixNanos);
                }
                using (var upsert = _writer.CreateCommand())
                {
                    upsert.Transaction = transaction;
                    upsert.CommandText = "INSERT INTO services(service, first_ts, last_ts) VALUES ($s, $f, $l) " +
                        "ON CONFLICT(service) DO UPDATE SET first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)";
                    var s = upsert.Parameters.Add("$s", SqliteType.Text);
                    var f = upsert.Parameters.Add("$f", SqliteType.Integer);
                    var l = upsert.Parameters.Add("$l", SqliteType.Integer);
                    foreach (var (name, (first, last)) in services)
                    {
                        (s.Value, f.Value, l.Value) = (name, first, last);
                        upsert.ExecuteNonQuery();
                    }
                }
                transaction.Commit();
                Interlocked.Add(ref _written, batch.Count);
                Interlocked.Add(ref _lines, batch.Count);
                WrittenCounter.Inc(batch.Count);
                var oldest = batch.Min(r => r.UnixNanos);
                if (_oldest is null || oldest < _oldest) _oldest = oldest;
                // The figures the page and the gauges show, at most once a second while lines pour in.
                var now = _time.GetUtcNow().UtcTicks;
                if (now - _refreshedTicks >= TimeSpan.TicksPerSecond)
                {
                    _refreshedTicks = now;
                    Refresh();
                }
            }
            catch (SqliteException ex)
            {
                // A full disk or a file taken by someone else: these lines are lost, counted, said once per batch.
                Interlocked.Add(ref _dropWrite, batch.Count);
                WriteErrorsCounter.Inc();
                Drop(batch.Count);
                _logger.LogError(ex, "The log store could not write {Count} lines to {File}: they are lost", batch.Count, FilePath);
            }
            finally
            {
                Interlocked.Add(ref _queued, -batch.Count);
                QueueGauge.Set(Volatile.Read(ref _queued));
            }
        }
    }

    /// <summary>Deletes lines past the age limit, then the oldest while the file is over the byte limit; updates the figures.</summary>
    public void Maintain()
    {
        lock (_writeGate)
        {
            try
            {
                var cutoff = Services.LogQl.Nanos(_time.GetUtcNow() - _options.MaxAge);
                var byAge = Execute("DELETE FROM logs WHERE ts < $cutoff", ("$cutoff", cutoff));
                if (byAge > 0)
                {
                    Interlocked.Add(ref _deletedAge, byAge);
                    DeletedCounter.WithLabels("age").Inc(byAge);
                    Execute("DELETE FROM services WHERE last_ts < $cutoff", ("$cutoff", cutoff));
                }
                Interlocked.Exchange(ref _lines, Scalar("SELECT count(*) FROM logs") ?? 0);
                for (var round = 0; round < 50 && UsedBytes() > _options.MaxBytes && Interlocked.Read(ref _lines) > 0; round++)
                {
                    // Down to 90 % of the limit, in proportion to the lines' average size.
                    var used = UsedBytes();
                    var lines = Interlocked.Read(ref _lines);
                    var excess = used - _options.MaxBytes * 9 / 10;
                    var count = Math.Clamp((long)Math.Ceiling(lines * (double)excess / used), 100, lines);
                    var deleted = Execute("DELETE FROM logs WHERE id IN (SELECT id FROM logs ORDER BY ts, id LIMIT $n)", ("$n", count));
                    Interlocked.Add(ref _deletedSize, deleted);
                    Interlocked.Add(ref _lines, -deleted);
                    DeletedCounter.WithLabels("size").Inc(deleted);
                    Execute("PRAGMA incremental_vacuum");
                }
                if (byAge > 0) Execute("PRAGMA incremental_vacuum");
                Execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            catch (SqliteException ex)
            {
                _logger.LogError(ex, "The log store's maintenance failed on {File}", FilePath);
            }
            Refresh();
        }
    }

    private void Refresh()
    {
        try
        {
            Interlocked.Exchange(ref _bytes, UsedBytes());
            _oldest = Scalar("SELECT min(ts) FROM logs");
            if (Interlocked.Read(ref _lines) == 0) Interlocked.Exchange(ref _lines, Scalar("SELECT count(*) FROM logs") ?? 0);
        }
        catch (SqliteException ex)
        {
            _logger.LogWarning(ex, "The log store could not read its figures from {File}", FilePath);
        }
        BytesGauge.Set(Interlocked.Read(ref _bytes));
        LinesGauge.Set(Interlocked.Read(ref _lines));
        OldestGauge.Set(_oldest is { } o ? o / 1e9 : 0);
    }

    private long UsedBytes() =>
        ((Scalar("PRAGMA page_count") ?? 0) - (Scalar("PRAGMA freelist_count") ?? 0)) * (Scalar("PRAGMA page_size") ?? 4096);

    private long? Scalar(string sql)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : null;
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// The newest <paramref name="limit"/> lines in [<paramref name="startNanos"/>, <paramref name="endNanos"/>) that match
    /// <paramref name="query"/>, newest first. The SQL narrows by time, service, level, correlation id and plain line text
    /// (indexes); everything else is evaluated line by line, at most <see cref="MaxScannedLines"/> lines or
    /// <see cref="QueryBudget"/>, after which the answer says it stopped.
    /// </summary>
    public LogQueryResult Query(LogQuery query, long startNanos, long endNanos, int limit, CancellationToken cancellationToken)
    {
        var (where, parameters, services) = Pushdown(query);
        // Several services: one ordered read per service on its (service, ts) index, merged newest first — one read with
        // "service IN (…)" would sort every line of the range before giving the first (a freshness check took 1.2 s on 1.5 M lines).
        var streams = services is { Count: > 1 }
            ? services.Select(service => Read(where + " AND service = $service", [.. parameters, ("$service", service)], startNanos, endNanos)).ToList()
            : [Read(where, parameters, startNanos, endNanos)];
        try
        {
            var found = new List<LogRecord>(Math.Min(limit, 1024));
            var clock = Stopwatch.StartNew();
            var scanned = 0;
            foreach (var (record, labelsJson) in Merge(streams))
            {
                if (++scanned > MaxScannedLines || (scanned % 4096 == 0 && clock.Elapsed > QueryBudget))
                {
                    return new LogQueryResult(found, true,
                        $"La búsqueda se detuvo tras revisar {scanned - 1:N0} líneas en {clock.Elapsed.TotalSeconds:0.#} s: acotá el rango, el servicio o el nivel para ver el resto.");
                }
                if (scanned % 4096 == 0) cancellationToken.ThrowIfCancellationRequested();
                Dictionary<string, string>? parsed = null;
                Dictionary<string, string> Labels() => parsed ??= Parse(labelsJson);
                if (!query.Matches(record, Labels)) continue;
                found.Add(record with { Labels = parsed ?? Parse(labelsJson) });
                if (found.Count >= limit) return new LogQueryResult(found, true, null);
            }
            return new LogQueryResult(found, false, null);
        }
        finally
        {
            foreach (var stream in streams) stream.Dispose();
        }
    }

    /// <summary>One ordered read (newest first) on its own connection, lazily.</summary>
    private IEnumerator<(LogRecord Record, string? Labels, long Id)> Read(string where, List<(string, object)> parameters, long startNanos, long endNanos)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ts, service, level, cid, line, labels, id FROM logs WHERE ts >= $start AND ts < $end" + where +
            " ORDER BY ts DESC, id DESC";
        command.Parameters.AddWithValue("$start", startNanos);
        command.Parameters.AddWithValue("$end", endNanos);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var record = new LogRecord(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), EmptyLabels);
            yield return (record, reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6));
        }
    }

    /// <summary>Ordered reads merged newest first (time, then insertion order).</summary>
    private static IEnumerable<(LogRecord Record, string? Labels)> Merge(List<IEnumerator<(LogRecord Record, string? Labels, long Id)>> streams)
    {
        if (streams.Count == 1)
        {
            while (streams[0].MoveNext()) yield return (streams[0].Current.Record, streams[0].Current.Labels);
            yield break;
        }
        var heads = new PriorityQueue<IEnumerator<(LogRecord Record, string? Labels, long Id)>, (long Ts, long Id)>(
            Comparer<(long Ts, long Id)>.Create((a, b) => b.CompareTo(a)));
        foreach (var stream in streams)
        {
            if (stream.MoveNext()) heads.Enqueue(stream, (stream.Current.Record.UnixNanos, stream.Current.Id));
        }
        while (heads.TryDequeue(out var stream, out _))
        {
            yield return (stream.Current.Record, stream.Current.Labels);
            if (stream.MoveNext()) heads.Enqueue(stream, (stream.Current.Record.UnixNanos, stream.Current.Id));
        }
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();

    private static Dictionary<string, string> Parse(string? json) =>
        json is null ? new Dictionary<string, string>(StringComparer.Ordinal)
        : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The SQL conditions that narrow a query (the rest is checked in <see cref="LogQuery.Matches"/>, which repeats these).</summary>
    private static (string Where, List<(string, object)> Parameters, List<string>? Services) Pushdown(LogQuery query)
    {
        var where = new System.Text.StringBuilder();
        var parameters = new List<(string, object)>();
        List<string>? services = null;
        void Equal(string column, string value)
        {
            var name = "$p" + parameters.Count;
            parameters.Add((name, value));
            where.Append(" AND ").Append(column).Append(" = ").Append(name);
        }
        foreach (var m in query.Selector)
        {
            if (m.Label == LogRecord.ServiceLabel && m.Op == "=") Equal("service", m.Value);
            else if (m.Label == LogRecord.ServiceLabel && m.Op == "=~" && services is null && Alternatives(m.Value) is { } names)
            {
                if (names.Count == 1) Equal("service", names[0]);
                else services = names.Distinct(StringComparer.Ordinal).ToList();
            }
        }
        foreach (var stage in query.Pipeline)
        {
            switch (stage)
            {
                case LogQuery.LabelFilter { Matcher: { Op: "=", Label: LogRecord.LevelLabel } m } when m.Value.Length > 0: Equal("level", m.Value); break;
                case LogQuery.LabelFilter { Matcher: { Op: "=", Label: LogRecord.CorrelationLabel } m } when m.Value.Length > 0: Equal("cid", m.Value); break;
                case LogQuery.LineFilter { Op: "|=", Values.Count: 1 } f when f.Values[0].Length > 0:
                {
                    var name = "$p" + parameters.Count;
                    parameters.Add((name, f.Values[0]));
                    where.Append(" AND instr(line, ").Append(name).Append(") > 0");
                    break;
                }
                case LogQuery.LineFilter { Op: "|~", Values.Count: 1 } f when CaseInsensitiveLiteral(f.Values[0]) is { Length: > 0 } literal && literal.All(char.IsAscii):
                {
                    // SQLite's LIKE ignores case for ASCII only: a text with other letters is left to the regex.
                    var name = "$p" + parameters.Count;
                    parameters.Add((name, "%" + literal.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%"));
                    where.Append(" AND line LIKE ").Append(name).Append(" ESCAPE '\\'");
                    break;
                }
            }
        }
        return (where.ToString(), parameters, services);
    }

    /// <summary>"a|b|c" of literal names (escaped metacharacters allowed), else null; ".+" and other patterns are not narrowed.</summary>
    private static List<string>? Alternatives(string regex)
    {
        var names = new List<string>();
        foreach (var part in regex.Split('|'))
        {
            if (Literal(part) is not { Length: > 0 } literal) return null;
            names.Add(literal);
        }
        return names;
    }

    /// <summary>The text of "(?i)literal" (what the Logs page sends for its text box), else null.</summary>
    private static string? CaseInsensitiveLiteral(string regex) => regex.StartsWith("(?i)", StringComparison.Ordinal) ? Literal(regex[4..]) : null;

    private static string? Literal(string regex)
    {
        var sb = new System.Text.StringBuilder(regex.Length);
        for (var i = 0; i < regex.Length; i++)
        {
            var c = regex[i];
            if (c == '\\')
            {
                if (i + 1 >= regex.Length || char.IsAsciiLetterOrDigit(regex[i + 1])) return null;
                sb.Append(regex[++i]);
            }
            else if (@".+*?()|[]{}^$".Contains(c, StringComparison.Ordinal)) return null;
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The values of a label in the window: services from their own table; any other label from the newest 50,000 lines.</summary>
    public IReadOnlyList<string> LabelValues(string label, long startNanos, long endNanos)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        var values = new SortedSet<string>(StringComparer.Ordinal);
        if (label is LogRecord.ServiceLabel or "service")
        {
            command.CommandText = "SELECT service FROM services WHERE last_ts >= $start AND first_ts < $end";
            command.Parameters.AddWithValue("$start", startNanos);
            command.Parameters.AddWithValue("$end", endNanos);
            using var reader = command.ExecuteReader();
            while (reader.Read()) values.Add(reader.GetString(0));
            return [.. values];
        }
        command.CommandText = "SELECT level, cid, labels FROM logs WHERE ts >= $start AND ts < $end ORDER BY ts DESC LIMIT 50000";
        command.Parameters.AddWithValue("$start", startNanos);
        command.Parameters.AddWithValue("$end", endNanos);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var value = label switch
                {
                    LogRecord.LevelLabel => reader.IsDBNull(0) ? null : reader.GetString(0),
                    LogRecord.CorrelationLabel => reader.IsDBNull(1) ? null : reader.GetString(1),
                    _ => reader.IsDBNull(2) ? null : Parse(reader.GetString(2)).GetValueOrDefault(label),
                };
                if (!string.IsNullOrEmpty(value) && values.Count < 1000) values.Add(value);
            }
        }
        return [.. values];
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString + ";Mode=ReadOnly");
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA query_only = 1;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private SqliteConnection OpenWriter()
    {
        try
        {
            return CreateSchema();
        }
        catch (SqliteException ex)
        {
            var aside = FilePath + ".corrupt-" + _time.GetUtcNow().ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
            _logger.LogError(ex, "The log store {File} could not be opened; it is moved to {Aside} and a new one is started", FilePath, aside);
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                if (File.Exists(FilePath + suffix)) File.Move(FilePath + suffix, aside + suffix, overwrite: true);
            }
            return CreateSchema();
        }
    }

    private SqliteConnection CreateSchema()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // auto_vacuum only takes effect before the first table: a new file gets it, an old one keeps what it had.
            command.CommandText = """
                PRAGMA auto_vacuum = INCREMENTAL;
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                PRAGMA busy_timeout = 5000;
                PRAGMA journal_size_limit = 67108864;
                CREATE TABLE IF NOT EXISTS logs(
                    id INTEGER PRIMARY KEY,
                    ts INTEGER NOT NULL,
                    service TEXT NOT NULL,
                    level TEXT,
                    cid TEXT,
                    line TEXT NOT NULL,
                    labels TEXT);
                CREATE INDEX IF NOT EXISTS logs_ts ON logs(ts);
                CREATE INDEX IF NOT EXISTS logs_service_ts ON logs(service, ts);
                CREATE INDEX IF NOT EXISTS logs_cid ON logs(cid) WHERE cid IS NOT NULL;
                CREATE TABLE IF NOT EXISTS services(service TEXT PRIMARY KEY, first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL);
                SELECT count(*) FROM services;
                """;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            _writer.Dispose();
        }
    }
}

/// <summary>Runs the store's writer for the life of the console.</summary>
public sealed class LogStoreWriter(EmbeddedLogStore store) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => store.RunAsync(stoppingToken), CancellationToken.None);
}
