using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MiniMarket.Agents.Deposito;
using Npgsql;

namespace MiniMarket.Benchmarks;

/// <summary>What pgbench measured: transactions per second and its own latency figures.</summary>
public sealed record PgbenchResult(double PerSecond, double LatencyAverageMs, long Transactions, long Failed, TimeSpan Cpu, TimeSpan Elapsed)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"pgbench, deposito's single-movement statement, same clients: {Transactions} transactions in {Elapsed.TotalSeconds:0.0} s = {PerSecond:0} tx/s; " +
        $"latency average {LatencyAverageMs:0.0} ms; failed {Failed}; pgbench's own CPU {Cpu.TotalSeconds / Elapsed.TotalSeconds:0.00} cores");
}

/// <summary>
/// The database's ceiling for a stock movement on this machine: pgbench runs <see cref="StockLedger.ApplyOneSql"/> — the
/// very statement the agent sends, its @parameters turned into pgbench's — with the same number of clients, against the
/// same PostgreSQL and the same products, prepared (as Npgsql prepares). Half the transactions are entradas (+1, with a
/// price), half salidas (−1); each has an idempotency key of its own, as the benchmark's requests do.
/// </summary>
public static partial class PgbenchCeiling
{
    public static async Task<PgbenchResult> RunAsync(string connectionString, IReadOnlyList<int> productIds, int clients, int seconds, int warmup)
    {
        var pgbench = new[] { "/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench" }.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("pgbench is not installed (Debian: postgresql-15, /usr/lib/postgresql/15/bin/pgbench).");
        var directory = Directory.CreateTempSubdirectory("mm-pgbench-");
        try
        {
            // pgbench picks a product at random between the lowest and highest id: the benchmark's products must be those
            // ids and no others (they are: a fresh database), or transactions on missing products would count as done.
            var (low, high) = (productIds.Min(), productIds.Max());
            if (high - low + 1 != productIds.Distinct().Count())
                throw new InvalidOperationException($"The products' ids are not contiguous ({low}..{high} for {productIds.Count}): pgbench could pick ids that do not exist.");
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "entrada.sql"), Script("entrada", 1, "100"));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "salida.sql"), Script("salida", -1, "NULL"));
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            await RunOnceAsync(pgbench, directory.FullName, builder, (low, high), clients, warmup, "warm");
            return await RunOnceAsync(pgbench, directory.FullName, builder, (low, high), clients, seconds, "run");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The agent's statement with its parameters as pgbench variables (prepared, they are sent as parameters too).</summary>
    public static string Script(string kind, int quantity, string price)
    {
        var sql = StockLedger.ApplyOneSql;
        foreach (var (name, value) in new (string, string)[]
        {
            ("@quantity", quantity.ToString(CultureInfo.InvariantCulture) + "::int"), ("@now", "now()"), ("@user", "'bench'"), ("@product", ":product"),
            ("@kind", $"'{kind}'"), ("@reason", "'bench'"), ("@reference", "NULL"), ("@price", price), ("@agent", "'pgbench'"),
            ("@key", "'pgbench-' || :run || '-' || :client_id || '-' || :n || '#0'"), ("@hash", "md5(:n::text)"), ("@at", "now()"),
        })
        {
            sql = sql.Replace(name, value, StringComparison.Ordinal);
        }
        if (sql.Contains('@', StringComparison.Ordinal)) throw new InvalidOperationException("A parameter of StockLedger.ApplyOneSql has no pgbench value: " + sql);
        return $"""
            \set n :n + 1
            \set product random(:low, :high)
            {sql.ReplaceLineEndings(" ")};

            """;
    }

    private static async Task<PgbenchResult> RunOnceAsync(string pgbench, string directory, NpgsqlConnectionStringBuilder builder, (int Low, int High) ids, int clients, int seconds, string run)
    {
        var start = new ProcessStartInfo(pgbench)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PGPASSWORD"] = builder.Password ?? "" },
        };
        foreach (var argument in new[]
        {
            "-h", builder.Host ?? "127.0.0.1", "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username ?? "postgres",
            "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture),
            "-D", "n=0", "-D", $"run={run}-{Guid.NewGuid():N}", "-D", "low=" + ids.Low.ToString(CultureInfo.InvariantCulture), "-D", "high=" + ids.High.ToString(CultureInfo.InvariantCulture),
            "-f", Path.Combine(directory, "entrada.sql") + "@1", "-f", Path.Combine(directory, "salida.sql") + "@1",
            builder.Database ?? "postgres",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // pgbench's own CPU, sampled while it runs (an exited process' times cannot be read back here): the load
        // generator's share of the 2 cores, as for the agent's load generator.
        var cpu = TimeSpan.Zero;
        var exited = process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(seconds + 120));
        while (!exited.IsCompleted)
        {
            try { cpu = process.TotalProcessorTime; }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException) { }
            await Task.WhenAny(exited, Task.Delay(250));
        }
        await exited;
        stopwatch.Stop();
        var text = await output + await error;
        if (process.ExitCode != 0 || Tps().Match(text) is not { Success: true } tps)
            throw new InvalidOperationException($"pgbench failed (exit {process.ExitCode}):\n{text}");
        double Number(Regex regex) => regex.Match(text) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        return new PgbenchResult(double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), Number(LatencyAverage()), (long)Number(Processed()),
            Failed().Match(text) is { Success: true } failed ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0, cpu, stopwatch.Elapsed);
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyAverage();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex Processed();

    [GeneratedRegex(@"number of failed transactions: ([0-9]+)")]
    private static partial Regex Failed();
}

/// <summary>How the 2 cores were shared during a scenario: the agent's CPU and the load generator's own (this process).</summary>
public sealed class CpuShares
{
    private readonly Process _agent;
    private readonly TimeSpan _agentStart, _selfStart;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    private CpuShares(Process agent)
    {
        _agent = agent;
        _agent.Refresh();
        _agentStart = agent.TotalProcessorTime;
        _selfStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    public static CpuShares Start(Process agent) => new(agent);

    public (double AgentCores, double LoadCores, int Cores) Stop()
    {
        _agent.Refresh();
        var seconds = _wall.Elapsed.TotalSeconds;
        return ((_agent.TotalProcessorTime - _agentStart).TotalSeconds / seconds, (Process.GetCurrentProcess().TotalProcessorTime - _selfStart).TotalSeconds / seconds, Environment.ProcessorCount);
    }
}

public static class CpuSharesText
{
    public static string Describe(this (double AgentCores, double LoadCores, int Cores) shares) => string.Create(CultureInfo.InvariantCulture,
        $"  CPU meanwhile, of {shares.Cores} cores: the agent {shares.AgentCores:0.00}, the load generator (this process) {shares.LoadCores:0.00}; PostgreSQL and the rest the remainder");
}

/// <summary>
/// A process' resident memory from /proc: now (VmRSS) and its peak (VmHWM); its parts (anonymous: heaps; file: mapped
/// assemblies, shared with other .NET processes; shmem: JIT'd code, which W^X maps from a memfd); and PSS (shared pages
/// divided among the processes that map them, from smaps_rollup).
/// </summary>
public static class ProcessMemory
{
    public static string Describe(string what, int pid)
    {
        var status = File.Exists($"/proc/{pid}/status") ? File.ReadAllLines($"/proc/{pid}/status") : [];
        var rollup = File.Exists($"/proc/{pid}/smaps_rollup") ? File.ReadAllLines($"/proc/{pid}/smaps_rollup") : [];
        static string Field(string[] lines, string name) => lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
            ? (long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture) + " MiB"
            : "?";
        return $"memory of {what}: RSS {Field(status, "VmRSS")} (anon {Field(status, "RssAnon")}, file {Field(status, "RssFile")}, shmem {Field(status, "RssShmem")}), " +
               $"PSS {Field(rollup, "Pss")}, peak RSS {Field(status, "VmHWM")}";
    }
}
