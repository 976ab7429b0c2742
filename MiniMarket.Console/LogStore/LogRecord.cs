namespace MiniMarket.Console.LogStore;

/// <summary>
/// One line as the embedded store keeps it: time in Unix nanoseconds, the service (<c>service.name</c>), the level as Loki's
/// <c>detected_level</c> writes it (trace, debug, info, warn, error, fatal; null when the sender said none), the correlation id,
/// the line (the record's body) and every other attribute as Loki 3 would keep it (dots in names become underscores).
/// </summary>
public sealed record LogRecord(long UnixNanos, string Service, string? Level, string? CorrelationId, string Line, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The labels the store keeps in columns of their own, the rest go in <see cref="Labels"/>.</summary>
    public const string ServiceLabel = "service_name", LevelLabel = "detected_level", CorrelationLabel = "CorrelationId";

    /// <summary>Every label as the Logs page reads it (the same names Loki gives an OTLP line).</summary>
    public Dictionary<string, string> AllLabels()
    {
        var all = new Dictionary<string, string>(Labels.Count + 3, StringComparer.Ordinal) { [ServiceLabel] = Service };
        if (Level is not null) all[LevelLabel] = Level;
        if (CorrelationId is not null) all[CorrelationLabel] = CorrelationId;
        foreach (var (name, value) in Labels) all.TryAdd(name, value);
        return all;
    }

    /// <summary>Loki's detected_level for an OTLP severity number (1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal).</summary>
    public static string? LevelOf(int severityNumber) => severityNumber switch
    {
        >= 1 and <= 4 => "trace",
        >= 5 and <= 8 => "debug",
        >= 9 and <= 12 => "info",
        >= 13 and <= 16 => "warn",
        >= 17 and <= 20 => "error",
        >= 21 and <= 24 => "fatal",
        _ => null,
    };

    /// <summary>The level for a severity text when the number is missing: Serilog's and Microsoft's names, and the short ones.</summary>
    public static string? LevelOf(string? severityText) => severityText?.Trim().ToLowerInvariant() switch
    {
        "trace" or "verbose" => "trace",
        "debug" or "dbg" => "debug",
        "info" or "information" or "inf" or "notice" => "info",
        "warn" or "warning" or "wrn" => "warn",
        "error" or "err" or "eror" => "error",
        "fatal" or "critical" or "crit" or "ftl" or "emergency" or "alert" => "fatal",
        _ => null,
    };
}
