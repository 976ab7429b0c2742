using MiniMarket.Agents.Ml.Forecasting;

namespace MiniMarket.Agents.Ml.Training;

/// <summary>
/// What deposito's sales history looks like from ml over a window of days: how many (product, day) rows, how many units
/// and its last day. Any sale added, removed or moved into the window changes it.
/// </summary>
public readonly record struct SalesFingerprint(int Rows, long Units, DateOnly? LastDay)
{
    public bool IsEmpty => Rows == 0;

    public static SalesFingerprint Of(IReadOnlyList<DailySales> sales) =>
        new(sales.Count, sales.Sum(s => (long)s.Units), sales.Count == 0 ? null : sales.Max(s => s.Day));
}

/// <summary>
/// Waits, before a scheduled training, until the sales history it will read has stopped changing: a history being loaded
/// (a migration, a branch sending its backlog, run.sh's demo writing 90 days) would give a model trained on part of it.
/// The history is read every <c>quietPeriod</c>; two equal, non-empty readings in a row mean it is quiet. Past days do not
/// change in a working store (today's sales are not in the window), so there this costs one quiet period. The wait is
/// bounded: after <c>maxWait</c> the training goes ahead anyway and says so (its holdout will not claim an accuracy it did
/// not measure). A reading that fails (deposito down) counts as a change.
/// </summary>
public static partial class HistoryQuiet
{
    /// <returns>True when the history was quiet, false when the wait gave up.</returns>
    public static async Task<bool> WaitAsync(Func<CancellationToken, Task<SalesFingerprint?>> read, TimeSpan quietPeriod, TimeSpan maxWait,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var previous = await read(cancellationToken);
        var waited = false;
        while (true)
        {
            await Task.Delay(quietPeriod, time, cancellationToken);
            var current = await read(cancellationToken);
            if (current is { IsEmpty: false } quiet && current == previous)
            {
                if (waited) LogQuiet(logger, quiet.Rows, started);
                return true;
            }

            if (time.GetUtcNow() - started >= maxWait)
            {
                LogGaveUp(logger, maxWait.TotalSeconds, current?.Rows);
                return false;
            }

            LogWaiting(logger, previous?.Rows, current?.Rows, quietPeriod.TotalSeconds);
            waited = true;
            previous = current;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Entrenamiento programado en espera: la historia de ventas de deposito cambia ({RowsBefore} -> {RowsNow} filas) o está vacía; se vuelve a mirar en {QuietSeconds} s")]
    private static partial void LogWaiting(ILogger logger, int? rowsBefore, int? rowsNow, double quietSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "La historia de ventas dejó de cambiar ({Rows} filas; se esperaba desde {WaitingSince:O}): se entrena")]
    private static partial void LogQuiet(ILogger logger, int rows, DateTimeOffset waitingSince);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "La historia de ventas siguió cambiando durante {MaxWaitSeconds} s ({Rows} filas): se entrena igual con lo que hay")]
    private static partial void LogGaveUp(ILogger logger, double maxWaitSeconds, int? rows);
}
